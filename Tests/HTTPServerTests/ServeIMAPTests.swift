import AsyncHTTPClient
import Foundation
import Glibc
import NIOCore
import TestSupport
import Testing

/// `contactledger serve --imap-url …` as a user runs it: the built binary, a real Dovecot on
/// 127.0.0.1 (TestSupport.DovecotServer, as MailIntakeTests start it), real HTTP. A lead put in
/// the mailbox is polled by the server and readable through the API; SIGTERM stops the poller
/// with the rest of the server and exits 0.
///
/// Skipped, with the reason, when Dovecot is not installed (tools/setup.sh installs it) or the
/// binary has not been built next to this test bundle.
@Suite(.serialized, .enabled(if: ServeProcess.unavailableReason == nil, "\(ServeProcess.unavailableReason ?? "")"))
struct ServeIMAPTests {
    @Test func aLeadInTheMailboxIsReadableThroughTheAPIAndSIGTERMExitsZero() async throws {
        try await TemporaryDirectory.with("serve-imap") { directory in
            let dovecot = try DovecotServer(root: directory + "/dovecot")
            try dovecot.start()
            defer { dovecot.stop() }
            let data = directory + "/data"
            // The store must be known before the first pass, which runs as the server starts.
            try Data(Fixtures.storeAJSON.utf8).write(to: URL(fileURLWithPath: directory + "/store-a.json"))
            let registered = try await ServeProcess.runToEnd(["store", "register", "--data", data, directory + "/store-a.json"])
            try #require(registered == 0)
            try dovecot.deliver(Array(Fixtures.email.utf8), receivedAt: Date(timeIntervalSince1970: 1_772_470_680), name: "1772470680.M1.test")
            try "\(dovecot.password)\n".write(toFile: directory + "/imap.pass", atomically: true, encoding: .utf8)

            let serve = try ServeProcess.start(
                [
                    "serve", "--data", data, "--port", "0", "--tokens", try ServeProcess.tokensFile(in: directory),
                    "--imap-url", "imap://\(dovecot.user)@127.0.0.1:\(dovecot.port)/INBOX",
                    "--imap-password-file", directory + "/imap.pass", "--imap-interval-minutes", "1",
                ], in: directory)
            do {
                let base = try await serve.baseURL()
                let events = try await serve.eventually("a lead.received in the log") {
                    let page = try await ServeProcess.get(base + "/v1/events?type=lead.received")
                    let events = page.json["events"] as? [[String: Any]] ?? []
                    return events.isEmpty ? nil : events
                }
                #expect(events.count == 1)
                let lead = try #require(events.first?["payload"] as? [String: Any])
                #expect(lead["phone"] as? String == Fixtures.dana)
                #expect(lead["storeId"] as? String == Fixtures.storeA)
                let position = try #require((events.first?["position"] as? NSNumber)?.uint64Value)
                let profile = try await ServeProcess.get(
                    base + "/v1/stores/\(Fixtures.storeA)/contacts/\(Fixtures.danaEncoded)?minPosition=\(position)")
                #expect(profile.status == 200, "\(profile.text)")
                #expect((profile.json["contact"] as? [String: Any])?["firstName"] as? String == "Dana")
                _ = try await serve.eventually("the message marked \\Seen") {
                    dovecot.messages().allSatisfy { $0.flags.contains("S") } ? true : nil
                }
                let metrics = try await ServeProcess.get(base + "/metrics", token: nil)
                #expect(metrics.text.contains(#"contactledger_mail_messages_total{source="imap",outcome="appended"} 1"#), "\(metrics.text)")
            } catch {
                serve.kill()
                throw error
            }
            let result = try await serve.terminate()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("imap poller stopped"))
            #expect(result.stdout.contains("listening on http://127.0.0.1:"))
        }
    }

    @Test func imapFlagsAreCheckedBeforeTheServerStarts() async throws {
        try await TemporaryDirectory.with("serve-imap-flags") { directory in
            let data = directory + "/data"
            let cases: [([String], String)] = [
                (["--imap-password-file", directory + "/imap.pass"], "--imap-password-file needs --imap-url"),
                (["--imap-url", "imap://lead:secret@127.0.0.1/INBOX"], "password"),
                (["--imap-url", "imap://lead@127.0.0.1/INBOX"], "--imap-password-file"),
                (["--imap-url", "imap://lead@127.0.0.1/INBOX", "--imap-interval-minutes", "0"], "--imap-interval-minutes"),
            ]
            for (flags, reason) in cases {
                let result = try await ServeProcess.run(["serve", "--data", data, "--port", "0"] + flags, environment: ["CONTACTLEDGER_IMAP_PASSWORD": ""])
                #expect(result.status == 1, "\(flags): \(result.stderr)")
                #expect(result.stderr.contains(reason), "\(flags): \(result.stderr)")
                #expect(!FileManager.default.fileExists(atPath: data + "/log"), "nothing was opened")
            }
        }
    }
}

