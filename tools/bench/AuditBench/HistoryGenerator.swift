import Domain
import EventStore
import Foundation
import TestSupport

/// Writes a realistic history fast: each event kind is encoded once through the real catalog
/// (`DomainEvent.proposed()`, so the bytes are canonical and decode), with fixed-width
/// placeholder values; each generated event copies its kind's payload and overwrites the
/// placeholders in place (same widths, so the JSON stays valid). Every prototype is decoded
/// back before use.
struct HistoryGenerator {
    let events: Int
    let directory: String
    static let storeCount = 40
    static let contactCount = 400_000
    static let batchSize = 4_000

    // Placeholders (fixed widths).
    static let storePH = "99999999-9999-4999-8999-999999999999"
    static let phonePH = "+19990000001"
    static let idPH = "X000000000000"
    static let timePH = "2001-01-01T00:00:00.000Z"

    struct Prototype {
        var type: String
        var payload: [UInt8]
        var actor: Actor
        var storeOffsets: [Int]
        var phoneOffsets: [Int]
        var idOffsets: [Int]
        var timeOffsets: [Int]
        var keyPrefix: String
        var streamKind: StreamKind
    }

    enum StreamKind { case contact, lead, task }

    func run() async throws -> Int {
        var options = EventStoreOptions()
        options.durability = .relaxed
        options.logger.logLevel = .error
        let clock = HistoryClock()
        options.clock = clock
        let store = try EventStore(directory: directory, options: options)
        let prototypes = try Self.prototypes()
        let stores = try (0..<Self.storeCount).map { try Self.storeProfile($0) }
        var batch: [ProposedEvent] = []
        for profile in stores {
            batch.append(DomainEvent(StoreRegistered(profile: profile), actor: .system, occurredAt: Timestamp(ISOTime.parse("2024-01-01T00:00:00Z")!)).proposed())
        }
        clock.set(ISOTime.parseTimestamp("2024-01-01T00:00:00Z")!.microsecondsSinceEpoch)
        _ = try await store.append(batch)
        batch.removeAll(keepingCapacity: true)

        var random = SplitMix64(seed: 7)
        let start = ISOTime.parseTimestamp("2024-01-01T00:00:00Z")!.microsecondsSinceEpoch
        let spanDays = 730
        let dayMicros: Int64 = 86_400_000_000
        var counter: UInt64 = 0
        var doNotContact: Set<Int> = []
        let weights = Self.weights
        let totalWeight = weights.reduce(0) { $0 + $1.weight }
        var appended = stores.count
        while appended < events {
            let i = appended
            let day = Int64(i) * Int64(spanDays) / Int64(events)
            let contact = random.below(Self.contactCount)
            let storeIndex = contact % Self.storeCount
            // Local 08:00–21:00 for most traffic; 0.3 % of it outside (the violations an audit finds).
            var localSecond = 9 * 3600 + random.below(11 * 3600)  // 09–20 standard time, 10–21 in summer
            if random.below(1000) < 3 { localSecond = random.below(8 * 3600) }
            var occurred = start + day * dayMicros + Int64(localSecond + Self.utcOffsetHours(storeIndex) * 3600) * 1_000_000
            occurred -= occurred % 1000  // millisecond text in payloads
            var pick = random.below(totalWeight)
            var kind = 0
            while pick >= weights[kind].weight { pick -= weights[kind].weight; kind += 1 }
            var names = weights[kind].prototypes
            // Staff and campaigns skip contacts with Do-Not-Contact (the UI shows it); one
            // outbound contact in 200 to such a contact slips through (the DNC-1 an audit finds).
            if (names == ["smsOut"] || names == ["callOut"]) && doNotContact.contains(contact) && random.below(200) != 0 {
                names = ["smsIn"]
            }
            switch names.last {
            case "optOut", "staffDNC", "contactAnalyzedDNC": doNotContact.insert(contact)
            case "optIn", "staffClear", "contactAnalyzedClear": doNotContact.remove(contact)
            default: break
            }
            // A late-delivered STOP: it happened three hours before it reached the log.
            if names == ["optOutSMS", "optOut"] && random.below(20) == 0 { occurred -= 3 * 3600 * 1_000_000 }
            for name in names {
                counter += 1
                batch.append(Self.instantiate(prototypes[name]!, store: stores[storeIndex].storeId.rawValue,
                                              phone: Self.phone(contact), id: counter, time: occurred))
                appended += 1
            }
            if batch.count >= Self.batchSize || appended >= events {
                clock.set(max(occurred, start) + 2_000_000)
                _ = try await store.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        await store.close()
        return appended
    }

    static let weights: [(weight: Int, prototypes: [String])] = [
        (400, ["lead"]), (2200, ["smsOut"]), (1800, ["smsIn"]), (800, ["smsUpdated"]), (2000, ["callOut"]), (800, ["callIn"]),
        (800, ["callAnalyzed"]), (650, ["contactAnalyzed"]), (100, ["contactAnalyzedDNC"]), (25, ["contactAnalyzedClear"]),
        (25, ["optOutSMS", "optOut"]), (20, ["staffDNC"]), (5, ["staffClear"]), (10, ["optInSMS", "optIn"]),
        (200, ["taskCreated"]), (125, ["taskCompleted"]),
    ]

    static func utcOffsetHours(_ store: Int) -> Int { [8, 7, 6, 5][store % 4] }

    /// Area codes by the store's zone (store % 4: Pacific, Mountain, Central, Eastern), so most
    /// customers live where their store is; 605 is split Mountain/Central, 813 is Florida,
    /// 405 Oklahoma, 301 Maryland.
    static let areaCodes = [["415", "650", "213"], ["303", "720", "605"], ["312", "405", "214"], ["212", "813", "301"]]

    static func phone(_ contact: Int) -> String {
        let zone = (contact % storeCount) % 4
        let area = areaCodes[zone][(contact / storeCount) % 3]
        let rest = String(2_000_000 + contact)
        return "+1" + area + String(repeating: "0", count: 7 - rest.count) + rest
    }

    static func storeProfile(_ index: Int) throws -> StoreProfile {
        let hex = String(index, radix: 16)
        let id = "5b0f3c1e-8d4a-4c3e-9a1b-" + String(repeating: "0", count: 12 - hex.count) + hex
        let zones = ["America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York"]
        return try StoreProfile(
            storeId: try StoreID(id), name: "Bench store \(index)", franchiseId: try FranchiseID("orangeTheory"),
            accountId: try AccountID("\(100_000 + index)"), timeZone: try StoreTimeZone(zones[index % 4]),
            ruleSets: index % 4 == 3 ? [.federal, .florida] : [.federal])
    }

    static func instantiate(_ p: Prototype, store: String, phone: String, id: UInt64, time: Int64) -> ProposedEvent {
        var payload = p.payload
        let idText = String(id)
        let idBytes = Array(("X" + String(repeating: "0", count: 12 - idText.count) + idText).utf8)
        let timeBytes = Array(ISOTime.string(Timestamp(microsecondsSinceEpoch: time)).utf8)
        for o in p.storeOffsets { payload.replaceSubrange(o..<(o + 36), with: store.utf8) }
        for o in p.phoneOffsets { payload.replaceSubrange(o..<(o + 12), with: phone.utf8) }
        for o in p.idOffsets { payload.replaceSubrange(o..<(o + 13), with: idBytes) }
        for o in p.timeOffsets { payload.replaceSubrange(o..<(o + 24), with: timeBytes) }
        let idString = String(decoding: idBytes, as: UTF8.self)
        let key = p.keyPrefix + idString
        let stream: String
        switch p.streamKind {
        case .contact: stream = "contact/\(store)/\(phone)"
        case .lead: stream = "lead/\(idString)"
        case .task: stream = "task/" + taskUUID(id)
        }
        if p.streamKind == .task {
            // The task id is a UUID placeholder too; keep both copies in step.
            let uuid = Array(taskUUID(id).utf8)
            let placeholder = Array(taskPH.utf8)
            var o = 0
            while let range = payload[o...].firstRange(of: placeholder) {
                payload.replaceSubrange(range, with: uuid)
                o = range.upperBound
            }
        }
        return ProposedEvent(
            id: DeterministicIDs.eventID(idempotencyKey: key), type: p.type, stream: stream, storeId: store,
            occurredAt: Timestamp(microsecondsSinceEpoch: time), idempotencyKey: key, actor: p.actor,
            schemaVersion: EventType(rawValue: p.type)!.currentSchemaVersion, payload: payload)
    }

    static let taskPH = "88888888-8888-4888-8888-888888888888"

    static func taskUUID(_ id: UInt64) -> String {
        let hex = String(id, radix: 16)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex
    }
}
