import Domain
import EventStore
import Foundation

/// The scan half of the audit: one pass over the log in position order that keeps, per
/// contact (store, phone), the events a rule reads as compact `TimelineRecord`s, the stores'
/// latest profiles, and Do-Not-Contact folded in log order — what the system knew, with
/// `DoNotContactRule`, exactly as the command handlers' `StreamState` and the contacts read
/// model fold it.
///
/// Only the payload members a rule needs are read (`JSONMembers`): direction, messageType,
/// `from` and, for inbound SMS, the text; `doNotContact` of an analysis; the keyword of an
/// opt-out. Store profiles and merges, which are rare, go through the full `EventCodec`.
/// No clock, no I/O besides the scan that feeds it. Not thread-safe: one per audit.
struct AuditReplayer {
    struct StoreSlot {
        var storeId: String
        var profile: StoreProfile?
    }

    struct ContactSlot {
        var store: Int32
        var phone: PhoneNumber
        var records: [TimelineRecord] = []
        /// Do-Not-Contact in log order, and the position of the event that last changed it.
        var logDoNotContact: DoNotContactSource?
        var logDoNotContactPosition: UInt64 = 0
    }

    let keywords: OptOutKeywords
    private(set) var stores: [StoreSlot] = []
    private var storeIndex: [StoreKey: Int32] = [:]
    private(set) var contacts: [ContactSlot] = []
    private var contactIndex: [UInt64: Int32] = [:]
    /// Actor ids, keywords and caller labels, referenced by `TimelineRecord.aux`.
    private(set) var strings: [String] = []
    private var stringIndex: [String: UInt32] = [:]
    private var callers = CallerTable()
    private(set) var firstPosition: UInt64 = 0
    private(set) var lastPosition: UInt64 = 0
    private(set) var eventCount: UInt64 = 0
    /// Positions missing between replayed events (DNC-RETAIN: nothing deleted). Only possible
    /// for an unfiltered scan; a store filter skips positions on purpose.
    private(set) var gaps: [ClosedRange<UInt64>] = []
    private(set) var maxRecordedAt: Int64 = .min
    let checksGaps: Bool

    init(keywords: OptOutKeywords, checksGaps: Bool) {
        self.keywords = keywords
        self.checksGaps = checksGaps
    }

    mutating func apply(_ event: EventView) throws(AuditError) {
        eventCount += 1
        if firstPosition == 0 {
            firstPosition = event.position
        } else if checksGaps && event.position != lastPosition + 1 {
            gaps.append((lastPosition + 1)...(event.position - 1))
        }
        lastPosition = event.position
        let recordedAt = event.recordedAt.microsecondsSinceEpoch
        if recordedAt > maxRecordedAt { maxRecordedAt = recordedAt }
        let kind = EventKind.classify(event.typeBytes)
        switch kind {
        case .other:
            return
        case .storeRegistered, .storeUpdated:
            try applyStore(event)
        case .contactMerged:
            try applyMerge(event)
        default:
            guard let name = ContactStreamName(event.streamBytes) else { return }  // short codes, internal calls
            try applyContactEvent(kind, event, contact: contactSlot(name))
        }
    }

    // MARK: Contact events

    private mutating func applyContactEvent(_ kind: EventKind, _ event: EventView, contact: Int32) throws(AuditError) {
        var record = TimelineRecord(
            occurredAt: event.occurredAt.microsecondsSinceEpoch, recordedAt: event.recordedAt.microsecondsSinceEpoch,
            position: event.position, aux: 0, kind: .outboundCall)
        switch kind {
        case .messageLogged, .callLogged:
            guard let traffic = try readTraffic(kind, event) else { return }
            record.kind = traffic.kind
            record.aux = traffic.aux
        case .contactAnalyzed:
            guard let flag = try readDoNotContactFlag(event) else { return }
            record.kind = flag ? .dncSetAI : .dncClearedAI
            record.viaAnalysis = true
            foldLog(contact, flag ? { DoNotContactRule.set($0, by: .ai) } : { DoNotContactRule.clear($0, by: .ai) }, event.position)
        case .contactOptedOut, .contactOptedIn:
            record.kind = kind == .contactOptedOut ? .optedOut : .optedIn
            record.aux = intern(readString(event, member: "keyword") ?? "")
            let optOut = kind == .contactOptedOut
            foldLog(contact, optOut ? { DoNotContactRule.set($0, by: .system) } : { DoNotContactRule.clear($0, by: .system) }, event.position)
        case .contactDNCSet, .contactDNCCleared:
            let actor = event.actor
            let byAI = actor.type == ActorType.ai.rawValue
            let set = kind == .contactDNCSet
            record.kind = set ? (byAI ? .dncSetAI : .dncSetStaff) : (byAI ? .dncClearedAI : .dncClearedStaff)
            record.aux = intern(EventActor.label(actor))
            let source: DoNotContactSource = byAI ? .ai : .staff
            foldLog(contact, set ? { DoNotContactRule.set($0, by: source) } : { DoNotContactRule.clear($0, by: source) }, event.position)
        default:
            return
        }
        contacts[Int(contact)].records.append(record)
    }

