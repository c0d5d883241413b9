import Domain
import EventStore

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
/// Thread-safe: a `LogFold`.
public final class UnroutedInputs: Sendable {
    struct State: Sendable {
        /// In log order.
        var inputs: [UnroutedInput] = []
        var indexByKey: [String: Int] = [:]
    }

    static let eventTypes: Set<String> = [EventType.inputUnrouted.rawValue, EventType.inputRerouted.rawValue]

    let store: EventStore
    private let fold: LogFold<State, (event: DomainEvent, recordedAt: Timestamp)>

    public init(store: EventStore) {
        self.store = store
        fold = LogFold(
            store: store, types: Self.eventTypes, initial: State(),
            extract: { view in
                let recorded = view.materialize()
                do {
                    return (try DomainEvent(recorded: recorded), recorded.recordedAt)
                } catch {
                    throw CommandError(.storageFailure, field: "", reason: "an unrouted input in the log cannot be read: \(error)")
                }
            },
            apply: { state, item, position in Self.apply(item.event, at: position, recordedAt: item.recordedAt, to: &state) })
    }

    /// Applies the unrouted/re-routed events appended since the last fold.
    public func catchUp() throws(CommandError) { try fold.catchUp() }

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
        return fold.read { state in
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
        return fold.read { $0.inputs.filter { $0.reroutedPosition == nil && $0.mayBelong(to: profile) } }
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
