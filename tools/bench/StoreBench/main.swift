// Whole-process store workloads for tools/bench/store_bench.sh. Each case prints one JSON
// line in the peers' format ({"peer":"contactledger","case":...,"events_per_sec":...}) so the
// driver can set it beside the raw fdatasync loop, SQLite and `eventsourcing` in one run.
//
//   StoreBench append DIR --events N [--writers W] [--batch B] [--relaxed] [--payload-bytes P]
//   StoreBench build DIR --events N [--close] [--compress]   bulk-builds a store (relaxed, 1000/batch)
//   StoreBench open DIR                                      time to open (and close)
//   StoreBench scan DIR                                      full scan, every batch CRC verified
//   StoreBench idempotency --keys N                          index lookup cost and bytes per key
//   StoreBench duplicates DIR --events N                     appending already-logged keys
@_spi(Benchmarks) import EventStore
import Glibc

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return fallback }
    return Int(CommandLine.arguments[i + 1]) ?? fallback
}

func flag(_ name: String) -> Bool { CommandLine.arguments.contains(name) }

func report(_ caseName: String, events: Int, seconds: Double, latencies: [Double] = [], extra: [String: String] = [:]) {
    var fields = [
        "\"peer\":\"contactledger\"", "\"case\":\"\(caseName)\"", "\"events\":\(events)",
        "\"seconds\":\(seconds)", "\"events_per_sec\":\(Double(events) / seconds)",
    ]
    if latencies.isEmpty {
        fields += ["\"p50_us\":null", "\"p99_us\":null"]
    } else {
        let sorted = latencies.sorted()
        fields.append("\"p50_us\":\(sorted[sorted.count / 2] * 1e6)")
        fields.append("\"p99_us\":\(sorted[min(sorted.count - 1, sorted.count * 99 / 100)] * 1e6)")
    }
    for (key, value) in extra.sorted(by: { $0.key < $1.key }) { fields.append("\"\(key)\":\(value)") }
    print("{" + fields.joined(separator: ",") + "}")
}

