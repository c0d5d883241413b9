import Foundation

/// A fresh, uniquely named directory under the system temporary directory. Every test gets its
/// own (STYLE.md), so tests run in parallel without sharing files and a failure leaves nothing
/// behind for the next run.
struct ScratchDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array(((NSTemporaryDirectory() as NSString).appendingPathComponent("cl-behaviour-XXXXXX")).utf8CString)
        guard let created = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: String(cString: template)])
        }
        path = String(cString: created)
    }

    /// Where a test puts its store. It does not exist yet: opening the store creates it.
    var logPath: String { path + "/log" }

    /// File names in the store's directory, sorted.
    func logFileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: logPath).sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` with a new scratch directory and removes the directory afterwards.
func withScratchDirectory<T>(_ body: (ScratchDirectory) async throws -> T) async throws -> T {
    let directory = try ScratchDirectory()
    defer { directory.remove() }
    return try await body(directory)
}
