import EventStore
import Synchronization

/// An in-memory fold of some event types of the log, kept by the command side where a
/// decision needs a lookup the log's indexes do not give (`CallIndex`: call id → its stream;
/// `LeadTaskIndex`: outreach task id → its lead's store; `UnroutedInputs`: the kept inputs).
///
/// Built on first use by one scan of `filter`'s types from position 1, then caught up with
/// the log's tail on demand (`catchUp`). `extract` reads what the fold needs from each event
/// (outside the lock; ideally from the envelope alone); `apply` adds it to the state, under
/// the lock, only for positions past the last applied one — so two catch-ups racing over the
/// same tail apply each event once.
///
/// Thread-safe: the state sits in a `Mutex`; scans run outside it.
final class LogFold<State: Sendable, Item: Sendable>: Sendable {
    private let store: EventStore
    private let filter: EventFilter
    private let extract: @Sendable (EventView) throws -> Item?
    private let apply: @Sendable (inout State, Item, _ position: UInt64) -> Void
    private let state: Mutex<(appliedThrough: UInt64, value: State)>

    init(
        store: EventStore, types: Set<String>, initial: State, extract: @escaping @Sendable (EventView) throws -> Item?,
        apply: @escaping @Sendable (inout State, Item, _ position: UInt64) -> Void
    ) {
        self.store = store
        filter = EventFilter(types: types)
        self.extract = extract
        self.apply = apply
        state = Mutex((0, initial))
    }

    /// Reads the state as it stands (no catch-up).
    func read<T>(_ body: (State) -> T) -> T {
        state.withLock { body($0.value) }
    }

    /// Applies the events of `filter`'s types appended since the last catch-up.
    func catchUp() throws(CommandError) {
        let from = state.withLock { $0.appliedThrough } + 1
        let end = store.durablePosition
        guard from <= end else { return }
        var found: [(position: UInt64, item: Item)] = []
        do {
            try store.scan(from: from, through: end, filter: filter) { view in
                if let item = try extract(view) { found.append((view.position, item)) }
                return true
            }
        } catch {
            throw CommandError.fromStore(error)
        }
        state.withLock { state in
            for (position, item) in found where position > state.appliedThrough {
                apply(&state.value, item, position)
            }
            state.appliedThrough = max(state.appliedThrough, end)
        }
    }
}
