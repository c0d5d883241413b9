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

    @Test func aBinaryOlderThanASourceFileIsRefusedNamingTheFile() async throws {
        try await TemporaryDirectory.with { root in
            let built = Date(timeIntervalSince1970: 1_800_000_000)
            try Self.touch(root + "/Package.swift", at: built.addingTimeInterval(-60))
            try Self.touch(root + "/Sources/Domain/Old.swift", at: built.addingTimeInterval(-60))
            try Self.touch(root + "/Sources/Domain/Time/Edited.swift", at: built.addingTimeInterval(1))
            try Self.touch(root + "/.build/debug/contactledger", at: built)
            let problem = try #require(ContactLedgerProcess.staleness(binary: root + "/.build/debug/contactledger", packageRoot: root))
            #expect(problem.description.contains("Sources/Domain/Time/Edited.swift"))
            #expect(problem.description.contains("swift build --product contactledger"))
        }
    }

    @Test func aBinaryNewerThanEverySourceFileIsUsed() async throws {
        try await TemporaryDirectory.with { root in
            let built = Date(timeIntervalSince1970: 1_800_000_000)
            try Self.touch(root + "/Package.swift", at: built.addingTimeInterval(-60))
            try Self.touch(root + "/Sources/Domain/Old.swift", at: built.addingTimeInterval(-1))
            // Not a source of the binary: a newer resource or note does not make it stale.
            try Self.touch(root + "/Sources/HTTPServer/Resources/openapi.json", at: built.addingTimeInterval(60))
            try Self.touch(root + "/.build/debug/contactledger", at: built)
            #expect(ContactLedgerProcess.staleness(binary: root + "/.build/debug/contactledger", packageRoot: root) == nil)
        }
    }
}
