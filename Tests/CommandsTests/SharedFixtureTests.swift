import Foundation
import Testing

/// The public fixtures (copied from shared/fixtures) are bundled and intact: every JSON file
/// parses and every email has a header block. Adapter tests load them from here.
@Suite struct SharedFixtureTests {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/shared")

    @Test func everyJSONFixtureParses() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.root.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == 14)
        for file in files {
            let data = try Data(contentsOf: Self.root.appendingPathComponent(file))
            #expect(throws: Never.self, "\(file)") { try JSONSerialization.jsonObject(with: data) }
        }
    }

    @Test func everyEmailFixtureHasHeadersAndABody() throws {
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.root.path).filter { $0.hasSuffix(".eml") }
        #expect(files.count == 5)
        for file in files {
            let text = String(decoding: try Data(contentsOf: Self.root.appendingPathComponent(file)), as: UTF8.self)
            #expect(text.contains("\n\n") || text.contains("\r\n\r\n"), "\(file) has no blank line after its headers")
            #expect(text.lowercased().contains("subject:"), "\(file) has no Subject header")
        }
    }
}
