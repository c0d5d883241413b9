import EventStore
import Glibc
import Testing
import TestSupport

/// The fault injector itself: a fault fires only on its operation and path suffix, only after
/// its passing calls, only as often as allowed, and a torn write lands exactly its prefix.
/// The fault tests rely on all of it.
@Suite struct FaultInjectingFileSystemTests {
    @Test func aFaultFiresOnlyOnItsOperationAndPathSuffixAfterItsPassingCalls() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            files.inject(Fault(.sync, .ioError(errno: EIO), pathSuffix: ".seg", passingCalls: 2, timesMax: 1))
            let other = try files.open(directory + "/index.snap", .createNew)
            let segment = try files.open(directory + "/1.seg", .createNew)
            defer { other.close(); segment.close() }

            try other.sync()
            try segment.write(Array("abc".utf8), at: 0)
            try segment.sync()
            try segment.sync()
            #expect(throws: StoreError.io(operation: "fdatasync", path: directory + "/1.seg", errno: EIO)) { try segment.sync() }
            try segment.sync()
            #expect(files.fired == [FiredFault(operation: .sync, path: directory + "/1.seg", effect: .ioError(errno: EIO))])
        }
    }

    @Test func aTornWriteLandsExactlyItsPrefixAndClearingFaultsRestoresWrites() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let path = directory + "/torn.seg"
            let handle = try files.open(path, .createNew)
            defer { handle.close() }
            files.inject(Fault(.write, .tornWrite(bytesWritten: 3)))
            #expect(throws: StoreError.io(operation: "pwrite", path: path, errno: EIO)) { try handle.write(Array("abcdef".utf8), at: 0) }
            #expect(try LogFiles.readBytes(path) == Array("abc".utf8))

            files.clearFaults()
            try handle.write(Array("abcdef".utf8), at: 0)
            #expect(try LogFiles.readBytes(path) == Array("abcdef".utf8))
            #expect(files.fired.count == 1)
        }
    }

    @Test func preallocationFaultsReportNoSpaceWithTheRequestedBytes() async throws {
        try await TemporaryDirectory.with { directory in
            let files = FaultInjectingFileSystem()
            let handle = try files.open(directory + "/full.seg", .createNew)
            defer { handle.close() }
            files.inject(Fault(.preallocate, .noSpace))
            #expect(throws: StoreError.noSpace(path: directory + "/full.seg", bytesRequested: 4096)) {
                try handle.preallocate(offset: 0, length: 4096)
            }
            #expect(try handle.size() == 0, "nothing was allocated")
        }
    }
}
