import GRDB

/// A projection: a pure function from events to rows of its own tables. `apply` is called
/// in log order, inside the runner's transaction, for every event after the projection's
/// checkpoint; it must not read the wall clock, random numbers or another projection's
/// tables (READMODELS.md: "pure functions of the events"). Implementations are stateless
/// values (thread-safe).
protocol Projection: Sendable {
    var name: ProjectionName { get }
    func apply(_ event: ProjectedEvent, in db: Database) throws

    /// Applies consecutive events of one batch, inside the batch's transaction, and leaves
    /// every row written before returning. The default applies each event in turn; a
    /// projection that keeps rows in memory for the length of a batch overrides it.
    /// A failing event is reported with its position (`applyFailed`); any other error fails
    /// the whole batch (the runner reports it as a storage failure).
    func apply(batch events: ArraySlice<ProjectedEvent>, in db: Database) throws
}

extension Projection {
    func apply(batch events: ArraySlice<ProjectedEvent>, in db: Database) throws {
        for index in events.indices {
            do {
                try apply(events[index], in: db)
            } catch {
                throw failure(events[index], error)
            }
        }
    }

    /// The error that stops this projection at `event`.
    func failure(_ event: ProjectedEvent, _ error: any Error) -> ProjectionError {
        if let error = error as? ProjectionError { return error }
        return .applyFailed(projection: name, position: event.position, type: event.event.type.rawValue, reason: "\(error)")
    }
}

enum Projections {
    /// Every projection, in `ProjectionName` order.
    static let all = make(contacts: ContactsProjection(), maintainsStats: true)

    /// Every projection, in `ProjectionName` order; a full rebuild's load passes its own
    /// contacts projection and leaves the per-contact figures to the end (`RebuildLoad`).
    static func make(contacts: ContactsProjection, maintainsStats: Bool) -> [any Projection] {
        [
            contacts, TasksProjection(), LeadsProjection(), MessagesProjection(maintainsStats: maintainsStats),
            CallsProjection(maintainsStats: maintainsStats),
        ]
    }

    static func named(_ name: ProjectionName) -> any Projection {
        all.first { $0.name == name }!
    }
}
