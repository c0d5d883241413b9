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

/// Words for message text: varied enough that zlib sees text, not padding, so compression
/// ratios are honest (a constant filler compresses 12×; real SMS text about 3–4×).
let vocabulary = """
    hi hello thanks booked class tomorrow morning evening intro session trainer coach membership price \
    week month first free trial schedule cancel reschedule friend bring parking studio location open \
    time available spot waitlist sorry late running minutes please call back text me yes no maybe \
    question about package monthly annual discount student military family couple heart rate monitor \
    shower towel locker water bottle shoes workout strength cardio tread rower yoga stretch recovery \
    great awesome perfect sounds good see you then confirm confirmed appointment today tonight saturday \
    sunday monday tuesday wednesday thursday friday noon pm am could would can will should need want
    """.split(separator: " ").map(String.init)

/// SplitMix64: a deterministic, seedable generator so every run builds the same data set.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A realistic event (an inbound SMS on a contact stream), deterministic per index, with a
/// JSON payload of about `payloadBytes`.
func event(_ n: Int, payloadBytes: Int, prefix: String = "k") -> ProposedEvent {
    var random = SplitMix64(state: UInt64(n) &* 0x2545_F491_4F6C_DD1D)
    let store = "7f3e2c1a-0000-4000-8000-\(String(n % 40, radix: 16).leftPadded(12))"
    // One million contacts across 40 stores (about ten events per contact at 10 M events),
    // so the stream table is as large as a real franchise's, not one stream per event.
    let contact = random.next() % 1_000_000
    let phone = "+1\(200 + contact % 800)555\(String(contact / 800 % 10_000).leftPadded(4))"
    let second = 1_760_000_000 + n
    var body = #"{"id":"\#(10_000_000_000 + n)","conversationId":"\#(random.next() % 1_000_000_000)","#
        + #""direction":"Inbound","type":"SMS","from":{"phoneNumber":"\#(phone)"},"#
        + #""to":[{"phoneNumber":"+16505550142"}],"creationTime":"\#(second)","readStatus":"Unread","subject":""#
    var words: [String] = []
    while body.utf8.count + words.joined(separator: " ").utf8.count + 3 < payloadBytes {
        words.append(vocabulary[Int(random.next() % UInt64(vocabulary.count))])
    }
    body += words.joined(separator: " ") + "\"}"
    return ProposedEvent(
        id: EventID(high: UInt64(n), low: 0xC0FFEE), type: "message.logged", stream: "contact/\(store)/\(phone)",
        storeId: store, occurredAt: Timestamp(microsecondsSinceEpoch: Int64(second) * 1_000_000),
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
