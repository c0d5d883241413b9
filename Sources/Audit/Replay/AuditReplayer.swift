import Domain
import EventStore
import Foundation

/// The scan half of the audit, for one worker: folds the events of the chunks (position ranges)
/// it is given, in position order, into compact `TimelineRecord`s of the events a rule reads,
/// each tagged with the worker's own contact slot (store, phone), plus the stores' latest
/// profiles. `AuditReplay.merge` joins the workers' tables and chunks into one replay, in log
/// order, as if one worker had read the whole log.
///
/// Only the payload members a rule needs are read (`JSONMembers`): direction, messageType,
/// `from` and, for inbound SMS, the text; `doNotContact` of an analysis; the keyword of an
/// opt-out. Store profiles and merges, which are rare, go through the full `EventCodec`.
/// No clock, no I/O besides the scan that feeds it. Not thread-safe: one per worker thread.
struct AuditReplayer {
    struct StoreSlot: Sendable {
        var key: StoreKey
        var storeId: String
        /// Where the worker first met the store (`ReplayOrder`): the merge orders stores by it.
        var firstSeen: UInt64
        var profile: StoreProfile?
        var profilePosition: UInt64 = 0
    }

    struct ContactSlot: Sendable {
        var store: Int32
        var nationalNumber: UInt64
        var phone: PhoneNumber
        var firstSeen: UInt64
    }

    let keywords: OptOutKeywords
    let checksGaps: Bool
    /// Whether a contact event that yields no record still gets a slot (`finalDoNotContact`
    /// lists every contact the log mentions). The rule walk needs only contacts with records,
    /// so the audit skips the lookup for the majority of events that have none.
    let keepsEveryContact: Bool
    private(set) var stores: [StoreSlot] = []
    private var storeIndex: [StoreKey: Int32] = [:]
    private var storesByBytes = RawStoreTable()
    private(set) var contacts: [ContactSlot] = []
    private var contactIndex = SlotTable(capacityHint: 1 << 16)
    /// Actor ids, keywords and caller labels, referenced by `TimelineRecord.aux`.
    private(set) var strings: [String] = []
    private var stringIndex: [String: UInt32] = [:]
    private var callers = CallerTable()

    init(keywords: OptOutKeywords, checksGaps: Bool, keepsEveryContact: Bool) {
        self.keywords = keywords
        self.checksGaps = checksGaps
        self.keepsEveryContact = keepsEveryContact
    }

    mutating func apply(_ event: EventView, to chunk: inout ReplayChunk) throws(AuditError) {
        let position = event.position
        chunk.count(position, recordedAt: event.recordedAt.microsecondsSinceEpoch, checksGaps: checksGaps)
        let kind = EventKind.classify(event.typeBytes)
        switch kind {
        case .other:
            return
        case .storeRegistered, .storeUpdated:
            try applyStore(event)
        case .contactMerged:
            try applyMerge(event, to: &chunk)
        default:
            guard let (store, number) = contactStream(event.streamBytes, position) else { return }  // short codes, internal calls
            guard let record = try record(kind, event) else {
                if keepsEveryContact { _ = streamContact(store: store, number: number, position: position) }
                return
            }
            chunk.append(record, contact: streamContact(store: store, number: number, position: position))
        }
    }

    // MARK: Contact events

    /// The timeline record of a contact event, or nil when no rule reads it.
    private mutating func record(_ kind: EventKind, _ event: EventView) throws(AuditError) -> TimelineRecord? {
        var record = TimelineRecord(
            occurredAt: event.occurredAt.microsecondsSinceEpoch, recordedAt: event.recordedAt.microsecondsSinceEpoch,
            position: event.position, aux: 0, kind: .outboundCall)
        switch kind {
        case .messageLogged, .callLogged:
            guard let traffic = try readTraffic(kind, event) else { return nil }
            record.kind = traffic.kind
            record.aux = traffic.aux
        case .contactAnalyzed:
            guard let flag = try readDoNotContactFlag(event) else { return nil }
            record.kind = flag ? .dncSetAI : .dncClearedAI
            record.viaAnalysis = true
        case .contactOptedOut, .contactOptedIn:
            record.kind = kind == .contactOptedOut ? .optedOut : .optedIn
            record.aux = intern(readString(event, member: "keyword") ?? "")
        case .contactDNCSet, .contactDNCCleared:
            let actor = event.actor
            let byAI = actor.type == ActorType.ai.rawValue
            let set = kind == .contactDNCSet
            record.kind = set ? (byAI ? .dncSetAI : .dncSetStaff) : (byAI ? .dncClearedAI : .dncClearedStaff)
            record.aux = intern(EventActor.label(actor))
        default:
            return nil
        }
        return record
    }

