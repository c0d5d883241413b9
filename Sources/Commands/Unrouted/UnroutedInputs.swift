import Domain
import EventStore
import Synchronization

/// The kept inputs (CDP.md §8): every `input.unrouted` in the log with, once it was re-routed,
/// the `input.rerouted` that settled it. What `GET /v1/unrouted`, `contactledger unrouted list`
/// and the re-routing on store registration read.
///
/// A fold of the log, like `StoreRegistry`, rather than a read model: the command side needs
/// it to decide re-routes (read models may lag and Commands does not import Projections), and
/// the list is small — inputs no store owns are the exception. The first use scans the log
/// for the two types from position 1 (so opening the handlers costs nothing when nobody asks);
/// every use after that applies only what was appended since. Held per input: its metadata
/// and routing facts, never its bytes (an email may be 10 MiB) — `input(at:)` reads those back.
///
/// Thread-safe: the state sits in a `Mutex`; a catch-up scans outside it and applies only
/// events past the position already applied.
public final class UnroutedInputs: Sendable {
    struct State {
        var appliedThrough: UInt64 = 0
        /// In log order.
        var inputs: [UnroutedInput] = []
        var indexByKey: [String: Int] = [:]
    }

    static let eventTypes: Set<String> = [EventType.inputUnrouted.rawValue, EventType.inputRerouted.rawValue]

    let store: EventStore
    private let state = Mutex(State())

    public init(store: EventStore) {
        self.store = store
    }

    /// Applies the unrouted/re-routed events appended since the last fold.
    public func catchUp() throws(CommandError) {
        let from = state.withLock { $0.appliedThrough } + 1
        let end = store.durablePosition
        guard from <= end else { return }
        var found: [(position: UInt64, event: DomainEvent, recordedAt: Timestamp)] = []
        do {
            try store.scan(from: from, through: end, filter: EventFilter(types: Self.eventTypes)) { view in
                let recorded = view.materialize()
                found.append((view.position, try DomainEvent(recorded: recorded), recorded.recordedAt))
                return true
            }
        } catch let error as DomainError {
            throw CommandError(.storageFailure, field: "", reason: "an unrouted input in the log cannot be read: \(error)")
        } catch {
            throw CommandError.fromStore(error)
        }
        state.withLock { state in
            for (position, event, recordedAt) in found where position > state.appliedThrough {
                Self.apply(event, at: position, recordedAt: recordedAt, to: &state)
            }
            state.appliedThrough = max(state.appliedThrough, end)
        }
    }

    private static func apply(_ event: DomainEvent, at position: UInt64, recordedAt: Timestamp, to state: inout State) {
        switch event.payload {
        case .inputUnrouted(var payload):
            guard state.indexByKey[event.idempotencyKey] == nil else { return }
            payload.input = nil
            payload.inputBase64 = nil
            state.indexByKey[event.idempotencyKey] = state.inputs.count
            state.inputs.append(
                UnroutedInput(
                    position: position, idempotencyKey: event.idempotencyKey, stream: event.stream, actor: event.actor,
                    recordedAt: recordedAt, payload: payload))
        case .inputRerouted(let rerouted):
            guard let index = state.indexByKey[rerouted.unroutedKey], state.inputs[index].reroutedPosition == nil else { return }
            state.inputs[index].reroutedPosition = position
            state.inputs[index].reroutedStoreId = rerouted.storeId
        default:
            break
        }
    }

    /// Kept inputs from position `from` on, in log order, at most `limit`; `includeRerouted`
    /// lists settled ones too. `next`: the position to continue from, nil at the end.
    public func list(from: UInt64 = 1, limit: Int, includeRerouted: Bool = false) throws(CommandError) -> (
        inputs: [UnroutedInput], next: UInt64?
    ) {
        try catchUp()
        return state.withLock { state in
            let start = state.inputs.partitionPoint { $0.position < from }
            var page: [UnroutedInput] = []
            for input in state.inputs[start...] where includeRerouted || input.reroutedPosition == nil {
                if page.count == limit { return (page, input.position) }
                page.append(input)
            }
            return (page, nil)
        }
    }

    /// The kept inputs not re-routed yet that a store registered as `profile` may own, in log order.
    func pending(for profile: StoreProfile) throws(CommandError) -> [UnroutedInput] {
        try catchUp()
        return state.withLock { $0.inputs.filter { $0.reroutedPosition == nil && $0.mayBelong(to: profile) } }
    }

    /// The whole `input.unrouted` payload of `input` (with its bytes), read back from the log.
    func payload(of input: UnroutedInput) throws(CommandError) -> InputUnrouted {
        let recorded: [RecordedEvent]
        do {
            recorded = try store.read(from: input.position, maxCount: 1)
        } catch {
            throw CommandError.fromStore(error)
        }
        guard let event = recorded.first, event.position == input.position,
            case .inputUnrouted(let payload)? = try? DomainEvent(recorded: event).payload
        else {
            throw CommandError(.storageFailure, field: "", reason: "the unrouted input at position \(input.position) cannot be read")
        }
        return payload
    }
}

extension Array {
    /// The first index whose element is not `belowTarget` (the elements are partitioned).
    fileprivate func partitionPoint(_ belowTarget: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if belowTarget(self[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
