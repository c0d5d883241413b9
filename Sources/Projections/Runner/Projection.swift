import GRDB

/// A projection: a pure function from events to rows of its own tables. `apply` is called
/// in log order, inside the runner's transaction, for every event after the projection's
/// checkpoint; it must not read the wall clock, random numbers or another projection's
/// tables (READMODELS.md: "pure functions of the events"). Implementations are stateless
/// values (thread-safe).
protocol Projection: Sendable {
    var name: ProjectionName { get }
    func apply(_ event: ProjectedEvent, in db: Database) throws
}

enum Projections {
    /// Every projection, in `ProjectionName` order.
    static let all: [any Projection] = [
        ContactsProjection(), TasksProjection(), LeadsProjection(), MessagesProjection(), CallsProjection(),
    ]

    static func named(_ name: ProjectionName) -> any Projection {
        all.first { $0.name == name }!
    }
}
