import Foundation

/// A lead's id: the composite dedup key of PRODUCT.md Flow 1 step 3, so that re-polling the
/// same email (or the same person submitting again that day) maps to the same lead.
///
/// `LeadID.derive(email:phone:receivedAt:)` defines it exactly:
/// - with a phone: `{email}#{phone}#{date}` — `email` is the lead's address as recorded in
///   `LeadReceived.email` (lower-cased; empty when none was found), `phone` the E.164 number,
///   `date` the UTC calendar date of `receivedAt` as `yyyy-MM-dd`;
///   e.g. `dana@example.com#+14155550123#2026-03-02`;
/// - without a phone: `{email}#{receivedAt}` with `receivedAt` as ISO-8601 UTC with
///   milliseconds (`ISOTime.string`); e.g. `x@example.com#2026-03-04T17:20:00.000Z`.
///
/// The UTC date (not the store's local date) is used because a lead may arrive before its
/// store is known; the key must not change when the mapping does.
///
/// `init(_:)` accepts any stored id: trimmed, non-empty, at most 512 bytes of UTF-8, no control
/// characters. Thread-safe (a value).
public struct LeadID: StringValue {
    public let rawValue: String
    public static var fieldName: String { "leadId" }

    public init(_ raw: String, field: String = "leadId") throws(DomainError) {
        let trimmed = try Validate.nonEmpty(raw, field: field)
        // Bytes, not characters: the id goes into stream names and keys (limit 1024 bytes).
        guard trimmed.utf8.count <= 512 else { throw .invalidField(field: field, reason: "longer than 512 bytes") }
        try Validate.noControlCharacters(trimmed, field: field)
        rawValue = trimmed
    }

    private init(unchecked: String) { rawValue = unchecked }

    /// The dedup key of Flow 1 step 3 (see the type's documentation).
    public static func derive(email: EmailAddress?, phone: PhoneNumber?, receivedAt: Date) -> LeadID {
        let address = email?.rawValue ?? ""
        if let phone {
            return LeadID(unchecked: "\(address)#\(phone.e164)#\(ISOTime.dateString(receivedAt))")
        }
        return LeadID(unchecked: "\(address)#\(ISOTime.string(receivedAt))")
    }
}
