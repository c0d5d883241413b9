import Commands
import Domain
import EventStore
import Foundation

/// Generates a realistic, seeded history — several stores in different time zones, their
/// leads, SMS, voicemails, calls, AI analyses and staff actions over weeks, with opt-outs,
/// redeliveries, late webhooks and three planted TCPA violations — through the real ingest
/// paths: every input is the raw email, webhook JSON or staff command that production
/// receives, handled by `Commands`' handlers, so the log is exactly what those paths write.
///
/// ```swift
/// let clock = DemoClock(start: DemoGenerator.clockStart(for: options))
/// var storeOptions = EventStoreOptions()
/// storeOptions.durability = .relaxed          // bulk load; syncs on close
/// storeOptions.clock = clock                  // recordedAt from the story: byte-identical logs
/// let store = try EventStore(directory: dir, options: storeOptions)
/// let summary = try await DemoGenerator.generate(into: store, options: options, clock: clock)
/// await store.close()
/// ```
/// or simply `try await DemoGenerator.generate(directory: dir, options: options)`.
///
/// Determinism: the same options give the same inputs in the same order (own PRNG, no wall
/// clock, no UUID()), hence the same payloads, keys and occurredAt; with the store on the same
/// `DemoClock`, the same recordedAt too. Only an empty store is accepted (a second run into
/// the same store is refused with `DemoError.storeNotEmpty`). Not reentrant per store: one
/// run writes one store (the store's single-writer rule).
public enum DemoGenerator {
    /// The simulated clock's start: stores register one day before `options.start`.
    public static func clockStart(for options: DemoOptions) -> Timestamp {
        DemoTime.plus(options.start, seconds: -86_400)
    }

    /// Generates into `store`, which must be empty. `clock` must be the clock the command
    /// handlers may read — pass the store's own clock (see above) for a byte-identical log.
    /// `progress` is called every few hundred inputs and once at the end.
    public static func generate(
        into store: EventStore, options: DemoOptions, clock: DemoClock, progress: (DemoProgress) -> Void = { _ in }
    ) async throws(DemoError) -> DemoSummary {
        try options.validate()
        if store.durablePosition > 0 {
            throw .storeNotEmpty(directory: store.directory, position: store.durablePosition)
        }
        var run = try DemoRun(store: store, options: options, clock: clock)
        return try await run.run(progress: progress)
    }

    /// Creates `directory` if needed, opens it with relaxed durability (a bulk load: synced on
    /// close) on a `DemoClock`, generates, and closes it.
    public static func generate(
        directory: String, options: DemoOptions, progress: (DemoProgress) -> Void = { _ in }
    ) async throws(DemoError) -> DemoSummary {
        try options.validate()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .storeFailed("cannot create \(directory): \(error.localizedDescription)")
        }
        let clock = DemoClock(start: clockStart(for: options))
        var storeOptions = EventStoreOptions()
        storeOptions.durability = .relaxed
        storeOptions.clock = clock
        let store: EventStore
        do {
            store = try EventStore(directory: directory, options: storeOptions)
        } catch {
            throw .storeFailed("cannot open \(directory): \(error)")
        }
        let result: Result<DemoSummary, DemoError>
        do {
            result = .success(try await generate(into: store, options: options, clock: clock, progress: progress))
        } catch {
            result = .failure(error)
        }
        await store.close()
        return try result.get()
    }
}
