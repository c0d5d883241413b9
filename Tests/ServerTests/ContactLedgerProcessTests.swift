import Foundation
import TestSupport
import Testing

/// The ServerTests refuse a `contactledger` binary older than the sources (plain `swift test`
/// does not rebuild it), instead of silently testing old code.
@Suite struct ContactLedgerProcessTests {
    static func touch(_ path: String, at date: Date) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    static let built = Date(timeIntervalSince1970: 1_800_000_000)

    /// A package under `root` whose binary was built at `built`, with files modified the
    /// given seconds after it (negative: before); returns the binary's path.
    static func package(at root: String, filesModified: [String: TimeInterval]) throws -> String {
        for (path, offset) in filesModified { try touch(root + "/" + path, at: built.addingTimeInterval(offset)) }
        try touch(root + "/.build/debug/contactledger", at: built)
        return root + "/.build/debug/contactledger"
    }

    @Test func aBinaryOlderThanASourceFileIsRefusedNamingTheFile() async throws {
        try await TemporaryDirectory.with { root in
            let binary = try Self.package(
                at: root, filesModified: ["Package.swift": -60, "Sources/Domain/Old.swift": -60, "Sources/Domain/Time/Edited.swift": 1])
            let problem = try #require(ContactLedgerProcess.staleness(binary: binary, packageRoot: root))
            #expect(problem.description.contains("Sources/Domain/Time/Edited.swift"))
            #expect(problem.description.contains("swift build --product contactledger"))
        }
    }

    @Test func aBinaryNewerThanEverySourceFileIsUsed() async throws {
        try await TemporaryDirectory.with { root in
            // A newer resource is not a source of the binary and does not make it stale.
            let binary = try Self.package(
                at: root,
                filesModified: ["Package.swift": -60, "Sources/Domain/Old.swift": -1, "Sources/HTTPServer/Resources/openapi.json": 60])
            #expect(ContactLedgerProcess.staleness(binary: binary, packageRoot: root) == nil)
        }
    }
}
