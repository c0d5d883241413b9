import EventStore
import Foundation
import TestSupport
import Testing

/// Runs the built `contactledger` binary in a subprocess.
///
/// The binary is found, in order: `$CONTACTLEDGER_BINARY`; next to this test executable (the
/// build products directory of whichever `--scratch-path` built it); `.build/debug` of the
/// package that holds this file.
///
/// Plain `swift test` builds the test targets and what they import, not the `contactledger`
/// product, so a found binary can predate the sources under test. Unless it was named
/// explicitly, a binary older than the newest source file of the package (`Sources/`,
/// `Package.swift`) is refused with a message saying what to build: running it would test
/// yesterday's code. (Building it from here is no option: `swift test` holds the build
/// directory's lock, so a nested `swift build` would wait for it forever.)
enum ContactLedgerProcess {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct BinaryUnusable: Error, CustomStringConvertible {
        var description: String
    }

    static let binary: Swift.Result<String, BinaryUnusable> = {
        let fileManager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["CONTACTLEDGER_BINARY"], !explicit.isEmpty {
            return .success(explicit)
        }
        var candidates: [URL] = []
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        candidates.append(testExecutable.deletingLastPathComponent().appendingPathComponent("contactledger"))
        if let main = Bundle.main.executableURL {
            candidates.append(main.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("contactledger"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/contactledger"))
        guard let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0.path) })?.path else {
            return .failure(BinaryUnusable(description: "contactledger binary not found; run `swift build --product contactledger` or set CONTACTLEDGER_BINARY"))
        }
        if let stale = staleness(binary: found, packageRoot: packageRoot.path) { return .failure(stale) }
        return .success(found)
    }()

    /// Why `binary` is older than the package's sources, or nil when it is not. Compares
    /// modification times with the newest `.swift`, `.c`, `.h` or `.modulemap` file under
    /// `Sources/` and `Package.swift` (a few hundred `stat`s).
    static func staleness(binary: String, packageRoot: String) -> BinaryUnusable? {
        let fileManager = FileManager.default
        func modified(_ path: String) -> Date? {
            (try? fileManager.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(binary) else { return BinaryUnusable(description: "cannot stat \(binary)") }
        var newest: (path: String, date: Date)?
        func consider(_ path: String) {
            if let date = modified(path), date > (newest?.date ?? .distantPast) { newest = (path, date) }
        }
        consider(packageRoot + "/Package.swift")
        let sources = packageRoot + "/Sources"
        let kinds: Set<String> = ["swift", "c", "h", "modulemap"]
        for relative in fileManager.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? []
        where kinds.contains((relative as NSString).pathExtension) {
            consider(sources + "/" + relative)
        }
        guard let newest, newest.date > built else { return nil }
        return BinaryUnusable(
            description: "\(binary) is older than \(newest.path): run `swift build --product contactledger` "
                + "(or `swift build`) before the ServerTests, or set CONTACTLEDGER_BINARY")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        var stderrLines: [String] { stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
    }

    /// Runs `contactledger arguments…` to completion. Output goes to files, not pipes, so a
    /// large dump cannot fill a pipe buffer and deadlock the wait.
    static func run(_ arguments: [String], in directory: String? = nil) throws -> Result {
        let binary = try binary.get()
        let scratch = NSTemporaryDirectory() + "cl-process-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let outPath = scratch + "/stdout", errPath = scratch + "/stderr"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = try ChildProcess(
            executable: binary, arguments: arguments, directory: directory, standardOutput: outPath, standardError: errPath)
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }
}

/// A data directory (`--data`) of its own for each test.
struct DataDirectory {
    let path: String
    var log: String { path + "/log" }

    init() {
        path = NSTemporaryDirectory() + "cl-server-\(UUID().uuidString)"
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Appends `count` events through the store API, `perBatch` to a batch, in small segments.
    func fill(count: Int, perBatch: Int = 4, segmentBytes: UInt64 = 8 * 1024, payload: (Int) -> [UInt8] = { Array(Self.jsonPayload($0).utf8) }) async throws {
        var options = EventStoreOptions()
        options.segmentSizeBytesMax = segmentBytes
        options.preallocationStepBytes = 16 * 1024
        let store = try EventStore(directory: log, options: options)
        for start in stride(from: 0, to: count, by: perBatch) {
            _ = try await store.append((start..<min(start + perBatch, count)).map { Self.event($0, payload: payload($0)) })
        }
        await store.close()
    }

    static let storeIds = ["c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51", "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"]
    static let types = ["lead.received", "message.logged", "call.logged"]

    static func jsonPayload(_ i: Int) -> String {
        #"{"n":\#(i),"subject":"Hi! Thursday 6am? \"quoted\" \\ and ünïcödé","tags":["a","b"],"ok":true,"none":null}"#
    }

    static func event(_ i: Int, payload: [UInt8]) -> ProposedEvent {
        ProposedEvent(
            id: EventID(high: 0x5EED_0000_0000_4000 | UInt64(i), low: 0x8000_0000_0000_0000 | UInt64(i)),
            type: types[i % types.count], stream: "contact/\(storeIds[i % 2])/+1415555\(1000 + i % 9)",
            storeId: i % 5 == 4 ? nil : storeIds[i % 2],
            // Every seventh event happened before 1970: negative microseconds must print and parse too.
            occurredAt: Timestamp(microsecondsSinceEpoch: i % 7 == 6 ? -300_000_000_000_001 - Int64(i) : 1_772_470_000_000_000 + Int64(i) * 1_234_567),
            idempotencyKey: "sample:\(i)", actor: Actor(type: i % 3 == 0 ? "staff" : "ringcentral", id: i % 3 == 0 ? "user-\(i)" : ""),
            schemaVersion: 1, payload: payload)
    }

    /// Segment files, in log order.
    func segments() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: log)) ?? []).filter { $0.hasSuffix(".seg") || $0.hasSuffix(".segz") }.sorted()
    }

    /// Offsets of the batch frames of a plain segment (docs/FORMAT.md: 64-byte header, then
    /// frames of a 16-byte header and `bodyBytes`).
    func frameOffsets(_ segment: String) throws -> [Int] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log + "/" + segment)))
        var offsets: [Int] = []
        var at = 64
        while at + 16 <= bytes.count {
            let body = Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24
            guard body > 0, bytes[at + 8] == 1 else { break }
            offsets.append(at)
            at += 16 + body
        }
        return offsets
    }

    func flipByte(_ segment: String, at offset: Int) throws {
        let url = URL(fileURLWithPath: log + "/" + segment)
        var bytes = [UInt8](try Data(contentsOf: url))
        bytes[offset] ^= 0xFF
        try Data(bytes).write(to: url)
    }
}
