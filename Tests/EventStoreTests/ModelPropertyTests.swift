import EventStore
import Foundation
import Testing

/// STORE.md: "any sequence of appends and reopenings reads back exactly what was
/// acknowledged". Random sequences of operations run against the store and against
/// `LogModel`; after every step every read the store offers must agree with the model, and
/// every append's outcome (appended, duplicate, which conflict) must be the one predicted.
///
/// Between reopenings the options change — durable/relaxed, compression on/off, segments of
/// 2–8 KiB so that rotation, sealing and compression happen all the time — and the injected
/// clock sometimes steps backwards.
///
/// Replay: each sequence prints its own seed on failure; run it alone with
/// `CL_TEST_SEED=<seed> CL_PROPERTY_RUNS=1`. More sequences: `CL_PROPERTY_RUNS=500`;
/// longer ones: `CL_PROPERTY_OPS=200`.
@Suite struct ModelPropertyTests {
    static let defaultSeed: UInt64 = 0x0DE1_5EED
    static let sequenceCount = TestSeed.count("CL_PROPERTY_RUNS", default: 30)
    static let operationsPerSequence = TestSeed.count("CL_PROPERTY_OPS", default: 60)

    /// Sequence 0 uses the base seed itself, so a printed seed replays as sequence 0.
    static func seed(ofSequence sequence: Int) -> UInt64 {
        let base = TestSeed.resolve(default: defaultSeed)
        guard sequence > 0 else { return base }
        var random = SeededRandom(seed: base &+ UInt64(sequence))
        return random.next()
    }

    @Test(arguments: 0..<sequenceCount)
    func anySequenceOfAppendsAndReopeningsReadsBackExactlyWhatWasAcknowledged(sequence: Int) async throws {
        let seed = Self.seed(ofSequence: sequence)
        await reportingSeed(seed) {
            try await withScratchDirectory { dir in
                let run = try ModelRun(seed: seed, directory: dir)
                for step in 0..<Self.operationsPerSequence {
                    try await run.step(step)
                    if run.failed { break }
                }
                try await run.finish()
            }
        }
    }
}

/// One random sequence: the store, the model, the generator and what happened so far.
/// Not Sendable; it lives inside one test case's task.
final class ModelRun {
    let seed: UInt64
    let directory: ScratchDirectory
    var random: SeededRandom
    let clock = SettableClock()
    var options: EventStoreOptions
    var store: EventStore
    var model = LogModel()
    var nextKey = 0
    /// The last operations, for the failure message.
    var history: [String] = []
    private(set) var failed = false
    /// The operation being run; -1 for the final reopen.
    private var currentStep = 0

    static let streams = [
        "contact/store-1/+15550001", "contact/store-2/+15550002", "lead/L-1", "lead/L-2",
        "store/store-1", "lead/Zoë-ü-€",
    ]
    static let types = ["lead.received", "lead.contacted", "contact.dnc_set", "store.hours_changed"]

    init(seed: UInt64, directory: ScratchDirectory) throws {
        self.seed = seed
        self.directory = directory
        random = SeededRandom(seed: seed)
        options = EventStoreOptions()
        options.clock = clock
        Self.randomize(&options, using: &random)
        store = try EventStore(directory: directory.logPath, options: options)
        history.append("open \(Self.describe(options))")
    }

    func step(_ step: Int) async throws {
        currentStep = step
        let roll = random.below(100)
        if roll < 10 {
            try await reopen()
        } else if roll < 14 {
            // Also while the writer compresses in the background (ReadTests covers the race
            // deterministically).
            try peekReadOnly()
        } else {
            try await appendRandomBatch()
        }
        if !failed { try verify() }
    }

    func finish() async throws {
        if !failed {
            // A last reopen with plain options: everything acknowledged is still there.
            await store.close()
            options.durability = .durable
            options.compression = .none
            store = try EventStore(directory: directory.logPath, options: options)
            history.append("final reopen")
            currentStep = -1
            try verify()
        }
        await store.close()
    }

    // MARK: Operations

