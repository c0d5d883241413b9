// Intake throughput for docs/BENCHMARKS.md "Intake (issue 3)". Each case prints one JSON line
// like tools/bench/StoreBench:
//
//   IntakeBench [--fixtures DIR] [--emails N] [--messages N] [--tasks N]
//
// - email_parse: the shared fixture emails parsed (MIME + lead extraction), N in total, one
//   thread: emails parsed per second, no store involved.
// - ringcentral_message: N distinct RingCentral SMS notifications (the shared inbound envelope
//   with a new message id and customer phone each) through RingCentralMessageHandler: JSON
//   parse + validate + store resolution + durable append, from `--tasks` concurrent tasks
//   over one store in a fresh temporary directory.
import Commands
import Domain
import EventStore
import Foundation

func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
        return fallback
    }
    return value
}

func stringOption(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func report(_ caseName: String, count: Int, seconds: Double, latencies: [Double] = [], extra: [String: String] = [:]) {
    var fields = [
        "\"peer\":\"contactledger\"", "\"case\":\"\(caseName)\"", "\"events\":\(count)",
        "\"seconds\":\(seconds)", "\"events_per_sec\":\(Double(count) / seconds)",
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

func read(_ path: String) -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        print("cannot read \(path) (run from the package root or pass --fixtures DIR)")
        exit(1)
    }
    return [UInt8](data)
}

let fixtures = stringOption("--fixtures", "Tests/CommandsTests/Fixtures/shared")
let emailCount = option("--emails", 20_000)
let messageCount = option("--messages", 8_000)
let taskCount = option("--tasks", 16)

// MARK: email_parse

let emailNames = [
    "web-lead-plain.eml", "online-intro-qp-alternative.eml", "forwarded-gmail.eml", "lead-invalid-phone.eml",
    "tampa-base64-latin1.eml",
]
let emails = emailNames.map { read("\(fixtures)/email/\($0)") }
var parsedWithPhone = 0
var latencies: [Double] = []
latencies.reserveCapacity(emailCount)
let parseStart = now()
for index in 0..<emailCount {
    let started = now()
    let parsed = try LeadEmailHandler.parse(emails[index % emails.count])
    latencies.append(now() - started)
    if parsed.phone != nil { parsedWithPhone += 1 }
}
let parseSeconds = now() - parseStart
report(
    "email_parse", count: emailCount, seconds: parseSeconds, latencies: latencies,
    extra: ["bytes_per_email": "\(emails.map(\.count).reduce(0, +) / emails.count)", "with_phone": "\(parsedWithPhone)"])

// MARK: ringcentral_message

let template = String(decoding: read("\(fixtures)/ringcentral/sms-inbound-envelope.json"), as: UTF8.self)
let payloads: [[UInt8]] = (0..<messageCount).map { index in
    let id = String(1_800_000_000_000 + index)
    let phone = "+1415555" + String(format: "%04d", index % 10_000)
    return Array(
        template.replacingOccurrences(of: "\"id\": \"1730458812016\"", with: "\"id\": \"\(id)\"")
            .replacingOccurrences(of: "+14155550123", with: phone).utf8)
}

let directory = NSTemporaryDirectory() + "intake-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }
let store = try EventStore(directory: directory)
let handlers = try CommandHandlers(store: store)
_ = try await handlers.registerStore.handle(read("\(fixtures)/stores/moss-beach.json"))
let handler = handlers.ringCentralMessage
let startPosition = store.durablePosition

let messageStart = now()
let perTask = try await withThrowingTaskGroup(of: [Double].self) { group in
    for task in 0..<taskCount {
        group.addTask {
            var taskLatencies: [Double] = []
            var index = task
            while index < payloads.count {
                let started = now()
                _ = try await handler.handle(payloads[index])
                taskLatencies.append(now() - started)
                index += taskCount
            }
            return taskLatencies
        }
    }
    var all: [Double] = []
    for try await part in group { all += part }
    return all
}
let messageSeconds = now() - messageStart
let appended = store.durablePosition - startPosition
report(
    "ringcentral_message", count: messageCount, seconds: messageSeconds, latencies: perTask,
    extra: ["tasks": "\(taskCount)", "events_appended": "\(appended)"])
await store.close()