/// The built `contactledger` binary running `serve` in a subprocess, its stdout and stderr in
/// files (never pipes: a chatty server cannot block on a full pipe).
final class ServeProcess: @unchecked Sendable {
    // @unchecked: one test drives it; `process` is only read after start.
    static let adminToken = "serve-imap-admin-token-0123456789"

    static let binary: String? = {
        if let explicit = ProcessInfo.processInfo.environment["CONTACTLEDGER_BINARY"], !explicit.isEmpty { return explicit }
        let testExecutable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var candidates = [testExecutable.deletingLastPathComponent().appendingPathComponent("contactledger")]
        if let main = Bundle.main.executableURL {
            candidates.append(main.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("contactledger"))
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }?.path
    }()

    static var unavailableReason: String? {
        if let reason = DovecotServer.unavailableReason { return reason }
        return binary == nil ? "the contactledger binary is not built next to the tests (swift build) and CONTACTLEDGER_BINARY is unset" : nil
    }

    let process: ChildProcess
    let stdoutPath: String
    let stderrPath: String

    private init(process: ChildProcess, stdoutPath: String, stderrPath: String) {
        self.process = process
        self.stdoutPath = stdoutPath
        self.stderrPath = stderrPath
    }

    static func tokensFile(in directory: String) throws -> String {
        let path = directory + "/tokens.json"
        try #"{"tokens":[{"token":"\#(adminToken)","scope":"admin"}]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ServeProcess {
        let binary = try #require(binary)
        let label = UUID().uuidString
        let stdoutPath = directory + "/serve-\(label).out", stderrPath = directory + "/serve-\(label).err"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = try ChildProcess(
            executable: binary, arguments: arguments, directory: directory,
            environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, standardOutput: stdoutPath,
            standardError: stderrPath)
        return ServeProcess(process: process, stdoutPath: stdoutPath, stderrPath: stderrPath)
    }

    /// Runs a command to its end; (status, stdout, stderr).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let directory = try TemporaryDirectory.create(label: "serve-run")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try start(arguments, in: directory, environment: environment)
        return try await child.wait()
    }

    static func runToEnd(_ arguments: [String]) async throws -> Int32 {
        try await run(arguments).status
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// `http://127.0.0.1:PORT` from the `listening on` line (the server was started with port 0).
    func baseURL() async throws -> String {
        try await eventually("the server listening") {
            guard let line = self.stdout.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }) else {
                guard self.process.isRunning else { throw TestServerError("serve exited: \(self.stderr)") }
                return nil
            }
            return String(line.dropFirst("listening on ".count))
        }
    }

    /// Polls `check` every 100 ms until it gives a value; fails after `seconds`.
    func eventually<T>(_ what: String, seconds: Double = 30, _ check: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try await check() { return value }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestServerError("timed out waiting for \(what); stderr:\n\(stderr.suffix(4000))")
    }

    /// SIGTERM, then the exit status and output.
    func terminate() async throws -> (status: Int32, stdout: String, stderr: String) {
        process.terminate()
        return try await wait()
    }

    func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    func wait() async throws -> (status: Int32, stdout: String, stderr: String) {
        let process = self.process
        try await offPool { process.waitUntilExit() }
        return (process.terminationStatus, stdout, stderr)
    }

    static func get(_ url: String, token: String? = adminToken) async throws -> TestResponse {
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }
}