/// A realistic ~300-byte event (an inbound SMS on a contact stream), deterministic per index.
func event(_ n: Int, payloadBytes: Int, prefix: String = "k") -> ProposedEvent {
    let store = "7f3e2c1a-0000-4000-8000-\(String(n % 40, radix: 16).leftPadded(12))"
    let phone = "+1555\(String(1_000_000 + (n * 7919) % 9_000_000))"
    var body = #"{"messageId":"\#(n)","direction":"Inbound","from":"\#(phone)","to":"+15550001111","#
        + #""type":"SMS","readStatus":"Unread","subject":""#
    let fill = max(0, payloadBytes - body.utf8.count - 2)
    body += String(repeating: "a", count: fill) + "\"}"
    return ProposedEvent(
        id: EventID(high: UInt64(n), low: 0xC0FFEE), type: "message.logged", stream: "contact/\(store)/\(phone)",
        storeId: store, occurredAt: Timestamp(microsecondsSinceEpoch: 1_760_000_000_000_000 + Int64(n)),
        idempotencyKey: "\(prefix)message.logged:\(n)", actor: Actor(type: "ringcentral"), payload: Array(body.utf8))
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

func openStore(_ directory: String, relaxed: Bool = false, compress: Bool = false) throws -> EventStore {
    var options = EventStoreOptions()
    options.logger.logLevel = .error
    if relaxed { options.durability = .relaxed }
    if compress { options.compression = .zlib(level: 1) }
    return try EventStore(directory: directory, options: options)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: StoreBench append|build|open|scan|idempotency|duplicates ...")
    exit(1)
}
let directory = arguments.count > 2 ? arguments[2] : ""
let payloadBytes = option("--payload-bytes", 200)

switch arguments[1] {
case "append":
    let total = option("--events", 20_000), writers = option("--writers", 1), batch = option("--batch", 1)
    let relaxed = flag("--relaxed")
    let store = try openStore(directory, relaxed: relaxed)
    let perWriter = total / writers / batch
    // Generated before the clock starts: the benchmark measures the store, not string building.
    let prepared = (0..<(perWriter * writers * batch)).map { event($0, payloadBytes: payloadBytes) }
    let start = now()
    let latencies = await withTaskGroup(of: [Double].self) { group in
        for w in 0..<writers {
            group.addTask {
                var samples: [Double] = []
                samples.reserveCapacity(perWriter)
                for round in 0..<perWriter {
                    let base = (w * perWriter + round) * batch
                    let events = Array(prepared[base..<(base + batch)])
                    let t0 = now()
                    _ = try! await store.append(events)
                    samples.append(now() - t0)
                }
                return samples
            }
        }
        var all: [Double] = []
        for await samples in group { all += samples }
        return all
    }
    let seconds = now() - start
    await store.close()
    let name = "\(relaxed ? "relaxed" : "durable")_w\(writers)_b\(batch)"
    report(name, events: perWriter * writers * batch, seconds: seconds, latencies: latencies,
           extra: ["writers": "\(writers)", "batch": "\(batch)", "payload_bytes": "\(payloadBytes)"])

case "build":
    let total = option("--events", 1_000_000)
    let store = try openStore(directory, relaxed: true, compress: flag("--compress"))
    var seconds = 0.0
    var n = 0
    while n < total {
        let count = min(1000, total - n)
        let events = (0..<count).map { event(n + $0, payloadBytes: payloadBytes) }
        let start = now()
        _ = try await store.append(events)
        seconds += now() - start
        n += count
    }
    if flag("--close") { await store.close() }
    report("build_relaxed_b1000", events: total, seconds: seconds, extra: ["closed": flag("--close") ? "true" : "false"])
    // Without --close the process ends like a crash: nothing flushed at close, no final snapshot.
    exit(0)

case "open":
    let start = now()
    let store = try openStore(directory)
    let seconds = now() - start
    let events = Int(store.durablePosition)
    await store.close()
    report("open", events: events, seconds: seconds, extra: ["open_ms": "\(seconds * 1000)"])

case "scan":
    var options = EventStoreOptions.readOnly()
    options.logger.logLevel = .error
    let store = try EventStore(directory: directory, options: options)
    let start = now()
    var count = 0
    var payloadTotal = 0
    try store.scan { event in
        count += 1
        payloadTotal &+= event.payloadBytes.count
        return true
    }
    let seconds = now() - start
    report(flag("--label-compressed") ? "scan_crc_compressed" : "scan_crc", events: count, seconds: seconds,
           extra: ["payload_mb": "\(Double(payloadTotal) / 1e6)"])

case "idempotency":
    let keys = option("--keys", 10_000_000)
    let index = KeyIndex()
    let buildStart = now()
    for n in 0..<keys { index.insert(hash: KeyIndex.hash("message.logged:\(n)"), position: UInt64(n + 1)) }
    let buildSeconds = now() - buildStart
    // Miss: the per-append case (a new key). Hit: the hash match a duplicate starts from.
    let probes = 1_000_000
    var found = 0
    let missStart = now()
    for n in 0..<probes {
        if try index.firstPosition(matching: KeyIndex.hash("lead.received:\(n)"), where: { _ in true }) != nil { found += 1 }
    }
    let missSeconds = now() - missStart
    let hitStart = now()
    for n in 0..<probes {
        if try index.firstPosition(matching: KeyIndex.hash("message.logged:\((n * 7919) % keys)"), where: { _ in true }) != nil { found += 1 }
    }
    let hitSeconds = now() - hitStart
    report("idempotency_lookup", events: probes, seconds: missSeconds, extra: [
        "keys": "\(keys)", "miss_ns": "\(missSeconds / Double(probes) * 1e9)", "hit_ns": "\(hitSeconds / Double(probes) * 1e9)",
        "insert_ns": "\(buildSeconds / Double(keys) * 1e9)", "bytes_per_key": "\(Double(index.memoryBytes) / Double(index.count))",
        "false_hits": "\(found - probes)",
    ])

case "duplicates":
    let total = option("--events", 20_000)
    let store = try openStore(directory)
    let start = now()
    var latencies: [Double] = []
    for n in 0..<total {
        let t0 = now()
        let result = try await store.append([event((n * 7919) % Int(store.durablePosition), payloadBytes: payloadBytes)])
        precondition(result.deduplicated, "expected a duplicate")
        latencies.append(now() - t0)
    }
    let seconds = now() - start
    await store.close()
    report("duplicate_append", events: total, seconds: seconds, latencies: latencies)

default:
    print("unknown case \(arguments[1])")
    exit(1)
}
