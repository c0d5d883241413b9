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
guard arguments.count >= 3, let seed = UInt64(arguments[2]) else {
    emit("usage: CrashChild DIR SEED [WRITERS]", fd: 2)
    exit(1)
}
let directory = arguments[1]
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
