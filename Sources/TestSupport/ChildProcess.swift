import Foundation
import Glibc

/// A child process started with `posix_spawn`, for the tests that run `contactledger`,
/// Dovecot and openssl. Foundation's `Process.run()` on Linux (swift-corelibs-foundation up to
/// Swift 6.3.1) over-reads a `dirent` while it counts the process's open descriptors and
/// crashes now and then in a process with many open files — a parallel test run has over a
/// thousand (swiftlang/swift-corelibs-foundation#5472; seen here as SIGSEGV in
/// `Process.run()` during `swift test`).
///
/// As with Foundation, the child leads a process group of its own and starts with default
/// signal dispositions and an empty signal mask. Standard input, output and error are files
/// (appended to). A working directory is set through `env -C` (glibc's chdir spawn action is
/// not visible to Swift here).
///
/// Thread-safe: the child is reaped once, under `lock`; `waitUntilExit` blocks without reaping.
public final class ChildProcess: @unchecked Sendable {
    public let processIdentifier: pid_t
    private let lock = NSLock()
    /// The raw wait status, once reaped.
    private var waitStatus: Int32?

    public init(
        executable: String, arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        standardInput: String = "/dev/null", standardOutput: String = "/dev/null", standardError: String = "/dev/null"
    ) throws {
        var argv = [executable] + arguments
        var path = executable
        if let directory {
            path = "/usr/bin/env"
            argv = [path, "-C", directory, "--"] + argv
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, standardInput, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environmentLines.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
        guard code == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL, userInfo: [NSFilePathErrorKey: path])
        }
        processIdentifier = pid
    }

    /// Whether the child has not exited yet (reaps it when it has).
    public var isRunning: Bool { lock.withLock { reap(blocking: false) == nil } }

    /// Blocks until the child exits.
    public func waitUntilExit() {
        // Wait for the exit without reaping, outside the lock, so `isRunning` stays answerable.
        var info = siginfo_t()
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        lock.withLock { _ = reap(blocking: true) }
    }

    /// As Foundation reports it: the exit code, or the number of the signal that ended the
    /// child. Call after `waitUntilExit`.
    public var terminationStatus: Int32 {
        lock.withLock {
            guard let status = waitStatus else { preconditionFailure("terminationStatus before the child exited") }
            return status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
        }
    }

    /// SIGTERM, as `Process.terminate()`.
    public func terminate() {
        _ = kill(processIdentifier, SIGTERM)
    }

    /// The wait status once the child has been reaped; nil while it runs. Under `lock`.
    private func reap(blocking: Bool) -> Int32? {
        if let waitStatus { return waitStatus }
        var status: Int32 = 0
        var result: pid_t
        repeat {
            result = waitpid(processIdentifier, &status, blocking ? 0 : WNOHANG)
        } while result == -1 && errno == EINTR
        guard result == processIdentifier else { return nil }
        waitStatus = status
        return status
    }
}