    func appendRandomBatch() async throws {
        let (batch, expected) = randomBatch()
        // Time moves on, and now and then an NTP step sets it back.
        clock.advance(by: random.chance(10) ? -Int64(random.below(5_000)) : Int64(random.below(1_000)))
        let prediction = model.predict(batch, expectedVersions: expected, now: clock.now())
        history.append("append \(batch.map { "\($0.idempotencyKey)→\($0.stream)(\($0.payload.count)B)" }) expecting \(expected)")
        do {
            let result = try await store.append(batch, expectedVersions: expected)
            guard case .appended(let outcomes, let newEvents) = prediction else {
                return fail("the store appended \(result.outcomes), the model predicted \(prediction)")
            }
            guard result.outcomes == outcomes else {
                return fail("outcomes \(result.outcomes), the model predicted \(outcomes)")
            }
            model.apply(newEvents)
        } catch {
            guard LogModel.error(error, matches: prediction) else {
                return fail("the store threw \(error), the model predicted \(prediction)")
            }
        }
    }

    func reopen() async throws {
        await store.close()
        var description = "reopen"
        if random.chance(50) {
            Self.randomize(&options, using: &random)
            description += " with \(Self.describe(options))"
        }
        if random.chance(20) {
            try? FileManager.default.removeItem(atPath: directory.logPath + "/index.snap")
            description += " without index.snap"
        }
        history.append(description)
        store = try EventStore(directory: directory.logPath, options: options)
        if !store.repairs.isEmpty { fail("a clean close left something to repair: \(store.repairs)") }
    }

    func peekReadOnly() throws {
        history.append("read-only open beside the writer")
        let reader = try EventStore(directory: directory.logPath, options: .readOnly())
        if !reader.problems.isEmpty { return fail("read-only open found problems: \(reader.problems)") }
        if let difference = firstDifference(actual: try reader.readAll(), expected: model.events) {
            return fail("read-only read(from: 1): \(difference)")
        }
        for stream in model.streams where reader.streamVersion(stream) != model.streamVersion(stream) {
            return fail("read-only streamVersion(\(stream)) is \(String(describing: reader.streamVersion(stream)))")
        }
    }

    // MARK: Checking

    func verify() throws {
        if let difference = firstDifference(actual: try store.readAll(), expected: model.events) {
            return fail("read(from: 1): \(difference)")
        }
        if store.durablePosition != model.lastPosition {
            return fail("durablePosition \(store.durablePosition), model \(model.lastPosition)")
        }
        for stream in model.streams + ["lead/never-written"] {
            if store.streamVersion(stream) != model.streamVersion(stream) {
                let actual = store.streamVersion(stream), expected = model.streamVersion(stream)
                return fail("streamVersion(\(stream)) \(String(describing: actual)), model \(String(describing: expected))")
            }
            let expected = model.events(inStream: stream)
            if let difference = firstDifference(actual: try store.readAllStream(stream), expected: expected) {
                return fail("readStream(\(stream)): \(difference)")
            }
            let from = UInt64(random.below(expected.count + 2))
            if let difference = firstDifference(
                actual: try store.readAllStream(stream, fromVersion: from), expected: model.events(inStream: stream, fromVersion: from)) {
                return fail("readStream(\(stream), fromVersion: \(from)): \(difference)")
            }
        }
        let position = UInt64(random.below(Int(model.lastPosition) + 3))
        if try store.event(at: position).map(StoredEvent.init) != model.event(at: position) {
            return fail("event(at: \(position)) differs")
        }
        let maxCount = 1 + random.below(20)
        let page = Array(model.events.dropFirst(Int(max(position, 1)) - 1).prefix(maxCount))
        let read = try store.read(from: position, maxCount: maxCount).map(StoredEvent.init)
        if let difference = firstDifference(actual: read, expected: page) {
            return fail("read(from: \(position), maxCount: \(maxCount)): \(difference)")
        }
    }

