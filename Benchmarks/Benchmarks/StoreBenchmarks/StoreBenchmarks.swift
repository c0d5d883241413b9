// In-process benchmarks of the event store's hot paths. Whole-process figures and the peer
// comparisons (raw fdatasync loop, SQLite, `eventsourcing`) are in tools/bench/store_bench.sh.
import Benchmark
@_spi(Benchmarks) import EventStore
import Foundation

func sampleEvent(_ n: Int) -> ProposedEvent {
    let phone = "+1555\(1_000_000 + (n * 7919) % 9_000_000)"
    let payload = #"{"messageId":"\#(n)","direction":"Inbound","from":"\#(phone)","to":"+15550001111","type":"SMS","readStatus":"Unread","subject":"Hi, is the 6am class full tomorrow? I would like to book a spot for me and a friend please."}"#
    return ProposedEvent(
        id: EventID(high: UInt64(n), low: 1), type: "message.logged", stream: "contact/store-\(n % 40)/\(phone)",
        storeId: "store-\(n % 40)", occurredAt: Timestamp(microsecondsSinceEpoch: 1_760_000_000_000_000 + Int64(n)),
        idempotencyKey: "message.logged:\(n)", actor: Actor(type: "ringcentral"), payload: Array(payload.utf8))
}

func temporaryDirectory() -> String {
    NSTemporaryDirectory() + "cl-bench-\(UUID().uuidString)"
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3), maxIterations: 1_000_000)

    Benchmark("durable append, 1 event", configuration: .init(scalingFactor: .one)) { benchmark in
        let directory = temporaryDirectory()
        let store = try EventStore(directory: directory)
        var n = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            _ = try await store.append([sampleEvent(n)])
            n += 1
        }
        benchmark.stopMeasurement()
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    Benchmark("relaxed append, 1000-event batch", configuration: .init(scalingFactor: .one)) { benchmark in
        let directory = temporaryDirectory()
        var options = EventStoreOptions()
        options.durability = .relaxed
        let store = try EventStore(directory: directory, options: options)
        var n = 0
        for _ in benchmark.scaledIterations {
            let batch = (0..<1000).map { sampleEvent(n + $0) }
            n += 1000
            benchmark.startMeasurement()
            _ = try await store.append(batch)
            benchmark.stopMeasurement()
        }
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    Benchmark("idempotency lookup, miss, 1M keys", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let index = KeyIndex()
        for n in 0..<1_000_000 { index.insert(hash: KeyIndex.hash("message.logged:\(n)"), position: UInt64(n + 1)) }
        let probes = (0..<benchmark.scaledIterations.count).map { KeyIndex.hash("lead.received:\($0)") }
        benchmark.startMeasurement()
        for hash in probes {
            blackHole(try index.firstPosition(matching: hash, where: { _ in true }))
        }
    }

    Benchmark("scan with CRC, 100k events", configuration: .init(scalingFactor: .one)) { benchmark in
        let directory = temporaryDirectory()
        var options = EventStoreOptions()
        options.durability = .relaxed
        let store = try EventStore(directory: directory, options: options)
        for start in stride(from: 0, to: 100_000, by: 1000) {
            _ = try await store.append((start..<(start + 1000)).map(sampleEvent))
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var count = 0
            try store.scan { _ in
                count += 1
                return true
            }
            blackHole(count)
        }
        benchmark.stopMeasurement()
        await store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
