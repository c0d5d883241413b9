import Foundation
import Glibc

/// A fresh directory for one test under NSTemporaryDirectory(), removed when the test's body
/// returns or throws (STYLE.md: each test gets its own temp directory).
///
/// A scoped function rather than an object with a `deinit`: Swift may release an object right
/// after its last use, which would delete the directory while the test still works in it.
public enum TemporaryDirectory {
    /// Calls `body` with the path of a new, empty directory named after `label` (the calling
    /// test by default), then removes the directory and everything in it.
    public static func with<T>(
        _ label: String = #function, isolation: isolated (any Actor)? = #isolation, _ body: (String) async throws -> T
    ) async throws -> T {
        let path = try create(label: label)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await body(path)
    }

    /// Creates the directory (mkdtemp: unique even when tests run in parallel).
    public static func create(label: String) throws -> String {
        let safe = String(label.map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(40))
        var template = Array((NSTemporaryDirectory() + "/cl-\(safe)-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard created != nil else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
