import Audit
import Domain
import EventStore
import Foundation
import TestSupport
import Testing

/// A real event store in its own temporary directory, with helpers that append catalog events
/// at explicit event times (occurredAt) and record times (recordedAt, through a manual store
/// clock), so each rule's boundary can be stated to the second. Not thread-safe; one per test.
final class AuditScenario {
    let store: EventStore
    let clock: ManualClock
    private(set) var now: Int64
    private var counter = 0

    static let mossBeach = try! StoreID("5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
    static let tampa = try! StoreID("c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51")
    static let jordan = PhoneNumber("+14155550187")!
    static let dana = PhoneNumber("+14155550123")!
    static let generatedAt = time("2030-01-01T00:00:00Z")

    /// The shared fixtures (copies of /work/shared/fixtures, bundled with CommandsTests).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CommandsTests/Fixtures/shared")

    private init(store: EventStore, clock: ManualClock, now: Int64) {
        self.store = store
        self.clock = clock
        self.now = now
    }

    /// Runs `body` on a fresh store whose clock starts at 2020-01-01 and moves only when told.
    static func with<T>(_ label: String = #function, registerStores: Bool = true, _ body: (AuditScenario) async throws -> T) async throws -> T {
        try await TemporaryDirectory.with(label) { directory in
            let start = time("2020-01-01T00:00:00Z")
            let clock = ManualClock(start: start, stepMicroseconds: 0)
            let store = try EventStore(directory: directory, options: .testing(clock: clock))
            let scenario = AuditScenario(store: store, clock: clock, now: start.microsecondsSinceEpoch)
            do {
                if registerStores {
                    try await scenario.registerStore("moss-beach.json")
                    try await scenario.registerStore("tampa.json")
                }
                let result = try await body(scenario)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }

    static func time(_ text: String) -> Timestamp {
        guard let time = ISOTime.parseTimestamp(text) else { preconditionFailure("bad test time \(text)") }
        return time
    }

    static func fixture(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(path)))
    }

    func registerStore(_ file: String) async throws {
        let profile = try StoreProfile(json: try Self.fixture("stores/" + file))
        try await append([DomainEvent(StoreRegistered(profile: profile), actor: .system, occurredAt: Self.time("2020-01-01T00:00:00Z"))])
    }

    /// Appends `events` as one batch, recorded at `recordedAt` (default: the latest occurredAt,
    /// or the clock's time if that is later). Returns their positions.
    @discardableResult
    func append(_ events: [DomainEvent], recordedAt: Timestamp? = nil) async throws -> [UInt64] {
        let target = recordedAt?.microsecondsSinceEpoch ?? max(now, events.map(\.occurredAt.microsecondsSinceEpoch).max() ?? now)
        precondition(target >= now, "a scenario records in time order")
        clock.advance(byMicroseconds: target - now)
        now = target
        return try await store.append(events.map { $0.proposed() }).outcomes.map(\.position)
    }

    private func nextId(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    // MARK: Traffic

    @discardableResult
    func call(_ phone: PhoneNumber, at: String, direction: Direction = .outbound, store: StoreID = mossBeach, recordedAt: String? = nil) async throws -> UInt64 {
        let staff = CallParty(extensionNumber: "101", name: "Front Desk")
        let customer = CallParty(phoneNumber: phone.e164)
        let call = CallLogged(
            callId: try RingCentralID(nextId("call-")), storeId: store, startTime: Self.time(at).date, durationSeconds: 30,
            callType: "Voice", direction: direction, result: "Call connected", from: direction == .outbound ? staff : customer,
            to: direction == .outbound ? customer : staff, customerPhone: phone)
        return try await append([DomainEvent(call, actor: .ringcentral)], recordedAt: recordedAt.map(Self.time))[0]
    }

    func message(_ phone: PhoneNumber, at: String, direction: Direction, text: String, store: StoreID = mossBeach) throws -> MessageLogged {
        let storeParty = MessageParty(phoneNumber: store == Self.tampa ? "+18135550177" : "+16505550142", name: "Store")
        let customer = MessageParty(phoneNumber: phone.e164)
        let time = Self.time(at).date
        return MessageLogged(
            messageId: try RingCentralID(nextId("msg-")), storeId: store, messageType: .sms, direction: direction,
            from: direction == .outbound ? storeParty : customer, to: [direction == .outbound ? customer : storeParty],
            customerPhone: phone, subject: text, creationTime: time, lastModifiedTime: time)
    }

    @discardableResult
    func sms(_ phone: PhoneNumber, at: String, direction: Direction = .outbound, text: String = "See you at 6!", store: StoreID = mossBeach,
             recordedAt: String? = nil) async throws -> UInt64 {
        try await append([DomainEvent(try message(phone, at: at, direction: direction, text: text, store: store), actor: .ringcentral)],
                         recordedAt: recordedAt.map(Self.time))[0]
    }

    /// An inbound "STOP" and the intake's `contact.opted_out` in one batch (as the handler
    /// appends them). Returns the opt-out's position.
    @discardableResult
    func optOut(_ phone: PhoneNumber, at: String, keyword: String = "STOP", store: StoreID = mossBeach, recordedAt: String? = nil) async throws -> UInt64 {
        let inbound = try message(phone, at: at, direction: .inbound, text: keyword, store: store)
        let optOut = ContactOptedOut(storeId: store, phone: phone, messageId: inbound.messageId, keyword: keyword.uppercased(), receivedAt: inbound.creationTime)
        return try await append([DomainEvent(inbound, actor: .ringcentral), DomainEvent(optOut, actor: .system)], recordedAt: recordedAt.map(Self.time))[1]
    }

    @discardableResult
    func optIn(_ phone: PhoneNumber, at: String, store: StoreID = mossBeach) async throws -> UInt64 {
        let inbound = try message(phone, at: at, direction: .inbound, text: "START", store: store)
        let optIn = ContactOptedIn(storeId: store, phone: phone, messageId: inbound.messageId, keyword: "START", receivedAt: inbound.creationTime)
        return try await append([DomainEvent(inbound, actor: .ringcentral), DomainEvent(optIn, actor: .system)])[1]
    }

    @discardableResult
    func staffDNC(_ phone: PhoneNumber, at: String, set: Bool = true, user: String = "u-7", store: StoreID = mossBeach) async throws -> UInt64 {
        let actor = try EventActor.staff(userId: user)
        let event = set
            ? DomainEvent(ContactDNCSet(storeId: store, phone: phone, reason: "asked on the phone"), requestId: try RequestID(nextId("req-")), actor: actor, occurredAt: Self.time(at))
            : DomainEvent(ContactDNCCleared(storeId: store, phone: phone, reason: "customer asked to be called"), requestId: try RequestID(nextId("req-")), actor: actor, occurredAt: Self.time(at))
        return try await append([event])[0]
    }

    @discardableResult
    func analysis(_ phone: PhoneNumber, at: String, doNotContact: Bool, store: StoreID = mossBeach) async throws -> UInt64 {
        let analyzed = ContactAnalyzed(analysisId: try AnalysisID(nextId("an-")), storeId: store, phone: phone, analyzedAt: Self.time(at).date, doNotContact: doNotContact)
        return try await append([DomainEvent(analyzed, actor: .ai)])[0]
    }

    // MARK: Audit

    func audit(_ options: TCPAAuditOptions = TCPAAuditOptions()) throws -> TCPAReport {
        try TCPAAudit.run(store: store, options: options, generatedAt: Self.generatedAt)
    }
}

extension TCPAReport {
    func violations(_ rule: AuditRule) -> [Violation] { violations.filter { $0.rule == rule.rawValue } }
}
