import Demo
import Domain
import EventStore
import TestSupport

/// A generated history read back: the summary and every event of the log. Tests generate
/// into their own temporary directory; `DEMO_SEED` replays a seed (STYLE.md).
struct DemoHistory {
    var summary: DemoSummary
    var events: [RecordedEvent]

    static var seed: UInt64 { ProcessEnvironment.value("DEMO_SEED").flatMap(UInt64.init) ?? 7 }

    /// 2 stores × 50 people × 14 days: about 1,100 events, a second or two in a debug build.
    static var small: DemoOptions { DemoOptions(stores: 2, contactsPerStore: 50, days: 14, seed: seed) }

    /// One small history shared by the tests that only read it (generated once per run).
    static let shared = Task { try await generate(small, label: "shared") }

    static func generate(_ options: DemoOptions, label: String = #function) async throws -> DemoHistory {
        try await TemporaryDirectory.with(label) { directory in
            let summary = try await DemoGenerator.generate(directory: directory, options: options)
            let store = try EventStore(directory: directory, options: .readOnly())
            let events = Result { try store.read(from: 1, maxCount: Int.max) }
            await store.close()
            return DemoHistory(summary: summary, events: try events.get())
        }
    }

    func event(at position: UInt64) -> RecordedEvent? {
        events.first { $0.position == position }
    }

    func domain(at position: UInt64) throws -> DomainEvent? {
        try event(at: position).map { try DomainEvent(recorded: $0) }
    }
}
