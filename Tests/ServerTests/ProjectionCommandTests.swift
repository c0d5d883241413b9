import Domain
import EventStore
import Foundation
import Glibc
import Projections
import TestSupport
import Testing

/// `rebuild`, `projections status|catch-up`, `sweep` through the binary, and the crash test:
/// the projecting process killed (SIGKILL) mid-batch again and again, restarted, ends with
/// a read model equal to a clean rebuild's.
@Suite struct ProjectionCommandTests {
    /// A log of `events` generated events in `data`.
    static func makeLog(_ data: DataDirectory, events: UInt64, seed: UInt64) async throws {
        var options = EventStoreOptions()
        options.durability = .relaxed
        options.logger.logLevel = .critical
        let store = try EventStore(directory: data.log, options: options)
        var generator = HistoryGenerator(seed: seed, contactsPerStore: 200)
        _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
        while store.durablePosition < events {
            _ = try await store.append(generator.next().map { $0.proposed() }, expectedVersions: [:])
        }
        await store.close()
    }

    static func dump(_ data: DataDirectory) throws -> String {
        try ReadModel(dataDirectory: data.path, mode: .read).canonicalDump()
    }

    @Test func statusBeforeAnyReadModelIsAUserErrorAndCatchUpThenStatusShowsNoLag() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await Self.makeLog(data, events: 500, seed: 1)
        let before = try await ContactLedgerProcess.runOffPool(["projections", "status", "--data", data.path])
        #expect(before.status == 1 && before.stderr.contains("no read model yet"))
        let catchUp = try await ContactLedgerProcess.runOffPool(["projections", "catch-up", "--data", data.path])
        #expect(catchUp.status == 0, "\(catchUp.stderr)")
        let status = try await ContactLedgerProcess.runOffPool(["projections", "status", "--data", data.path])
        #expect(status.status == 0)
        #expect(status.stdoutLines.filter { $0.hasSuffix("lag 0") }.count == 5, "\(status.stdout)")
    }

    @Test func rebuildOfOneProjectionAndOfAllLeavesTheSameReadModel() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await Self.makeLog(data, events: 2_000, seed: 2)
        #expect(try await ContactLedgerProcess.runOffPool(["projections", "catch-up", "--data", data.path]).status == 0)
        let live = try Self.dump(data)
        let one = try await ContactLedgerProcess.runOffPool(["rebuild", "--data", data.path, "--projection", "contacts"])
        #expect(one.status == 0 && one.stdout.contains("rebuilt contacts"), "\(one.stderr)")
        #expect(try Self.dump(data) == live)
        let all = try await ContactLedgerProcess.runOffPool(["rebuild", "--data", data.path])
        #expect(all.status == 0 && all.stdout.contains("generation 3"), "\(all.stdout)")
        #expect(try Self.dump(data) == live)
        let unknown = try await ContactLedgerProcess.runOffPool(["rebuild", "--data", data.path, "--projection", "nope"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no projection named 'nope'"))
    }

    @Test func rebuildRefusesWhileAnotherProcessMaintainsTheReadModel() async throws {
        let data = DataDirectory()
        defer { data.remove() }
        try await Self.makeLog(data, events: 100, seed: 3)
        let holder = try ReadModel(dataDirectory: data.path)  // this process holds the lock
        let refused = try await ContactLedgerProcess.runOffPool(["rebuild", "--data", data.path])
        #expect(refused.status == 1 && refused.stderr.contains("another process maintains this read model"), "\(refused.stderr)")
        _ = holder
    }

    @Test func theProjectingProcessKilledMidBatchResumesToTheSameReadModelAsACleanRebuild() async throws {
        var random = SplitMix64.fromEnvironment()
        let data = DataDirectory()
        defer { data.remove() }
        try await Self.makeLog(data, events: 6_000, seed: random.seed)
        let binary = try ContactLedgerProcess.binary.get()
        var kills = 0
        let rounds = Int(ProcessInfo.processInfo.environment["CL_PROJECTION_KILLS"] ?? "") ?? 12
        for _ in 0..<rounds {
            let process = try ChildProcess(
                executable: binary, arguments: ["projections", "catch-up", "--data", data.path, "--batch-size", "37"])
            let delay = UInt32.random(in: 20_000...400_000, using: &random)
            let killed = try await offPool {
                usleep(delay)
                let running = process.isRunning
                if running { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
                return running
            }
            if killed { kills += 1 }
        }
        let finish = try await ContactLedgerProcess.runOffPool(["projections", "catch-up", "--data", data.path])
        #expect(finish.status == 0, "\(finish.stderr)")
        let resumed = try Self.dump(data)
        #expect(kills > 0, "no catch-up was interrupted; \(random.replayHint)")
        // A clean rebuild of the same log, in a data directory of its own.
        let clean = DataDirectory()
        defer { clean.remove() }
        try FileManager.default.createDirectory(atPath: clean.path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: data.log, toPath: clean.log)
        try? FileManager.default.removeItem(atPath: clean.log + "/LOCK")
        #expect(try await ContactLedgerProcess.runOffPool(["rebuild", "--data", clean.path]).status == 0)
        #expect(try Self.dump(clean) == resumed, "\(random.replayHint)")
    }
}

extension ContactLedgerProcess {
    /// `run` on a Dispatch thread (`offPool`): waiting for the child does not hold a pool thread.
    static func runOffPool(_ arguments: [String]) async throws -> Result {
        try await offPool { try run(arguments) }
    }
}
