import Domain
import EventStore

/// What history to generate: how many stores, how many people per store, over how many days
/// from `start`, and the seed that makes it reproducible. The same options give the same
/// events byte for byte (docs/ARCHITECTURE.md "Demo generator").
///
/// Sizes: about 13 events per person on average, so the defaults (4 × 250 × 28) make
/// roughly 13 k events; `stores: 20, contactsPerStore: 5000, days: 60` about 1.3 M.
/// Thread-safe (a value).
public struct DemoOptions: Hashable, Sendable {
    /// Stores, each in the next region of `DemoRegion.all` (Los Angeles, Tampa (Florida rules),
    /// Chicago, Denver, New York, …); more stores than regions reuse regions.
    public var stores: Int
    /// People per store (leads, callers, texters). At least 3: the planted DNC-1 and HOURS-1
    /// violations use the first three people of their stores; with 10 or more, persons 3–9
    /// of the first store also play the showcase branches (every event type, the two
    /// DNC-RETAIN clears).
    public var contactsPerStore: Int
    /// First touches are spread over this many days; follow-ups may run a few days past.
    public var days: Int
    public var seed: UInt64
    /// The first day of the history (UTC midnight is typical). Stores register the day before.
    public var start: Timestamp

    public static let storesRange = 1...500
    public static let contactsPerStoreRange = 3...1_000_000
    public static let daysRange = 1...3650
    /// 2026-03-02T00:00:00Z: a fixed instant, never the wall clock (determinism).
    public static let defaultStart = Timestamp(microsecondsSinceEpoch: 1_772_409_600_000_000)

    public init(
        stores: Int = 4, contactsPerStore: Int = 250, days: Int = 28, seed: UInt64 = 1,
        start: Timestamp = DemoOptions.defaultStart
    ) {
        self.stores = stores
        self.contactsPerStore = contactsPerStore
        self.days = days
        self.seed = seed
        self.start = start
    }

    /// Refuses sizes outside the documented ranges, naming the option.
    public func validate() throws(DemoError) {
        if !Self.storesRange.contains(stores) {
            throw .invalidOption(field: "stores", reason: "must be from \(Self.storesRange.lowerBound) to \(Self.storesRange.upperBound), not \(stores)")
        }
        if !Self.contactsPerStoreRange.contains(contactsPerStore) {
            throw .invalidOption(
                field: "contacts",
                reason: "must be from \(Self.contactsPerStoreRange.lowerBound) to \(Self.contactsPerStoreRange.upperBound), not \(contactsPerStore)")
        }
        if !Self.daysRange.contains(days) {
            throw .invalidOption(field: "days", reason: "must be from \(Self.daysRange.lowerBound) to \(Self.daysRange.upperBound), not \(days)")
        }
    }

    /// The end of the first-touch window.
    var end: Timestamp { start.adding(seconds: Int64(days) * 86_400) }
}
