import EventStore
import Foundation
import Testing

@Test func smokeAppendReopenRead() async throws {
    let dir = NSTemporaryDirectory() + "cl-smoke-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var options = EventStoreOptions()
    options.segmentSizeBytesMax = 4096
    do {
        let store = try EventStore(directory: dir, options: options)
        for i in 0..<100 {
            let e = ProposedEvent(id: EventID(high: 1, low: UInt64(i)), type: "t.x", stream: "s/\(i % 3)", occurredAt: Timestamp(microsecondsSinceEpoch: 5), idempotencyKey: "k\(i)", actor: Actor(type: "system"), payload: Array("{\"i\":\(i)}".utf8))
            let r = try await store.append([e])
            #expect(r.position == UInt64(i + 1))
        }
        let dup = try await store.append([ProposedEvent(id: EventID(high: 1, low: 5), type: "t.x", stream: "s/2", occurredAt: Timestamp(microsecondsSinceEpoch: 5), idempotencyKey: "k5", actor: Actor(type: "system"), payload: Array("{\"i\":5}".utf8))])
        #expect(dup.deduplicated && dup.position == 6)
        await store.close()
    }
    let store = try EventStore(directory: dir, options: options)
    #expect(store.durablePosition == 100)
    let all = try store.read(from: 1, maxCount: 1000)
    #expect(all.map(\.position) == Array(1...100))
    let s1 = try store.readStream("s/1")
    #expect(s1.map(\.version) == Array(0..<33))
    #expect(store.streamVersion("s/1") == 32)
    await store.close()
}
