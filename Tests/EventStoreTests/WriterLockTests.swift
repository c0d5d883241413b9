import EventStore
import Foundation
import Glibc
import Testing
import TestSupport

/// One writer per data directory (STORE.md 7): a second read-write open gets `.locked`
/// naming the holder instead of a second writer corrupting the log; readers are not locked
/// out. The lock is flock on an open file description, so it also holds between two stores
/// in one process.
@Suite struct WriterLockTests {
    @Test func aSecondWriterIsRefusedWithAnErrorNamingTheHolder() async throws {
        try await TemporaryDirectory.with { directory in
            let first = try EventStore(directory: directory, options: .testing())
            _ = try await first.append([EventBuilder().event(1)])

            let error = await FaultFixture.openError(directory, options: .testing())
            guard case let .locked(path, holder)? = error else {
                Issue.record("expected .locked, got \(String(describing: error))")
                await first.close()
                return
            }
            #expect(path == directory + "/LOCK")
            #expect(holder.hasPrefix("pid \(getpid()) on "), "\(holder)")
            #expect(error?.description.contains("pid \(getpid())") == true)

            // Readers are not locked out.
            let reader = try EventStore(directory: directory, options: EventStoreOptions.testing().readOnly)
            #expect(try reader.allEvents().map(\.idempotencyKey) == ["key-1"])

            await first.close()
            let second = try EventStore(directory: directory, options: .testing())
            #expect(try await second.append([EventBuilder().event(2)]).position == 2)
            await second.close()
        }
    }

    @Test func aRefusedWriterLeavesTheHoldersLockAndLogIntact() async throws {
        try await TemporaryDirectory.with { directory in
            let first = try EventStore(directory: directory, options: .testing())
            for _ in 0..<3 { _ = await FaultFixture.openError(directory, options: .testing()) }
            // The refused opens closed their own descriptors only: the holder keeps the lock
            // (fcntl locks would have been dropped by those closes) and keeps appending.
            #expect(await FaultFixture.openError(directory, options: .testing())?.code == "locked")
            #expect(try await first.append([EventBuilder().event(1)]).position == 1)
            await first.close()
        }
    }

    /// Regression: the flusher thread held the store `unowned`, so a writer released before
    /// its thread first ran (open, then an early return) crashed the whole process. A writer
    /// must be closed to release the directory; one that is not stays usable by nobody else
    /// but never takes the process down.
    @Test func aWriterReleasedWithoutCloseDoesNotCrashTheProcess() async throws {
        try await TemporaryDirectory.with { root in
            for i in 0..<64 {
                _ = try EventStore(directory: root + "/\(i)", options: .testing())
            }
            let probe = try EventStore(directory: root + "/probe", options: .testing())
            #expect(try await probe.append([EventBuilder().event(1)]).position == 1)
            await probe.close()
            #expect(await FaultFixture.openError(root + "/0", options: .testing())?.code == "locked",
                    "an unclosed writer keeps its lock")
        }
    }
}
