import Domain
import EventStore

/// A JSON value together with its path in the document (`body.to[0].phoneNumber`), so that
/// every accessor can throw an `IntakeError` naming the exact field.
///
/// Null and absent are the same to every accessor (the intake contracts give null no meaning
/// of its own). Thread-safe (a value).
struct JSONField {
    let value: IntakeJSON
    let path: String

    /// Identifiers are stream-name and idempotency-key material: bounded, no control characters.
    static let identifierLengthMax = 128
    /// Free text (an SMS body, an AI summary); the whole payload is bounded by
    /// `IntakeJSON.bytesMax` already, this keeps one field from being most of it.
    static let textLengthMax = 64 * 1024

    init(_ value: IntakeJSON, path: String) {
        self.value = value
        self.path = path
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: Structure

    func members() throws(IntakeError) -> [String: IntakeJSON] {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return members
    }

    /// The member `key`, nil when absent or null. Throws when this value is not an object.
    func optional(_ key: String) throws(IntakeError) -> JSONField? {
        guard let member = try members()[key], member != .null else { return nil }
        return JSONField(member, path: childPath(key))
    }

    func required(_ key: String) throws(IntakeError) -> JSONField {
        guard let field = try optional(key) else { throw IntakeError.missing(childPath(key)) }
        return field
    }

    func elements() throws(IntakeError) -> [JSONField] {
        guard case .array(let values) = value else { throw mismatch("an array") }
        return values.enumerated().map { JSONField($0.element, path: "\(path)[\($0.offset)]") }
    }

    // MARK: Scalars

    func string() throws(IntakeError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        guard text.utf8.count <= Self.textLengthMax else {
            throw IntakeError.invalid(path, "is longer than \(Self.textLengthMax) bytes")
        }
        return text
    }

    /// Trimmed text, nil when it is empty after trimming (names, free-text reasons).
    func trimmedText() throws(IntakeError) -> String? {
        let text = try string().intakeTrimmed
        return text.isEmpty ? nil : text
    }

    /// An id sent as a string or as an integer number (RingCentral sends both for `id`,
    /// `ownerId` and the injected `_account_id`): non-empty, bounded, printable.
    func identifier() throws(IntakeError) -> String {
        let text: String
        switch value {
        case .string(let string): text = string.intakeTrimmed
        case .number(let number):
            guard number.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw IntakeError.invalid(path, "must be a string or a non-negative integer, found \(number)")
            }
            text = number
        default: throw mismatch("a string or an integer")
        }
        guard !text.isEmpty else { throw IntakeError.invalid(path, "must not be empty") }
        guard text.utf8.count <= Self.identifierLengthMax else {
            throw IntakeError.invalid(path, "is longer than \(Self.identifierLengthMax) bytes")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw IntakeError.invalid(path, "contains control characters")
        }
        return text
    }

    func bool() throws(IntakeError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("a boolean") }
        return flag
    }

    /// A non-negative integer (durations, sizes) written without fraction or exponent.
    func count() throws(IntakeError) -> Int {
        guard case .number(let text) = value else { throw mismatch("a non-negative integer") }
        guard let number = Int(text), number >= 0 else {
            throw IntakeError.invalid(path, "must be a non-negative integer, found \(text.prefix(32))")
        }
        return number
    }

    func timestamp() throws(IntakeError) -> Timestamp {
        let text = try string()
        do {
            return try ISOTime.timestamp(text, profile: .rfc3339)
        } catch {
            throw IntakeError.invalid(path, error.reason)
        }
    }

    /// A string from a closed set. Matching ignores surrounding whitespace and case, and reads
    /// spaces and hyphens as underscores (`VoiceMail`/`Voicemail`, `Bad Timing`/`bad_timing`),
    /// the same folding as Domain's `DomainEnum(parsing:)`; the error lists the allowed values.
    func oneOf<Value: CaseIterable & RawRepresentable>(_ type: Value.Type) throws(IntakeError) -> Value
    where Value.RawValue == String {
        let text = try string()
        let wanted = Self.foldForMatching(text.intakeTrimmed)
        guard let match = Value.allCases.first(where: { Self.foldForMatching($0.rawValue) == wanted }) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw IntakeError.invalid(path, "has \"\(text.prefix(40))\", expected one of: \(allowed)")
        }
        return match
    }

    static func foldForMatching(_ value: String) -> String {
        String(value.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    func mismatch(_ expected: String) -> IntakeError {
        IntakeError.invalid(path, "must be \(expected), found \(value.kind)")
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines (Foundation-free).
    var intakeTrimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
