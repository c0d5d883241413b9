import Domain
import EventStore

/// Who issues a staff command and how a retry stays harmless (API.md "Staff identity"):
/// the client's request id (`Idempotency-Key`; 1–200 bytes of printable ASCII), the staff
/// user (`X-Staff-User`, recorded as the actor), and optionally the version the client last
/// saw of the stream it changes (`If-Match`; the contact's stream for contact commands, the
/// task's for task commands). A mismatch is a `.conflict` carrying the actual version.
///
/// Raw strings on purpose: the handler validates them and names the header at fault.
/// Thread-safe (a value).
public struct StaffRequest: Hashable, Sendable {
    public var requestId: String
    public var staffUserId: String
    public var expectedVersion: UInt64?

    public init(requestId: String, staffUserId: String, expectedVersion: UInt64? = nil) {
        self.requestId = requestId
        self.staffUserId = staffUserId
        self.expectedVersion = expectedVersion
    }

    /// The validated request id and actor.
    func validated() throws(CommandError) -> (requestId: RequestID, actor: EventActor) {
        let requestId = try checked("Idempotency-Key") { () throws(DomainError) in try RequestID(self.requestId, field: "Idempotency-Key") }
        let actor = try checked("X-Staff-User") { () throws(DomainError) in try EventActor.staff(userId: staffUserId) }
        return (requestId, actor)
    }
}

/// Optional free text (a reason, a note): trimmed, absent when blank, bounded.
func optionalText(_ raw: String?, field: String, lengthMax: Int = 4096) throws(CommandError) -> String? {
    guard let text = raw?.intakeTrimmed, !text.isEmpty else { return nil }
    guard text.utf8.count <= lengthMax else { throw CommandError.invalid(field, "is longer than \(lengthMax) bytes") }
    return text
}