    /// An outbound call or SMS (with its caller), an inbound keyword SMS, or nothing.
    private mutating func readTraffic(_ kind: EventKind, _ event: EventView) throws(AuditError) -> (kind: TimelineRecord.Kind, aux: UInt32)? {
        var direction: UnsafeRawBufferPointer?
        var messageType: UnsafeRawBufferPointer?
        var from: UnsafeRawBufferPointer?
        var subject: UnsafeRawBufferPointer?
        let isMessage = kind == .messageLogged
        var members = JSONMembers.Cursor(event.payloadBytes)
        while let (key, value) = members.next() {
            if JSONMembers.equals(key, "direction") {
                direction = value
            } else if JSONMembers.equals(key, "from") {
                from = value
            } else if isMessage && JSONMembers.equals(key, "messageType") {
                messageType = value
            } else if isMessage && JSONMembers.equals(key, "subject") {
                subject = value
                break
            }
            // Calls need direction and from; an outbound message needs no text.
            if let direction, from != nil, !isMessage || (messageType != nil && JSONMembers.equals(direction, "\"Outbound\"")) {
                break
            }
        }
        guard let direction, !isMessage || messageType != nil else {
            throw AuditError.undecodableEvent(position: event.position, type: event.type, reason: "no direction or messageType member")
        }
        if isMessage && !JSONMembers.equals(messageType!, "\"SMS\"") { return nil }
        if JSONMembers.equals(direction, "\"Outbound\"") {
            return (isMessage ? .outboundSMS : .outboundCall, from.map { callerIndex($0) } ?? intern(""))
        }
        guard isMessage, let subject, subject.count <= 80, keywords.mayMatch(subject), let text = JSONMembers.string(subject),
              let keyword = keywords.match(text)
        else { return nil }
        return (.inboundKeywordSMS, intern(keyword))
    }

    private func readDoNotContactFlag(_ event: EventView) throws(AuditError) -> Bool? {
        var members = JSONMembers.Cursor(event.payloadBytes)
        while let (key, value) = members.next() {
            guard JSONMembers.equals(key, "doNotContact") else { continue }
            return JSONMembers.equals(value, "true") ? true : JSONMembers.equals(value, "false") ? false : nil
        }
        if !members.wellFormed { throw AuditError.undecodableEvent(position: event.position, type: event.type, reason: "payload is not a JSON object") }
        return nil
    }

    private func readString(_ event: EventView, member: StaticString) -> String? {
        var members = JSONMembers.Cursor(event.payloadBytes)
        while let (key, value) = members.next() {
            if JSONMembers.equals(key, member) { return JSONMembers.string(value) }
        }
        return nil
    }

    // MARK: Stores and merges (rare: full decode)

    private mutating func applyStore(_ event: EventView) throws(AuditError) {
        let decoded = try Self.decode(event)
        let profile: StoreProfile
        switch decoded.payload {
        case .storeRegistered(let registered): profile = registered.profile
        case .storeUpdated(let updated): profile = updated.profile
        default: return
        }
        let index = Int(storeSlot(profile.storeId.rawValue, firstSeen: ReplayOrder.key(event.position)))
        stores[index].profile = profile
        stores[index].profilePosition = event.position
    }

    private mutating func applyMerge(_ event: EventView, to chunk: inout ReplayChunk) throws(AuditError) {
        let decoded = try Self.decode(event)
        guard case .contactMerged(let merged) = decoded.payload, merged.recordedOn == .target else { return }
        let position = event.position
        let store = storeSlot(merged.storeId.rawValue, firstSeen: ReplayOrder.key(position))
        let target = contactSlot(store: store, phone: merged.targetPhone, firstSeen: ReplayOrder.key(position))
        let source = contactSlot(store: store, phone: merged.sourcePhone, firstSeen: ReplayOrder.key(position, second: true))
        chunk.append(
            TimelineRecord(
                occurredAt: event.occurredAt.microsecondsSinceEpoch, recordedAt: event.recordedAt.microsecondsSinceEpoch,
                position: position, aux: UInt32(source), kind: .mergedFrom),
            contact: target)
    }

    static func decode(_ event: EventView) throws(AuditError) -> DomainEvent {
        do {
            return try DomainEvent(recorded: event.materialize())
        } catch {
            throw AuditError.undecodableEvent(position: event.position, type: event.type, reason: "\(error)")
        }
    }

    // MARK: Tables

