import Domain
import EventStore
import GRDB

/// The profile (API.md `GET /v1/stores/{storeId}/contacts/{phone}`): the contact with its
/// derived fields, the head of its timeline and communication log, its open tasks and its
/// leads. Summaries, tags, segments and identities join it with the issue that adds them.
/// Thread-safe (a value).
public struct ContactProfile: Codable, Sendable, Equatable {
    public var contact: ContactView
    public var timeline: TimelinePage
    public var communications: CommunicationsPage
    public var openTasks: [TaskView]
    public var leads: [LeadView]
}

/// A lead of the contact (the leads read model's main fields).
public struct LeadView: Codable, Sendable, Equatable {
    public var leadId: String
    public var leadType: String
    public var receivedAt: String
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var bookedDate: String?
    public var bookedTime: String?
    public var subject: String
    public var isForwarded: Bool
}

extension ReadModel {
    public static let profileHeadCount = 10

    /// The profile, or nil when the store has no contact with this phone.
    public func profile(storeId: String, phone: String, now: Timestamp) throws -> ContactProfile? {
        // One read transaction for the five parts (the nested reads join it): one snapshot.
        try read { _ in try profileParts(storeId: storeId, phone: phone, now: now) }
    }

    private func profileParts(storeId: String, phone: String, now: Timestamp) throws -> ContactProfile? {
        guard let contact = try contact(storeId: storeId, phone: phone, now: now) else { return nil }
        let tasks = try self.tasks(TasksQuery(storeId: storeId, contactPhone: phone, limit: PageCursor.limitMax, now: now))
        let leads = try read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM leads WHERE storeId = ? AND phone = ? ORDER BY receivedAt DESC, leadId LIMIT 50"),
                arguments: [storeId, phone]
            ).map { row in
                LeadView(
                    leadId: row["leadId"], leadType: row["leadType"], receivedAt: ISO.string(row["receivedAt"])!,
                    firstName: row["firstName"], lastName: row["lastName"], email: row["email"], bookedDate: row["bookedDate"],
                    bookedTime: row["bookedTime"], subject: row["subject"], isForwarded: row["isForwarded"])
            }
        }
        return ContactProfile(
            contact: contact, timeline: try timeline(storeId: storeId, phone: phone, limit: Self.profileHeadCount),
            communications: try communications(storeId: storeId, phone: phone, limit: Self.profileHeadCount),
            openTasks: tasks.tasks.filter { $0.status == "pending" || $0.status == "snoozed" }, leads: leads)
    }
}
