import Domain

/// The whole log's replay, joined from the workers' chunks (`AuditReplayer`, `ReplayChunk`):
/// stores, contacts and strings in one numbering, each contact's timeline a contiguous range
/// of `records` sorted by event time (`TimelineRecord.eventOrder`), and the replayed range.
///
/// The join does not depend on how the log was split or which worker read what: stores and
/// contacts are numbered by where the log first mentions them, a store's profile is the one
/// at the highest position, and a contact's records keep log order before the (stable)
/// event-time sort. So 1 worker and N workers give the same replay and the same report.
/// Not thread-safe (a value built once, then read).
struct AuditReplay {
    struct StoreSlot {
        var storeId: String
        var profile: StoreProfile?
    }

    struct ContactSlot {
        var store: Int32
        var phone: PhoneNumber
        /// The contact's records in `AuditReplay.records`.
        var records: Range<Int>
        /// Do-Not-Contact folded in log order, and the position of the event that last changed
        /// it (only when the merge was asked to fold it: `finalDoNotContact`).
        var logDoNotContact: DoNotContactSource?
        var logDoNotContactPosition: UInt64 = 0
    }

    private(set) var stores: [StoreSlot] = []
    private(set) var contacts: [ContactSlot] = []
    private(set) var records: [TimelineRecord] = []
    private(set) var strings: [String] = []
    private(set) var firstPosition: UInt64 = 0
    private(set) var lastPosition: UInt64 = 0
    private(set) var eventCount: UInt64 = 0
    /// Positions missing between replayed events (only checked for an unfiltered scan).
    private(set) var gaps: [ClosedRange<UInt64>] = []
    private(set) var maxRecordedAt: Int64 = .min

    func records(of contact: Int) -> ArraySlice<TimelineRecord> { records[contacts[contact].records] }

    /// Joins the workers' tables and chunks on up to `threads` threads. `chunks` may come in any
    /// order; `foldsDoNotContact`
    /// also folds each contact's DNC in log order with `DoNotContactRule` — the fold the command
    /// handlers (`StreamState`) and the contacts read model make.
    init(workers: [AuditReplayer], chunks unordered: [ReplayChunk], threads: Int, foldsDoNotContact: Bool) {
        let chunks = unordered.sorted { $0.index < $1.index }
        for chunk in chunks where chunk.eventCount > 0 {
            if firstPosition == 0 {
                firstPosition = chunk.firstPosition
            } else if workers[chunk.worker].checksGaps && chunk.firstPosition != lastPosition + 1 {
                gaps.append((lastPosition + 1)...(chunk.firstPosition - 1))
            }
            gaps += chunk.gaps
            lastPosition = chunk.lastPosition
            eventCount += chunk.eventCount
            maxRecordedAt = max(maxRecordedAt, chunk.maxRecordedAt)
        }
        let storeMaps = joinStores(workers)
        let contactMaps = joinContacts(workers, storeMaps)
        let stringMaps = joinStrings(workers)
        gatherRecords(chunks, contactMaps: contactMaps, stringMaps: stringMaps, workers: threads, foldsDoNotContact: foldsDoNotContact)
    }

    /// One numbering of stores, by first mention; returns each worker's local → global map.
    private mutating func joinStores(_ workers: [AuditReplayer]) -> [[Int32]] {
        var byKey: [StoreKey: Int] = [:]
        var joined: [(slot: AuditReplayer.StoreSlot, hasProfile: Bool)] = []
        let temporary = workers.map { worker in
            worker.stores.map { slot -> Int in
                guard let index = byKey[slot.key] else {
                    byKey[slot.key] = joined.count
                    joined.append((slot, slot.profile != nil))
                    return joined.count - 1
                }
                if slot.firstSeen < joined[index].slot.firstSeen {
                    joined[index].slot.firstSeen = slot.firstSeen
                    joined[index].slot.storeId = slot.storeId
                }
                if slot.profile != nil && (!joined[index].hasProfile || slot.profilePosition > joined[index].slot.profilePosition) {
                    joined[index].slot.profile = slot.profile
                    joined[index].slot.profilePosition = slot.profilePosition
                    joined[index].hasProfile = true
                }
                return index
            }
        }
        let order = joined.indices.sorted { joined[$0].slot.firstSeen < joined[$1].slot.firstSeen }
        var final = [Int32](repeating: 0, count: joined.count)
        for (rank, index) in order.enumerated() { final[index] = Int32(rank) }
        stores = order.map { StoreSlot(storeId: joined[$0].slot.storeId, profile: joined[$0].slot.profile) }
        return temporary.map { $0.map { final[$0] } }
    }

    /// One numbering of contacts, by first mention; returns each worker's local → global map.
    private mutating func joinContacts(_ workers: [AuditReplayer], _ storeMaps: [[Int32]]) -> [[Int32]] {
        var table = SlotTable(capacityHint: workers.map(\.contacts.count).max() ?? 0)
        var joined: [AuditReplayer.ContactSlot] = []
        let temporary = zip(workers, storeMaps).map { worker, storeMap in
            worker.contacts.map { local -> Int32 in
                var slot = local
                slot.store = storeMap[Int(local.store)]
                let key = ReplayOrder.contactKey(store: slot.store, number: slot.nationalNumber)
                if let index = table.value(for: key) {
                    if slot.firstSeen < joined[Int(index)].firstSeen { joined[Int(index)] = slot }
                    return index
                }
                table.insert(key, Int32(joined.count))
                joined.append(slot)
                return Int32(joined.count - 1)
            }
        }
        let order = joined.indices.sorted { joined[$0].firstSeen < joined[$1].firstSeen }
        var final = [Int32](repeating: 0, count: joined.count)
        for (rank, index) in order.enumerated() { final[index] = Int32(rank) }
        contacts = order.map { ContactSlot(store: joined[$0].store, phone: joined[$0].phone, records: 0..<0) }
        return temporary.map { $0.map { final[Int($0)] } }
    }

