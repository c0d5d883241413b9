import GRDB

/// The contact rows one batch has touched, kept in memory until the batch ends
/// (write-behind). A contact that several events of the batch change is read once and
/// written once, with its search-index entry replaced once, instead of once per event.
/// A full rebuild's load keeps one cache across all its batches (`RebuildLoad`), so most
/// contacts are written once in the whole load.
///
/// `flush` inserts new contacts in the order the batch created them, so they get the same
/// rowids whatever the batch size (rowids order the contacts page and key the search index;
/// a rebuild must equal the live read model byte for byte). A contact looked up before it
/// exists (and created by a later event) takes its place when it is created.
/// Nothing else reads `contacts` while a batch is applied: it is this projection's table
/// (`Projection`). Not thread-safe: used by one thread at a time — a batch, or a rebuild's
/// batches, which the runner applies one after another (hence `@unchecked Sendable`).
final class ContactRowCache: @unchecked Sendable {
    private struct Key: Hashable {
        var storeId: String
        var phone: String
    }

    private struct Slot {
        /// The row as the database holds it (nil: not there yet).
        var stored: ContactRow?
        /// The row after the batch's changes so far (nil: still no contact).
        var current: ContactRow?
    }

    /// Whether rows are written with their search-index entries (`ContactRow.save`).
    private let searchIndex: Bool
    private var index: [Key: Int] = [:]
    private var slots: [Slot] = []
    /// Slots in the order their contact came to exist in this batch (read or created).
    private var order: [Int] = []

    init(searchIndex: Bool = true) {
        self.searchIndex = searchIndex
    }

    /// Contacts held (read, created or looked up and found missing) since the last flush.
    var count: Int { slots.count }

    /// The contact as the earlier events left it, or nil when there is none.
    func row(storeId: String, phone: String, in db: Database) throws -> ContactRow? {
        let key = Key(storeId: storeId, phone: phone)
        if let slot = index[key] { return slots[slot].current }
        let stored = try ContactRow.fetch(db, storeId: storeId, phone: phone)
        index[key] = slots.count
        if stored != nil { order.append(slots.count) }
        slots.append(Slot(stored: stored, current: stored))
        return stored
    }

    /// Replaces the contact's row (the caller read it with `row` first).
    func update(_ row: ContactRow) {
        guard let slot = index[Key(storeId: row.storeId, phone: row.phone)] else {
            preconditionFailure("ContactRowCache.update without a preceding row(storeId:phone:)")
        }
        if slots[slot].current == nil { order.append(slot) }
        slots[slot].current = row
    }

    /// Writes every changed row (new ones in creation order) and empties the cache.
    func flush(into db: Database) throws {
        for slot in order {
            guard var row = slots[slot].current, row != slots[slot].stored else { continue }
            try row.save(db, previous: slots[slot].stored, searchIndex: searchIndex)
        }
        slots.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        order.removeAll(keepingCapacity: true)
    }
}
