import Domain
import EventStore
import Synchronization

/// The store registry (PRODUCT.md "Tenancy": the documents' StoresV2): every store's current
/// `StoreProfile`, looked up by store id, lead-tracking id, lead sender email, the store's own
/// phone numbers, or RingCentral account id.
///
/// It is a fold of the log, not a second source of truth: `init` scans `store.registered` and
/// `store.updated` from position 1 (the payload is the whole record, so the last event of a
/// store wins), and `catchUp()` applies what was appended since. `RegisterStoreHandler` and
/// `EventEnvelopeHandler` catch up after their appends; the other handlers catch up when a
/// lookup misses (a store registered through another handler instance), so the hot path of
/// a known store is memory only.
///
/// Tracking ids and phone numbers belong to one store each (`RegisterStoreHandler` refuses a
/// second owner); lead senders and account ids may be shared (the fixtures' two stores share
/// `leads@booking.example.com`), so those lookups return every match.
///
/// Thread-safe: all state sits in a `Mutex`; a catch-up scans outside it and applies only
/// events past the position already applied, so concurrent catch-ups cannot apply twice.
public final class StoreRegistry: Sendable {
    struct State {
        var appliedThrough: UInt64 = 0
        var profiles: [StoreID: StoreProfile] = [:]
        /// The event that made each store's current profile.
        var origins: [StoreID: Origin] = [:]
        var byTrackingId: [TrackingID: StoreID] = [:]
        var byPhone: [PhoneNumber: StoreID] = [:]
        var byAccount: [AccountID: Set<StoreID>] = [:]
        var bySender: [EmailAddress: Set<StoreID>] = [:]
    }

    /// The event that made a store's current profile.
    struct Origin: Hashable, Sendable {
        var position: UInt64
        var type: EventType
        var idempotencyKey: String
    }

    static let eventTypes: Set<String> = [EventType.storeRegistered.rawValue, EventType.storeUpdated.rawValue]

    let store: EventStore
    private let state = Mutex(State())

    /// Folds every store event in the log.
    public init(store: EventStore) throws(CommandError) {
        self.store = store
        try catchUp()
    }

    /// Applies store events appended since the last fold.
    public func catchUp() throws(CommandError) {
        let from = state.withLock { $0.appliedThrough } + 1
        let end = store.durablePosition
        guard from <= end else { return }
        var found: [(origin: Origin, profile: StoreProfile)] = []
        do {
            try store.scan(from: from, through: end, filter: EventFilter(types: Self.eventTypes)) { view in
                let event = try DomainEvent(recorded: view.materialize())
                let origin = Origin(position: view.position, type: event.type, idempotencyKey: event.idempotencyKey)
                switch event.payload {
                case .storeRegistered(let registered): found.append((origin, registered.profile))
                case .storeUpdated(let updated): found.append((origin, updated.profile))
                default: break
                }
                return true
            }
        } catch let error as DomainError {
            throw CommandError(.storageFailure, field: "", reason: "a store event in the log cannot be read: \(error)")
        } catch {
            throw CommandError.fromStore(error)
        }
        state.withLock { state in
            for (origin, profile) in found where origin.position > state.appliedThrough {
                Self.apply(profile, origin: origin, to: &state)
            }
            state.appliedThrough = max(state.appliedThrough, end)
        }
    }

    private static func apply(_ profile: StoreProfile, origin: Origin, to state: inout State) {
        let id = profile.storeId
        if let old = state.profiles[id] {
            for tracking in old.trackingIds where state.byTrackingId[tracking] == id { state.byTrackingId[tracking] = nil }
            for phone in old.phoneNumbers where state.byPhone[phone] == id { state.byPhone[phone] = nil }
            state.byAccount[old.accountId]?.remove(id)
            for sender in old.leadSenders { state.bySender[sender]?.remove(id) }
        }
        state.profiles[id] = profile
        state.origins[id] = origin
        for tracking in profile.trackingIds { state.byTrackingId[tracking] = id }
        for phone in profile.phoneNumbers { state.byPhone[phone] = id }
        state.byAccount[profile.accountId, default: []].insert(id)
        for sender in profile.leadSenders { state.bySender[sender, default: []].insert(id) }
    }

    // MARK: Lookups (memory only)

    public func profile(storeId: StoreID) -> StoreProfile? {
        state.withLock { $0.profiles[storeId] }
    }

    public func profile(trackingId: TrackingID) -> StoreProfile? {
        state.withLock { state in state.byTrackingId[trackingId].flatMap { state.profiles[$0] } }
    }

    /// The store that owns `phoneNumber` (one of its own numbers, not a customer's).
    public func profile(phoneNumber: PhoneNumber) -> StoreProfile? {
        state.withLock { state in state.byPhone[phoneNumber].flatMap { state.profiles[$0] } }
    }

    /// Stores receiving leads from `leadSender`, by store id.
    public func profiles(leadSender: EmailAddress) -> [StoreProfile] {
        state.withLock { state in (state.bySender[leadSender] ?? []).sorted().compactMap { state.profiles[$0] } }
    }

    /// Stores of RingCentral account `accountId`, by store id.
    public func profiles(accountId: AccountID) -> [StoreProfile] {
        state.withLock { state in (state.byAccount[accountId] ?? []).sorted().compactMap { state.profiles[$0] } }
    }

    /// Every registered store, by store id.
    public var all: [StoreProfile] {
        state.withLock { state in state.profiles.keys.sorted().compactMap { state.profiles[$0] } }
    }

    /// The position of the event that made `storeId`'s current profile.
    public func position(of storeId: StoreID) -> UInt64? {
        state.withLock { $0.origins[storeId]?.position }
    }

    func origin(of storeId: StoreID) -> Origin? {
        state.withLock { $0.origins[storeId] }
    }

    /// `lookup`, and when it finds nothing, once more after catching up with the log.
    func resolve<T>(_ lookup: (StoreRegistry) -> T?) throws(CommandError) -> T? {
        if let found = lookup(self) { return found }
        try catchUp()
        return lookup(self)
    }
}
