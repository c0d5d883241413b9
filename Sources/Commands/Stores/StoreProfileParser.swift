import Domain

/// Reads a store registry record — the JSON of fixtures/stores/*.json, `POST /v1/stores`,
/// `contactledger store register FILE.json` — into a `StoreProfile`, or an error naming the
/// field (`phoneNumbers[1]`, `quietHours.start`).
///
/// Normalises before anything is hashed or appended: ids lower-cased, phones E.164, emails
/// lower-cased, and the list fields (`trackingIds`, `leadSenders`, `phoneNumbers`, `ruleSets`)
/// de-duplicated and sorted — they are sets, so re-sending a record with its lists in another
/// order is the same record (a duplicate, not a `store.updated`). Unknown members are refused:
/// this is an operator's file, and `phoneNumber` for `phoneNumbers` should not pass silently.
///
/// Pure: no registry, no I/O. Thread-safe (stateless).
public enum StoreProfileParser {
    static let fields: Set<String> = [
        "storeId", "name", "franchiseId", "accountId", "trackingIds", "leadSenders", "phoneNumbers", "timeZone",
        "quietHours", "ruleSets", "sla",
    ]

    public static func parse(_ bytes: [UInt8]) throws(CommandError) -> StoreProfile {
        do {
            return try parse(JSONField(try IntakeJSON.parse(bytes), path: ""))
        } catch {
            throw CommandError.converting(error)
        }
    }

    /// Helpers throw `IntakeError` (JSON shape), `DomainError` (a value, with the input's
    /// field name passed in) or `CommandError`; `parse(_:)` converts once.
    static func parse(_ top: JSONField) throws -> StoreProfile {
        for key in try top.members().keys.sorted() where !fields.contains(key) {
            throw CommandError.invalid(key, "is not a store field (expected: \(fields.sorted().joined(separator: ", ")))")
        }
        let ruleSets =
            try top.optional("ruleSets") == nil
            ? [AuditRuleSet.federal]
            : try list(top, "ruleSets") { raw, field in try AuditRuleSet(parsing: raw, field: field) }
        guard !ruleSets.isEmpty else { throw CommandError.invalid("ruleSets", "needs at least one rule set (e.g. federal)") }
        return try StoreProfile(
            storeId: try StoreID(try text(top, "storeId"), field: "storeId"),
            name: try text(top, "name"),
            franchiseId: try FranchiseID(try text(top, "franchiseId"), field: "franchiseId"),
            accountId: try AccountID(try top.required("accountId").identifier(), field: "accountId"),
            trackingIds: try list(top, "trackingIds") { raw, field in try TrackingID(raw, field: field) },
            leadSenders: try list(top, "leadSenders") { raw, field in try EmailAddress(raw, field: field) },
            phoneNumbers: try list(top, "phoneNumbers") { raw, field in
                guard let phone = PhoneNumber(raw) else {
                    throw CommandError.invalid(field, "'\(raw.prefix(40))' is not a valid US/Canada phone number")
                }
                return phone
            },
            timeZone: try StoreTimeZone(try text(top, "timeZone"), field: "timeZone"),
            quietHours: try quietHours(top),
            ruleSets: ruleSets,
            sla: try sla(top))
    }

    /// A required string member.
    private static func text(_ object: JSONField, _ key: String) throws -> String {
        try object.required(key).string()
    }

    /// An optional array of strings, each validated by `make` (given the element's path),
    /// de-duplicated and sorted by canonical text.
    private static func list<T: Hashable & CustomStringConvertible>(
        _ object: JSONField, _ key: String, _ make: (String, String) throws -> T
    ) throws -> [T] {
        guard let field = try object.optional(key) else { return [] }
        var seen = Set<T>()
        for element in try field.elements() {
            seen.insert(try make(try element.string(), element.path))
        }
        return seen.sorted { $0.description < $1.description }
    }

    private static func quietHours(_ top: JSONField) throws -> QuietHours {
        guard let field = try top.optional("quietHours") else { return .standard }
        for key in try field.members().keys.sorted() where key != "start" && key != "end" {
            throw CommandError.invalid(field.childPath(key), "is not a quiet-hours field (expected start, end)")
        }
        return QuietHours(
            start: try TimeOfDay(try text(field, "start"), field: "quietHours.start"),
            end: try TimeOfDay(try text(field, "end"), field: "quietHours.end"))
    }

    private static func sla(_ top: JSONField) throws -> SLAPolicy? {
        guard let field = try top.optional("sla") else { return nil }
        let keys = ["highMinutes", "mediumMinutes", "lowMinutes"]
        for key in try field.members().keys.sorted() where !keys.contains(key) {
            throw CommandError.invalid(field.childPath(key), "is not an SLA field (expected \(keys.joined(separator: ", ")))")
        }
        let minutes = try keys.map { key in try field.optional(key)?.count() }
        return try SLAPolicy(highMinutes: minutes[0] ?? 5, mediumMinutes: minutes[1] ?? 240, lowMinutes: minutes[2] ?? 1440)
    }
}
