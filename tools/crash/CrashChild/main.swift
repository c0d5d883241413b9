// The crash-test child (tools/crash/crash_test.py): appends durably in a loop and prints one
// line per acknowledged batch, "ack <firstPosition> <lastPosition> <key-prefix> <count>", flushed
// at once, so that the parent knows exactly what was acknowledged when it sends SIGKILL.
import EventStore
import Glibc

/// One unbuffered write(2) per line: a line is either fully out before a SIGKILL or not at all.
func emit(_ line: String, fd: Int32 = 1) {
    var bytes = Array((line + "\n").utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n <= 0 { return }
        done += n
    }
}
let arguments = CommandLine.arguments
let directory = arguments.count > 1 ? arguments[1] : ""
let verifyMode = arguments.count > 2 && arguments[2] == "verify"
guard arguments.count >= 3, verifyMode || UInt64(arguments[2]) != nil else {
    emit("usage: CrashChild DIR (SEED [WRITERS] | verify)", fd: 2)
    exit(1)
}
let seed = UInt64(arguments[2]) ?? 0
let writers = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4

var options = EventStoreOptions()
options.segmentSizeBytesMax = 256 * 1024  // small segments: kills land inside seals and rotations too
options.preallocationStepBytes = 64 * 1024
let store: EventStore
do {
    store = try EventStore(directory: directory, options: options)
} catch {
    emit("open failed: \(error)", fd: 2)
    exit(2)
}
emit("open \(store.durablePosition)")

if verifyMode {
    // Recovery has run (read-write open). Print every event so the parent can check
    // acknowledged batches against the log: "event <position> <version> <stream> <key>".
    var lines: [String] = []
    do {
        try store.scan { event in
            lines.append("event \(event.position) \(event.version) \(event.stream) \(event.idempotencyKey)")
            if lines.count >= 4096 {
                emit(lines.joined(separator: "\n"))
                lines.removeAll(keepingCapacity: true)
            }
            return true
        }
    } catch {
        emit("scan failed: \(error)", fd: 2)
        exit(2)
    }
    if !lines.isEmpty { emit(lines.joined(separator: "\n")) }
    emit("repairs \(store.repairs.count)")
    for repair in store.repairs { emit("repair \(repair)") }
    await store.close()
    exit(0)
}

await withTaskGroup(of: Void.self) { group in
    for writer in 0..<writers {
        group.addTask {
            var round: UInt64 = 0
            while true {
                round += 1
                let batchSize = Int((seed &+ round &* 31 &+ UInt64(writer) &* 7) % 5) + 1
                let prefix = "s\(seed)-w\(writer)-r\(round)"
                let events = (0..<batchSize).map { i in
                    ProposedEvent(
                        id: EventID(high: seed, low: round << 8 | UInt64(i)), type: "crash.test", stream: "crash/\(writer)",
                        occurredAt: Timestamp(microsecondsSinceEpoch: Int64(round)), idempotencyKey: "\(prefix)-\(i)",
                        actor: Actor(type: "system"), payload: Array(#"{"round":\#(round),"i":\#(i),"pad":"\#(String(repeating: "x", count: 100 + i * 37))"}"#.utf8))
                }
                do {
                    let result = try await store.append(events)
                    let positions = result.outcomes.map(\.position)
                    emit("ack \(positions.min()!) \(positions.max()!) \(prefix) \(batchSize)")
                } catch {
                    emit("error \(error)")
                    exit(3)
                }
            }
        }
    }
}
