import Commands
import Domain
import EventStore

/// One thing that reaches ContactLedger in the demo story — an email, a webhook, an AI result,
/// a staff click — with when it is delivered (the simulated clock's time when the handler
/// runs), what it should do, and whether it is part of a planted violation.
///
/// `expect` is checked against the handler's outcome, so a generator or handler change that
/// silently turns an accepted input into a refusal (or a redelivery into a new event) stops
/// the run with `DemoError.unexpectedOutcome` instead of producing a quietly different demo.
/// Thread-safe (a value).
struct DemoInput: Sendable {
    enum Action: Sendable {
        /// The store's registry record (`POST /v1/stores`), as first registered or updated.
        case register(storeIndex: Int, updated: Bool)
        case email([UInt8])
        case message([UInt8])
        case call([UInt8])
        case analysis([UInt8])
        case contact(storeIndex: Int, phone: String, action: ContactAction, request: DemoStaffRequest)
        case task(storeIndex: Int, action: TaskAction, request: DemoStaffRequest)
        /// Not an input: the moment a person's story starts (their script is built then).
        case startPerson(storeIndex: Int, person: Int)
    }

    enum Expectation: Sendable, CustomStringConvertible {
        /// New events of exactly these types, in order.
        case appended([EventType])
        /// Nothing new (a redelivery or a retried request).
        case duplicate
        /// Refused with this code (nothing appended).
        case refused(CommandError.Code)

        var description: String {
            switch self {
            case .appended(let types): "appended \(types.map(\.rawValue).joined(separator: ", "))"
            case .duplicate: "a duplicate"
            case .refused(let code): "refused (\(code.rawValue))"
            }
        }
    }

    /// Part of a planted TCPA violation: the offending contact, or its evidence.
    enum Mark: Sendable {
        case violation(DemoViolation.Kind, storeIndex: Int, phone: String)
        case evidence(DemoViolation.Kind)
    }

    var deliverAt: Timestamp
    /// The input's own time (receivedAt, creationTime, startTime, analyzedAt; staff: deliverAt).
    var occurredAt: Timestamp
    var action: Action
    var expect: Expectation
    /// Ids the outcome must report (`leadId`, `storeId`, `customerPhone`); "" = must be absent.
    var expectIds: [String: String] = [:]
    var mark: Mark?
    /// Who and which step, for error messages (`store 1 person 17 step 4`).
    var label: String

    var kind: String {
        switch action {
        case .register: "store"
        case .email: "email"
        case .message: "message"
        case .call: "call"
        case .analysis: "analysis"
        case .contact: "contactAction"
        case .task: "taskAction"
        case .startPerson: "start"
        }
    }
}

/// The staff side of a command: request id (`Idempotency-Key`), user (`X-Staff-User`), and
/// which `If-Match` version the client sends. Thread-safe (a value).
struct DemoStaffRequest: Sendable {
    enum Version: Sendable {
        /// No If-Match.
        case none
        /// The stream's version when the staff member acts (they saw the latest).
        case current
        /// One the stream has moved past (a second tab): the handler answers 409.
        case stale
    }

    var requestId: String
    var staff: String
    var version: Version
    /// The stream `version` is about: the contact's, or the task's.
    var stream: String
}
