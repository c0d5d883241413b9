import Domain
import EventStore
import Foundation
import Testing

@testable import Commands

/// Loads the bundled JSON fixtures: the shared ones (Fixtures/shared, outcomes in
/// EXPECTED.md) and the RingCentral adapter's own (Fixtures/ringcentral-authored).
enum RingCentralTestFixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// Bytes of `Fixtures/<path>`, e.g. `shared/ringcentral/sms-shortcode.json`.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
    }

    static func shared(_ path: String) throws -> [UInt8] { try bytes("shared/\(path)") }

    static func authored(_ name: String) throws -> [UInt8] { try bytes("ringcentral-authored/\(name)") }

    /// A time from its ISO-8601 text (ISOTime.Profile.rfc3339 tests pin the parser to known epochs).
    static func time(_ text: String) -> Timestamp {
        guard let time = try? ISOTime.timestamp(text, profile: .rfc3339) else { preconditionFailure("bad test time \(text)") }
        return time
    }

    /// File names in `Fixtures/<directory>` ending in `.json`, sorted.
    static func jsonFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(directory).path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }
}
