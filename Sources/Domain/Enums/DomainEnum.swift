/// A closed set of values with canonical raw strings (the form stored in payloads and read
/// models). `init(parsing:field:)` is the lenient reader for inputs: surrounding whitespace
/// and letter case are ignored, and for the lower-snake-case sets spaces and hyphens read as
/// underscores (`Bad Timing` → `bad_timing`); anything else is an error naming the field and
/// listing the allowed values (INTAKE.md: "enum values outside the documented sets are a
/// 400 naming the field"). Decoding a stored payload is strict: only the raw value.
public protocol DomainEnum: RawRepresentable, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible
where RawValue == String {
    /// The field name errors report by default.
    static var fieldName: String { get }
}

extension DomainEnum {
    public init(parsing raw: String, field: String? = nil) throws(DomainError) {
        let field = field ?? Self.fieldName
        let trimmed = raw.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw .missingField(field: field) }
        let wanted = Self.foldForMatching(trimmed)
        guard let match = Self.allCases.first(where: { Self.foldForMatching($0.rawValue) == wanted }) else {
            let allowed = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidField(field: field, reason: "'\(trimmed.prefix(60))' is not one of: \(allowed)")
        }
        self = match
    }

    public var description: String { rawValue }

    /// Lower-cased with `' '` and `'-'` read as `'_'`, except where a raw value itself has a
    /// hyphen (`imap-poller`), in which case both spellings fold to the same string anyway.
    static func foldForMatching(_ value: String) -> String {
        String(value.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}