    /// An outbound call or SMS (with its caller), an inbound keyword SMS, or nothing.
    private mutating func readTraffic(_ kind: EventKind, _ event: EventView) throws(AuditError) -> (kind: TimelineRecord.Kind, aux: UInt32)? {
        var direction: UnsafeRawBufferPointer?
        var messageType: UnsafeRawBufferPointer?
        var from: UnsafeRawBufferPointer?
        var subject: UnsafeRawBufferPointer?
        let isMessage = kind == .messageLogged
        let payload = event.payloadBytes
        JSONMembers.forEach(payload) { key, value in
            if JSONMembers.equals(key, "direction") {
                direction = value
            } else if JSONMembers.equals(key, "from") {
                from = value
            } else if isMessage && JSONMembers.equals(key, "messageType") {
                messageType = value
            } else if isMessage && JSONMembers.equals(key, "subject") {
                subject = value
                return false
            }
            // Calls need direction and from; an outbound message needs no text.
            if direction != nil && from != nil && (!isMessage || (messageType != nil && JSONMembers.equals(direction!, "\"Outbound\""))) {
                return false
            }
            return true
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
        var flag: Bool?
        let wellFormed = JSONMembers.forEach(event.payloadBytes) { key, value in
            guard JSONMembers.equals(key, "doNotContact") else { return true }
            flag = JSONMembers.equals(value, "true") ? true : JSONMembers.equals(value, "false") ? false : nil
            return false
        }
        if !wellFormed { throw AuditError.undecodableEvent(position: event.position, type: event.type, reason: "payload is not a JSON object") }
        return flag
    }

    private func readString(_ event: EventView, member: StaticString) -> String? {
        var text: String?
        JSONMembers.forEach(event.payloadBytes) { key, value in
            guard JSONMembers.equals(key, member) else { return true }
            text = JSONMembers.string(value)
            return false
        }
        return text
    }

    private mutating func foldLog(_ contact: Int32, _ change: (DoNotContactSource?) -> DoNotContactSource?, _ position: UInt64) {
        let before = contacts[Int(contact)].logDoNotContact
        let after = change(before)
        contacts[Int(contact)].logDoNotContact = after
        if after != before { contacts[Int(contact)].logDoNotContactPosition = position }
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
        let index = storeSlot(profile.storeId.rawValue)
        stores[Int(index)].profile = profile
    }

    private mutating func applyMerge(_ event: EventView) throws(AuditError) {
        let decoded = try Self.decode(event)
        guard case .contactMerged(let merged) = decoded.payload, merged.recordedOn == .target else { return }
        let store = storeSlot(merged.storeId.rawValue)
        let target = contactSlot(store: store, phone: merged.targetPhone)
        let source = contactSlot(store: store, phone: merged.sourcePhone)
        let sourceDNC = contacts[Int(source)].logDoNotContact
        foldLog(target, { DoNotContactRule.strongest($0, sourceDNC) }, event.position)
        contacts[Int(target)].records.append(TimelineRecord(
            occurredAt: event.occurredAt.microsecondsSinceEpoch, recordedAt: event.recordedAt.microsecondsSinceEpoch,
            position: event.position, aux: UInt32(source), kind: .mergedFrom))
    }

    static func decode(_ event: EventView) throws(AuditError) -> DomainEvent {
        do {
            return try DomainEvent(recorded: event.materialize())
        } catch {
            throw AuditError.undecodableEvent(position: event.position, type: event.type, reason: "\(error)")
        }
    }

    // MARK: Tables

    private mutating func storeSlot(_ storeId: String) -> Int32 {
        var text = storeId
        // StoreID is a validated lower-case UUID, so it always parses.
        let key = text.withUTF8 { StoreKey(UnsafeRawBufferPointer($0)) }!
        if let index = storeIndex[key] { return index }
        let index = Int32(stores.count)
        stores.append(StoreSlot(storeId: storeId))
        storeIndex[key] = index
        return index
    }

    private mutating func contactSlot(_ name: ContactStreamName) -> Int32 {
        let store: Int32
        if let index = storeIndex[name.store] {
            store = index
        } else {
            store = Int32(stores.count)
            stores.append(StoreSlot(storeId: String(decoding: name.storeBytes, as: UTF8.self)))
            storeIndex[name.store] = store
        }
        let key = UInt64(store) << 34 | name.nationalNumber
        if let index = contactIndex[key] { return index }
        let digits = String(name.nationalNumber)
        return addContact(key: key, store: store, phone: PhoneNumber("+1" + digits)!)
    }

    private mutating func contactSlot(store: Int32, phone: PhoneNumber) -> Int32 {
        let key = UInt64(store) << 34 | UInt64(phone.nationalDigits)!
        if let index = contactIndex[key] { return index }
        return addContact(key: key, store: store, phone: phone)
    }

    private mutating func addContact(key: UInt64, store: Int32, phone: PhoneNumber) -> Int32 {
        let index = Int32(contacts.count)
        contacts.append(ContactSlot(store: store, phone: phone))
        contactIndex[key] = index
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

    mutating func sortRecords(_ contact: Int) { contacts[contact].records.sort(by: TimelineRecord.eventOrder) }
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

