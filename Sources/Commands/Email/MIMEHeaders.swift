/// One header field, unfolded. Thread-safe (a value).
public struct MIMEHeaderField: Equatable, Sendable {
    /// The field name as written (`Content-Type`); compare case-insensitively.
    public let name: String
    /// The unfolded value with surrounding whitespace trimmed, RFC 2047 words left encoded.
    /// Structured fields (Content-Type, Received, Date) are read from this.
    public let rawValue: String
    /// ``rawValue`` with RFC 2047 encoded words decoded: what a person would read.
    public let value: String
    /// ``name`` lower-cased, for lookups.
    let key: String

    init(name: String, rawValue: String, value: String) {
        self.name = name
        self.rawValue = rawValue
        self.value = value
        self.key = name.lowercased()
    }
}

/// A header block: the fields in their original order, looked up case-insensitively.
/// Thread-safe (a value).
public struct MIMEHeaders: Equatable, Sendable {
    public let fields: [MIMEHeaderField]

    public init(fields: [MIMEHeaderField]) {
        self.fields = fields
    }

    /// The decoded value of the first field called `name`, or nil.
    public func value(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.key == key }?.value
    }

    /// The undecoded value of the first field called `name`, or nil.
    public func rawValue(_ name: String) -> String? {
        let key = name.lowercased()
        return fields.first { $0.key == key }?.rawValue
    }

    /// Every field called `name`, top to bottom.
    public func all(_ name: String) -> [MIMEHeaderField] {
        let key = name.lowercased()
        return fields.filter { $0.key == key }
    }
}
