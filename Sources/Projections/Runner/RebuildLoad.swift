import GRDB

/// A full rebuild's load (`ProjectionRunner.rebuild`): the projections as the load applies
/// them, and the work done once after its last batch.
///
/// The load writes a private generation that nobody reads before the swap, so it keeps
/// in step, event by event, only what the projections themselves read back:
/// - contacts stay in memory across batches (one `ContactRowCache`, up to
///   `contactsHeldMax` of them) and most are written once, not once per batch that touches
///   them;
/// - the search index is filled once from the final rows (`ContactSearchIndex.fill`);
/// - the per-contact call and SMS figures are computed once from the final call and message
///   rows (`ContactCallStats.fill`, `ContactMessageStats.fill`).
///
/// After `finish`, every table holds what applying `Projections.all` event by event leaves
/// (DeterminismTests compares the two dumps). A load that fails is discarded with its
/// generation, so a batch that rolls back after changing the cached rows does no harm.
/// Not thread-safe: one rebuild, one thread at a time.
final class RebuildLoad: @unchecked Sendable {
    let projections: [any Projection]
    private let contacts = ContactRowCache(searchIndex: false)

    init(contactsHeldMax: Int) {
        projections = Projections.make(
            contacts: ContactsProjection(load: .init(rows: contacts, heldMax: contactsHeldMax)), maintainsStats: false)
    }

    /// Writes the contacts still held and fills what the load left out, in one transaction.
    func finish(in db: Database) throws {
        try contacts.flush(into: db)
        try ContactSearchIndex.fill(db)
        try ContactCallStats.fill(db)
        try ContactMessageStats.fill(db)
    }
}
