import Demo
import Foundation

// Demo generator throughput: `swift run -c release --scratch-path .build-bench DemoBench
// [--stores N] [--contacts N] [--days N] [--seed N] [--data DIR]` generates into DIR (a fresh
// temporary directory by default, removed afterwards) through the real handlers, with relaxed
// durability, and prints one JSON line: events, inputs, seconds, events/s, bytes on disk.

var values: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard flag.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: DemoBench [--stores N] [--contacts N] [--days N] [--seed N] [--data DIR]\n".utf8))
        exit(1)
    }
    values[String(flag.dropFirst(2))] = value
}
var options = DemoOptions()
options.stores = values["stores"].flatMap(Int.init) ?? 20
options.contactsPerStore = values["contacts"].flatMap(Int.init) ?? 5000
options.days = values["days"].flatMap(Int.init) ?? 60
options.seed = values["seed"].flatMap(UInt64.init) ?? 1
let temporary = values["data"] == nil
let directory = values["data"] ?? NSTemporaryDirectory() + "demo-bench-\(ProcessInfo.processInfo.processIdentifier)"
defer { if temporary { try? FileManager.default.removeItem(atPath: directory) } }

let started = Date()
var lastReport = started
let summary = try await DemoGenerator.generate(directory: directory, options: options) { progress in
    guard Date().timeIntervalSince(lastReport) >= 30 else { return }
    lastReport = Date()
    let seconds = lastReport.timeIntervalSince(started)
    FileHandle.standardError.write(Data(
        "\(progress.peopleStarted)/\(progress.peopleTotal) people, \(progress.eventsAppended) events, \(Int(Double(progress.eventsAppended) / seconds)) events/s\n".utf8))
}
let seconds = Date().timeIntervalSince(started)
var bytes: UInt64 = 0
for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
    let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? UInt64) ?? 0
    bytes += size
}
print(
    "{\"bench\":\"demo\",\"stores\":\(options.stores),\"contactsPerStore\":\(options.contactsPerStore),\"days\":\(options.days),"
        + "\"events\":\(summary.eventsAppended),\"inputs\":\(summary.inputs),\"deduplicated\":\(summary.deduplicatedTotal),"
        + "\"seconds\":\(String(format: "%.1f", seconds)),\"eventsPerSecond\":\(Int(Double(summary.eventsAppended) / seconds)),"
        + "\"inputsPerSecond\":\(Int(Double(summary.inputs) / seconds)),\"bytes\":\(bytes)}")
