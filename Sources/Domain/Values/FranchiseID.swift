/// A franchise's brand name, e.g. `orangeTheory` — never a raw RingCentral client id such as
/// `orangeTheory-193365026` (PRODUCT.md "Tenancy"; seed 001's P0 #632 was exactly that bug).
///
/// Invariant: trimmed, at most 100 characters, at least one letter, no control characters, no
/// trailing `-<digits>` (use `init(clientId:)` to strip one). Thread-safe (a value).
public struct FranchiseID: StringValue {
    public let rawValue: String
    public static var fieldName: String { "franchiseId" }

    public init(_ raw: String, field: String = "franchiseId") throws(DomainError) {
        let trimmed = try Validate.nonEmpty(raw, field: field)
        try Validate.maxLength(trimmed, 100, field: field)
        try Validate.noControlCharacters(trimmed, field: field)
        guard trimmed.contains(where: \.isLetter) else {
            throw .invalidField(field: field, reason: "'\(trimmed.prefix(60))' has no letters: not a brand name")
        }
        guard FranchiseID.clientIdSuffixStart(trimmed) == nil else {
            throw .invalidField(field: field, reason: "'\(trimmed)' is a client id, not a brand (drop the trailing -<digits>)")
        }
        rawValue = trimmed
    }

    /// The brand parsed from a RingCentral `_client_id`: a trailing `-<digits>` is dropped
    /// (`orangeTheory-193365026` → `orangeTheory`); a client id without one is the brand itself.
    public init(clientId raw: String, field: String = "_client_id") throws(DomainError) {
        let trimmed = try Validate.nonEmpty(raw, field: field)
        var brand = trimmed
        // Strip repeatedly: `brand-12-34` is still a client id after one strip.
        while let cut = FranchiseID.clientIdSuffixStart(brand) { brand = String(brand[..<cut]) }
        guard !brand.isEmpty else { throw .invalidField(field: field, reason: "'\(trimmed)' has no brand before -<digits>") }
        try self.init(brand, field: field)
    }

    /// Where a trailing `-<digits>` starts (the hyphen), when the string has a non-empty prefix.
    private static func clientIdSuffixStart(_ value: String) -> String.Index? {
        guard let hyphen = value.lastIndex(of: "-"), hyphen > value.startIndex else { return nil }
        let digits = value[value.index(after: hyphen)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return hyphen
    }
}

/// A RingCentral provider account id (`_account_id`), kept for audit. Older documents call it
/// `siteId`; it is the same value (PRODUCT.md). ASCII letters, digits, `-`, `_`, at most 64.
public struct AccountID: StringValue {
    public let rawValue: String
    public static var fieldName: String { "accountId" }

    public init(_ raw: String, field: String = "accountId") throws(DomainError) {
        let trimmed = try Validate.nonEmpty(raw, field: field)
        try Validate.maxLength(trimmed, 64, field: field)
        guard trimmed.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else {
            throw .invalidField(field: field, reason: "only letters, digits, '-' and '_' are allowed: '\(trimmed.prefix(64))'")
        }
        rawValue = trimmed
    }
}
