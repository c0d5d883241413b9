/// An id assigned by an outside system and used inside stream names and idempotency keys:
/// a RingCentral message or call id, an AI analysis id, a client request id
/// (`Idempotency-Key` header), an integration's external id.
///
/// Invariant: trimmed, 1–200 bytes of printable ASCII (no spaces, no control characters), so
/// a key built from it stays within the store's 1024-byte key limit and reads unambiguously.
/// Thread-safe (a value).
public struct SourceID: StringValue, ExpressibleByStringLiteral {
    public let rawValue: String
    public static var fieldName: String { "id" }

    public init(_ raw: String, field: String = "id") throws(DomainError) {
        let value = try Validate.nonEmpty(raw, field: field)
        guard value.utf8.count <= 200 else { throw .invalidField(field: field, reason: "longer than 200 bytes") }
        guard value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .invalidField(field: field, reason: "only printable ASCII without spaces is allowed: '\(value.prefix(60))'")
        }
        rawValue = value
    }

    /// For literals in code and tests; a literal that is not valid is a programmer error.
    public init(stringLiteral value: String) {
        do { try self.init(value) } catch { preconditionFailure("invalid SourceID literal '\(value)': \(error)") }
    }
}

/// Ids of RingCentral records (message id, call id), analyses and client requests are all
/// `SourceID`s; the aliases say which one a field holds.
public typealias RingCentralID = SourceID
public typealias AnalysisID = SourceID
public typealias RequestID = SourceID
