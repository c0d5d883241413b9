// AuditBench: TCPA audit throughput over a generated log (docs/BENCHMARKS.md, "TCPA audit").
//
//   swift run -c release --scratch-path .build-audit AuditBench --events 10000000 --runs 3
//
// Generates a realistic log (leads, SMS both ways, message updates, calls both ways, call and
// contact analyses, opt-outs — some delivered late —, staff DNC set/clear, tasks) over 400 k
// contacts in 40 stores, in relaxed durability and large batches, then times
// `TCPAAudit.run` (what `contactledger audit tcpa` runs) `--runs` times on a fresh read-only
// open and prints one JSON line per run and a summary with the median. The log is deleted
// afterwards unless `--keep` (`--reuse` audits an existing log again; `--report FILE` writes the
// last run's JSON report, to compare two builds byte for byte). `--decode-sample N` also times Foundation's JSONDecoder against
// the auditor's member reader on N message.logged payloads (why the hot path avoids it).
import Audit
import Domain
import EventStore
import Foundation
import Synchronization
import TestSupport

struct Arguments {
    var events = 1_000_000
    var runs = 3
    var directory = "/tmp/auditbench-log"
    var keep = false
    var reuse = false
    var decodeSample = 0
    var reportPath: String?

    init() {
        var it = CommandLine.arguments.dropFirst().makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--events": events = Int(it.next()!)!
            case "--runs": runs = Int(it.next()!)!
            case "--dir": directory = it.next()!
            case "--keep": keep = true
            case "--reuse": reuse = true
            case "--decode-sample": decodeSample = Int(it.next()!)!
            case "--report": reportPath = it.next()!
            default: fatalError("unknown argument \(arg)")
            }
        }
    }
}

/// The store clock the generator sets: recordedAt follows the generated history.
final class HistoryClock: StoreClock {
    let current = Mutex<Int64>(0)
    func now() -> Timestamp { Timestamp(microsecondsSinceEpoch: current.withLock { $0 }) }
    func set(_ micros: Int64) { current.withLock { $0 = micros } }
}

extension SplitMix64 {
    /// 0..<n (modulo: the small bias does not matter to a workload).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// CPU seconds of this process (user + system): on a shared machine, wall time measures the
/// neighbours too.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func seconds(_ start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

let args = Arguments()
let fm = FileManager.default
if !args.reuse || !fm.fileExists(atPath: args.directory) {
    try? fm.removeItem(atPath: args.directory)
    let start = ContinuousClock.now
    let count = try await HistoryGenerator(events: args.events, directory: args.directory).run()
    print(#"{"phase":"generate","events":\#(count),"seconds":\#(String(format: "%.1f", seconds(start)))}"#)
}
var timings: [Double] = []
var cpuTimings: [Double] = []
var last: TCPAReport?
for run in 1...args.runs {
    let openStart = ContinuousClock.now
    let store = try EventStore(directory: args.directory, options: .readOnly())
    let openSeconds = seconds(openStart)
    let start = ContinuousClock.now
    let cpuStart = cpuSeconds()
    let report = try TCPAAudit.run(store: store, generatedAt: Timestamp(microsecondsSinceEpoch: 0))
    let elapsed = seconds(start)
    let cpu = cpuSeconds() - cpuStart
    cpuTimings.append(cpu)
    await store.close()
    timings.append(elapsed)
    last = report
    let rate = Double(report.range.eventsReplayed) / elapsed
    print(#"{"phase":"audit","run":\#(run),"events":\#(report.range.eventsReplayed),"seconds":\#(String(format: "%.2f", elapsed)),"cpuSeconds":\#(String(format: "%.2f", cpu)),"openSeconds":\#(String(format: "%.2f", openSeconds)),"eventsPerSecond":\#(Int(rate)),"violations":\#(report.counts.violations),"contacts":\#(report.counts.contactsAudited)}"#)
}
let median = timings.sorted()[timings.count / 2]
let medianCPU = cpuTimings.sorted()[cpuTimings.count / 2]
if let last {
    let byRule = last.counts.violationsByRule.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
    print(#"{"phase":"summary","events":\#(last.range.eventsReplayed),"medianSeconds":\#(String(format: "%.2f", median)),"medianCPUSeconds":\#(String(format: "%.2f", medianCPU)),"medianEventsPerSecond":\#(Int(Double(last.range.eventsReplayed) / median)),"outboundCalls":\#(last.counts.outboundCalls),"outboundSMS":\#(last.counts.outboundSMS),"optOuts":\#(last.counts.optOuts),"violationsByRule":{\#(byRule)}}"#)
}
// The last run's JSON report, to compare two builds byte for byte (generatedAt is fixed at 0).
if let path = args.reportPath, let last { try Data(last.encoded(as: .json)).write(to: URL(fileURLWithPath: path)) }
if args.decodeSample > 0 { try DecodeSample.run(directory: args.directory, count: args.decodeSample) }
if !args.keep { try? fm.removeItem(atPath: args.directory) }