    func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        failed = true
        Issue.record(
            """
            step \(currentStep): \(message)
            after: \(history.suffix(6).joined(separator: "\n       "))
            \(TestSeed.replayHint(seed)) CL_PROPERTY_RUNS=1
            """, sourceLocation: sourceLocation)
    }

    // MARK: Generation

    /// 1–8 events (mostly few); fresh keys mostly, some exact repeats of logged events
    /// (duplicates), a few changed repeats (conflicts), some repeats inside the batch; and for
    /// 40% of batches expectations about one or two streams, right or wrong.
    func randomBatch() -> ([ProposedEvent], [String: ExpectedVersion]) {
        let size = random.chance(60) ? 1 + random.below(3) : 1 + random.below(8)
        var batch: [ProposedEvent] = []
        for _ in 0..<size {
            let roll = random.below(100)
            if roll < 15, let logged = model.events.randomElement(using: &random) {
                batch.append(Self.proposal(repeating: logged))
            } else if roll < 17, let logged = model.events.randomElement(using: &random) {
                var changed = Self.proposal(repeating: logged)
                changed.payload += Array(" ".utf8)
                batch.append(changed)
            } else if roll < 24, let earlier = batch.randomElement(using: &random) {
                var repeated = earlier
                if random.chance(15) { repeated.type = Self.types.randomElement(using: &random)! + ".v2" }
                batch.append(repeated)
            } else {
                batch.append(freshEvent())
            }
        }
        var expected: [String: ExpectedVersion] = [:]
        if random.chance(40) {
            for _ in 0..<(1 + random.below(2)) {
                let stream = random.chance(70) ? batch.randomElement(using: &random)!.stream : Self.streams.randomElement(using: &random)!
                expected[stream] = randomExpectation(for: stream)
            }
        }
        return (batch, expected)
    }

    func randomExpectation(for stream: String) -> ExpectedVersion {
        let actual = model.streamVersion(stream)
        let roll = random.below(100)
        if roll < 50 { return actual.map { .exact($0) } ?? .noStream }
        if roll < 70 { return .any }
        guard let actual else { return .exact(UInt64(random.below(3))) }
        switch random.below(3) {
        case 0: return .noStream
        case 1: return .exact(actual + 1 + UInt64(random.below(3)))
        default: return .exact(actual == 0 ? 7 : actual - 1)
        }
    }

    func freshEvent() -> ProposedEvent {
        defer { nextKey += 1 }
        let payloadBytes: Int
        switch random.below(100) {
        case 0..<70: payloadBytes = random.below(200)
        case 70..<95: payloadBytes = 200 + random.below(1_300)
        default: payloadBytes = 1_500 + random.below(4_500)  // larger than a small segment
        }
        let filler = String(repeating: "abcdefgh", count: payloadBytes / 8 + 1).prefix(payloadBytes)
        return ProposedEvent(
            id: EventID(high: random.next(), low: random.next()),
            type: Self.types.randomElement(using: &random)!,
            stream: Self.streams.randomElement(using: &random)!,
            storeId: [nil, "store-1", "store-2"].randomElement(using: &random)!,
            occurredAt: Timestamp(microsecondsSinceEpoch: SampleEvent.baseMicroseconds - Int64(random.below(1_000_000))),
            idempotencyKey: "seq-\(nextKey)-\(random.below(1_000))",
            actor: random.chance(50) ? Actor(type: "system") : Actor(type: "staff", id: "user-\(random.below(9))"),
            schemaVersion: UInt16(1 + random.below(3)),
            payload: Array(filler.utf8))
    }

    static func proposal(repeating event: StoredEvent) -> ProposedEvent {
        ProposedEvent(
            id: event.id, type: event.type, stream: event.stream, storeId: event.storeId, occurredAt: event.occurredAt,
            idempotencyKey: event.idempotencyKey, actor: event.actor, schemaVersion: event.schemaVersion, payload: event.payload)
    }

    static func randomize(_ options: inout EventStoreOptions, using random: inout SeededRandom) {
        options.durability = random.chance(50) ? .durable : .relaxed
        options.compression = random.chance(40) ? .zlib(level: Int32(1 + random.below(9))) : .none
        options.segmentSizeBytesMax = random.chance(85) ? UInt64(2_048 + random.below(6_145)) : 64 * 1024
        options.preallocationStepBytes = [4 * 1024, 64 * 1024, 1024 * 1024].randomElement(using: &random)!
    }

    static func describe(_ options: EventStoreOptions) -> String {
        "\(options.durability), compression \(options.compression), segments \(options.segmentSizeBytesMax) B, "
            + "preallocation \(options.preallocationStepBytes) B"
    }
}
