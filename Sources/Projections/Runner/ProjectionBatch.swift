import EventStore
import GRDB

/// Applies a batch of consecutive events to the projections in one SQLite transaction
/// (BEGIN IMMEDIATE on the single writer connection) together with each projection's
/// checkpoint, so a crash never applies an event twice or skips one (READMODELS.md).
///
/// A projection that fails on an event stops exactly there: the batch rolls back, the
/// events before the failing one are applied again in their own transaction, and the
/// error names the projection and the position. Nothing after it is applied and nothing
/// is skipped. Stateless (thread-safe).
enum ProjectionBatch {
    static func apply(
        _ events: [ProjectedEvent], through last: UInt64, projections: [any Projection], to writer: some DatabaseWriter
    ) throws(ProjectionError) {
        do {
            try commit(events, through: last, projections: projections, to: writer)
        } catch let failure as ProjectionError {
            guard let position = failure.position, let first = events.first?.position, position > first else { throw failure }
            try? commit(events.filter { $0.position < position }, through: position - 1, projections: projections, to: writer)
            throw failure
        } catch {
            throw .storage(path: writer.path, reason: "\(error)")
        }
    }

    private static func commit(
        _ events: [ProjectedEvent], through last: UInt64, projections: [any Projection], to writer: some DatabaseWriter
    ) throws {
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let checkpoints = try ReadModel.checkpoints(db)
                for projection in projections {
                    let from = checkpoints[projection.name] ?? 0
                    guard from < last else { continue }
                    let start = events.firstIndex { $0.position > from } ?? events.endIndex
                    try projection.apply(batch: events[start...], in: db)
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
                            ON CONFLICT (name) DO UPDATE SET position = excluded.position
                            """
                    ).execute(arguments: [projection.name.rawValue, Int64(last)])
                }
                return .commit
            }
        }
    }

    /// Reads and decodes events `from...through` (at most `countMax`). A payload that does
    /// not decode ends the batch before it and is reported as the failure, after the
    /// events before it have been returned for applying.
    static func read(
        from: UInt64, through: UInt64, countMax: Int, store: EventStore
    ) throws(ProjectionError) -> (events: [ProjectedEvent], last: UInt64, failure: ProjectionError?) {
        let recorded: [RecordedEvent]
        do {
            recorded = try store.read(from: from, maxCount: min(countMax, Int(through - from + 1)))
        } catch {
            throw .storage(path: store.directory, reason: "reading the log at \(from): \(error)")
        }
        var events: [ProjectedEvent] = []
        events.reserveCapacity(recorded.count)
        for event in recorded {
            do {
                events.append(try ProjectedEvent(recorded: event))
            } catch {
                return (events, event.position - 1, error)
            }
        }
        return (events, recorded.last?.position ?? from - 1, nil)
    }
}
