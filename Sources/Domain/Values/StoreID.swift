/// A store's id: a UUID, kept in canonical lower-case 8-4-4-4-12 form. The one isolation key
/// (PRODUCT.md "Tenancy"): every contact, task, call and message belongs to exactly one store.
///
/// `StoreID("5B0F3C1E-8D4A-4C3E-9A1B-2F6D7E8A9B0C")` → `5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c`.
/// Thread-safe (a value).
public struct StoreID: StringValue {
    public let rawValue: String
    public static var fieldName: String { "storeId" }

    public init(_ raw: String, field: String = "storeId") throws(DomainError) {
        let trimmed = try Validate.nonEmpty(raw, field: field)
        guard let canonical = Validate.canonicalUUID(trimmed) else {
            throw .invalidField(field: field, reason: "not a UUID (8-4-4-4-12 hex): '\(trimmed.prefix(64))'")
        }
        rawValue = canonical
    }
}

/// A task's id: a UUID in canonical lower-case form. Tasks made by projections get a
/// deterministic id (`DeterministicIDs.leadOutreachTask(leadId:)`) so a rebuild reproduces it.
public struct TaskID: StringValue {
    public let rawValue: String
    public static var fieldName: String { "taskId" }

    public init(_ raw: String, field: String = "taskId") throws(DomainError) {
        let trimmed = try Validate.nonEmpty(raw, field: field)
        guard let canonical = Validate.canonicalUUID(trimmed) else {
            throw .invalidField(field: field, reason: "not a UUID (8-4-4-4-12 hex): '\(trimmed.prefix(64))'")
        }
        rawValue = canonical
    }

    /// The task id with the same 128 bits as `uuid`.
    public init(uuid: UUIDv5.Bytes) {
        rawValue = UUIDv5.string(uuid)
    }
}