    /// The store slot and national number of a contact stream name,
    /// `contact/<storeId>/+1NXXNXXXXXX` (Domain `Streams`); nil for any other stream. The store
    /// is found by the id's raw bytes first (no hex parsing per event).
    @inline(__always)
    private mutating func contactStream(_ stream: UnsafeRawBufferPointer, _ position: UInt64) -> (Int32, UInt64)? {
        guard stream.count == ContactStreamName.totalBytes, stream[7] == UInt8(ascii: "/"),
              JSONMembers.equals(UnsafeRawBufferPointer(rebasing: stream[0..<8]), "contact/"),
              stream[44] == UInt8(ascii: "/"), stream[45] == UInt8(ascii: "+"), stream[46] == UInt8(ascii: "1")
        else { return nil }
        var number: UInt64 = 0
        for index in 47..<57 {
            let digit = stream[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            number = number * 10 + UInt64(digit)
        }
        let storeBytes = UnsafeRawBufferPointer(rebasing: stream[8..<44])
        let raw = RawStoreId(storeBytes)
        if let store = storesByBytes.value(for: raw) { return (store, number) }
        guard let key = StoreKey(storeBytes) else { return nil }
        let store = storeSlot(key, storeId: String(decoding: storeBytes, as: UTF8.self), firstSeen: ReplayOrder.key(position))
        storesByBytes.insert(raw, store)
        return (store, number)
    }

    private mutating func storeSlot(_ storeId: String, firstSeen: UInt64) -> Int32 {
        var text = storeId
        // StoreID is a validated lower-case UUID, so it always parses.
        let key = text.withUTF8 { StoreKey(UnsafeRawBufferPointer($0)) }!
        return storeSlot(key, storeId: storeId, firstSeen: firstSeen)
    }

    private mutating func storeSlot(_ key: StoreKey, storeId: @autoclosure () -> String, firstSeen: UInt64) -> Int32 {
        if let index = storeIndex[key] { return index }
        let index = Int32(stores.count)
        stores.append(StoreSlot(key: key, storeId: storeId(), firstSeen: firstSeen))
        storeIndex[key] = index
        return index
    }

    @inline(__always)
    private mutating func streamContact(store: Int32, number: UInt64, position: UInt64) -> Int32 {
        if let index = contactIndex.value(for: ReplayOrder.contactKey(store: store, number: number)) { return index }
        return addContact(store: store, number: number, phone: PhoneNumber("+1" + String(number))!, firstSeen: ReplayOrder.key(position))
    }

    private mutating func contactSlot(store: Int32, phone: PhoneNumber, firstSeen: UInt64) -> Int32 {
        let number = UInt64(phone.nationalDigits)!
        if let index = contactIndex.value(for: ReplayOrder.contactKey(store: store, number: number)) { return index }
        return addContact(store: store, number: number, phone: phone, firstSeen: firstSeen)
    }

    private mutating func addContact(store: Int32, number: UInt64, phone: PhoneNumber, firstSeen: UInt64) -> Int32 {
        let index = Int32(contacts.count)
        contacts.append(ContactSlot(store: store, nationalNumber: number, phone: phone, firstSeen: firstSeen))
        contactIndex.insert(ReplayOrder.contactKey(store: store, number: number), index)
        return index
    }

    private mutating func callerIndex(_ from: UnsafeRawBufferPointer) -> UInt32 {
        let hash = CallerTable.hash(from)
        if let hit = callers.lookup(from, hash: hash) { return hit }
        let index = intern(CallerTable.label(from))
        callers.insert(from, hash: hash, string: index)
        return index
    }

    mutating func intern(_ text: String) -> UInt32 {
        if let index = stringIndex[text] { return index }
        let index = UInt32(strings.count)
        strings.append(text)
        stringIndex[text] = index
        return index
    }
}

/// Keys that order and identify slots the same way whichever worker met them.
enum ReplayOrder {
    /// Where a slot was first met: its event's position, and for the second slot one event
    /// creates (a merge's source contact, after its target) one more.
    static func key(_ position: UInt64, second: Bool = false) -> UInt64 { position << 1 | (second ? 1 : 0) }

    /// A contact's key: store slot and national number (the ten digits, < 2^34).
    @inline(__always)
    static func contactKey(store: Int32, number: UInt64) -> UInt64 { UInt64(store) << 34 | number }
}

/// Caller labels by the raw bytes of a call's or message's `from` member: staff extensions
/// and the store's numbers repeat millions of times, so the bytes are hashed and the label
/// decoded once per distinct value. Not thread-safe.
struct CallerTable {
    private var byHash: [UInt64: (bytes: [UInt8], string: UInt32)] = [:]

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    func lookup(_ from: UnsafeRawBufferPointer, hash: UInt64) -> UInt32? {
        guard let hit = byHash[hash], hit.bytes.count == from.count,
              hit.bytes.withUnsafeBytes({ memcmp($0.baseAddress!, from.baseAddress!, from.count) }) == 0
        else { return nil }
        return hit.string
    }

    mutating func insert(_ from: UnsafeRawBufferPointer, hash: UInt64, string: UInt32) {
        byHash[hash] = (Array(from), string)
    }

    /// `Front Desk (ext 101)`, a name, an extension or a number: who placed the call or SMS.
    static func label(_ from: UnsafeRawBufferPointer) -> String {
        var name: String?, ext: String?, number: String?
        JSONMembers.forEach(from) { key, value in
            if JSONMembers.equals(key, "name") { name = JSONMembers.string(value) }
            if JSONMembers.equals(key, "extensionNumber") { ext = JSONMembers.string(value) }
            if JSONMembers.equals(key, "phoneNumber") { number = JSONMembers.string(value) }
            return true
        }
        switch (name, ext) {
        case let (name?, ext?): return "\(name) (ext \(ext))"
        case let (name?, nil): return name
        case let (nil, ext?): return "ext \(ext)"
        case (nil, nil): return number ?? ""
        }
    }
}

extension EventActor {
    /// `staff:u-123`, `ai`, `system` from a log actor (unknown types kept verbatim).
    static func label(_ actor: Actor) -> String { actor.id.isEmpty ? actor.type : "\(actor.type):\(actor.id)" }
}