    /// One string table; returns each worker's local → global map.
    private mutating func joinStrings(_ workers: [AuditReplayer]) -> [[UInt32]] {
        var index: [String: UInt32] = [:]
        return workers.map { worker in
            worker.strings.map { text in
                if let found = index[text] { return found }
                let added = UInt32(strings.count)
                strings.append(text)
                index[text] = added
                return added
            }
        }
    }

    /// Places every record in its contact's range, keeping log order within it (a counting
    /// sort over the chunks in log order), renumbers `aux`, then sorts each range by event
    /// time. The contacts are cut into one range per worker; each worker counts, places and
    /// sorts only its own contacts' records, so no two workers write the same memory.
    private mutating func gatherRecords(
        _ chunks: [ReplayChunk], contactMaps: [[Int32]], stringMaps: [[UInt32]], workers: Int, foldsDoNotContact: Bool
    ) {
        // The joined contact of every record, chunk by chunk.
        let owners = ParallelWork.map(count: chunks.count, workers: workers) { index in
            let map = contactMaps[chunks[index].worker]
            return chunks[index].contacts.map { map[Int($0)] }
        }
        let parts = ParallelWork.ranges(count: contacts.count, parts: workers)
        let counts = ParallelWork.map(count: parts.count, workers: workers) { part in
            let low = Int32(parts[part].lowerBound), high = Int32(parts[part].upperBound)
            var counts = [Int](repeating: 0, count: parts[part].count)
            for chunkOwners in owners {
                for contact in chunkOwners where contact >= low && contact < high { counts[Int(contact - low)] += 1 }
            }
            return counts
        }
        var total = 0
        for (part, range) in parts.enumerated() {
            for (offset, count) in counts[part].enumerated() {
                contacts[range.lowerBound + offset].records = total..<(total + count)
                total += count
            }
        }
        guard total > 0 else { return }
        let ranges = contacts.map(\.records)
        records = [TimelineRecord](unsafeUninitializedCapacity: total) { buffer, initialized in
            let out = DisjointWrites(base: buffer.baseAddress!)
            _ = ParallelWork.map(count: parts.count, workers: workers) { part in
                let low = Int32(parts[part].lowerBound), high = Int32(parts[part].upperBound)
                var next = ranges[parts[part]].map(\.lowerBound)
                for (index, chunk) in chunks.enumerated() {
                    let contactMap = contactMaps[chunk.worker], stringMap = stringMaps[chunk.worker]
                    for (record, contact) in zip(chunk.records, owners[index]) where contact >= low && contact < high {
                        let slot = Int(contact - low)
                        (out.base + next[slot]).initialize(to: Self.renumbered(record, contactMap, stringMap))
                        next[slot] += 1
                    }
                }
                for range in ranges[parts[part]] where range.count > 1 {
                    var timeline = UnsafeMutableBufferPointer(start: out.base + range.lowerBound, count: range.count)
                    if !Self.isInEventOrder(timeline) { timeline.sort(by: TimelineRecord.eventOrder) }
                }
                return true
            }
            initialized = total
        }
        guard foldsDoNotContact else { return }
        for (index, chunk) in chunks.enumerated() {
            let contactMap = contactMaps[chunk.worker], stringMap = stringMaps[chunk.worker]
            for (record, contact) in zip(chunk.records, owners[index]) {
                foldLog(Int(contact), Self.renumbered(record, contactMap, stringMap))
            }
        }
    }

    /// `aux` in the joined numbering: a string index, except for merges (a contact) and
    /// analyses (unused).
    @inline(__always)
    private static func renumbered(_ record: TimelineRecord, _ contactMap: [Int32], _ stringMap: [UInt32]) -> TimelineRecord {
        var record = record
        if record.kind == .mergedFrom {
            record.aux = UInt32(contactMap[Int(record.aux)])
        } else if !record.viaAnalysis {
            record.aux = stringMap[Int(record.aux)]
        }
        return record
    }

    private static func isInEventOrder(_ timeline: UnsafeMutableBufferPointer<TimelineRecord>) -> Bool {
        for i in 1..<timeline.count where TimelineRecord.eventOrder(timeline[i], timeline[i - 1]) { return false }
        return true
    }

    /// The log-order DNC fold of one event: the records are exactly the events that change it.
    private mutating func foldLog(_ contact: Int, _ record: TimelineRecord) {
        let before = contacts[contact].logDoNotContact
        guard record.kind.changesDoNotContact else { return }
        let after =
            record.kind == .mergedFrom
            ? DoNotContactRule.strongest(before, contacts[Int(record.aux)].logDoNotContact)
            : record.kind.doNotContact(after: before)
        contacts[contact].logDoNotContact = after
        if after != before { contacts[contact].logDoNotContactPosition = record.position }
    }
}
