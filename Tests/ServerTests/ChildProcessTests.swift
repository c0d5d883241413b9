import Foundation
import Glibc
import TestSupport
import Testing

/// `ChildProcess` (posix_spawn) reports what Foundation's `Process` reported to these tests:
/// exit codes, the signal that ended a child, output in files, a working directory and an
/// environment of the caller's choosing.
@Suite struct ChildProcessTests {
    @Test func exitCodesOutputDirectoryAndEnvironmentReachTheCaller() throws {
        let directory = try TemporaryDirectory.create(label: "child")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/out"
        let child = try ChildProcess(
            executable: "/bin/sh", arguments: ["-c", "pwd; echo \"$CL_CHILD_VALUE\"; exit 3"], directory: directory,
            environment: ["CL_CHILD_VALUE": "from the parent", "PATH": "/usr/bin:/bin"], standardOutput: output)
        child.waitUntilExit()
        #expect(child.terminationStatus == 3)
        #expect(!child.isRunning)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == [URL(fileURLWithPath: directory).resolvingSymlinksInPath().path, "from the parent"])
    }

    @Test func aSignalledChildReportsItsSignalAndLeadsItsOwnProcessGroup() throws {
        let child = try ChildProcess(executable: "/bin/sleep", arguments: ["30"])
        #expect(child.isRunning)
        #expect(getpgid(child.processIdentifier) == child.processIdentifier)
        child.terminate()
        child.waitUntilExit()
        #expect(child.terminationStatus == SIGTERM)
        #expect(!child.isRunning)
    }

    @Test func aMissingExecutableThrows() {
        #expect(throws: (any Error).self) { try ChildProcess(executable: "/nonexistent/program", arguments: []) }
    }
}
