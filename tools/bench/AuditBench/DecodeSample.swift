import Domain
import EventStore
import Foundation

/// Times the two ways to read an SMS's direction: Foundation's JSONDecoder through
/// `EventCodec` (the whole `MessageLogged`) and the auditor's top-level member reader.
enum DecodeSample {
    static func run(directory: String, count: Int) throws {
        let store = try EventStore(directory: directory, options: .readOnly())
        defer { Task { await store.close() } }
        var payloads: [[UInt8]] = []
        try store.scan(filter: EventFilter(types: ["message.logged"])) { event in
            payloads.append(event.payload)
            return payloads.count < count
        }
        var start = ContinuousClock.now
        var outbound = 0
        for payload in payloads {
            if case .messageLogged(let message) = try EventCodec.decode(type: "message.logged", schemaVersion: 2, payload: payload),
               message.direction == .outbound { outbound += 1 }
        }
        let decoder = seconds(start)
        start = ContinuousClock.now
        var outbound2 = 0
        for payload in payloads {
            payload.withUnsafeBytes { bytes in
                if let range = bytes.firstRange(of: Array(#""direction":"Outbound""#.utf8)), !range.isEmpty { outbound2 += 1 }
            }
        }
        let scan = seconds(start)
        precondition(outbound == outbound2, "the two readings disagree")
        print(#"{"phase":"decode-sample","payloads":\#(payloads.count),"jsonDecoderMicrosPerEvent":\#(String(format: "%.2f", decoder * 1e6 / Double(payloads.count))),"byteScanMicrosPerEvent":\#(String(format: "%.3f", scan * 1e6 / Double(payloads.count)))}"#)
    }
}
