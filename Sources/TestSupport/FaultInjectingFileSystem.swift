import EventStore
import Glibc
import Synchronization

/// A `FileSystem` that forwards to `PosixFileSystem` and fails the operations a test scripts:
/// ENOSPC from `preallocate` or `write`, a torn `write` that lands only its first bytes, EIO
/// from `sync` — optionally only for paths with a given suffix, and only from the Nth
/// matching call on (SwiftNIO's and TigerBeetle's deterministic fault injection).
///
/// Thread-safe: the script and the log of fired faults sit in one `Mutex`; the store's
/// appenders, flusher thread and background queue call in concurrently. Everything else is
/// immutable.
///
/// ```swift
/// let files = FaultInjectingFileSystem()
/// files.inject(Fault(.preallocate, .noSpace))
/// // ... append fails with .noSpace ...
/// files.clearFaults()
/// ```
public final class FaultInjectingFileSystem: FileSystem {
    private let base: any FileSystem
    private let script = Mutex(Script())

    private struct Script {
        var faults: [Armed] = []
        var fired: [FiredFault] = []
        var nextID = 0
    }

    private struct Armed {
        var id: Int
        var fault: Fault
        /// Matching calls seen so far, fired or not.
        var matchingCalls = 0
        var timesFired = 0
    }

    public init(base: any FileSystem = PosixFileSystem()) {
        self.base = base
    }

    // MARK: Script

    /// Arms `fault`. Faults are checked in the order they were armed; the first that fires wins.
    public func inject(_ fault: Fault) {
        script.withLock { script in
            script.faults.append(Armed(id: script.nextID, fault: fault))
            script.nextID += 1
        }
    }

    /// Disarms every fault ("the disk has space again"). The log of fired faults is kept.
    public func clearFaults() {
        script.withLock { $0.faults.removeAll() }
    }

    /// Every fault that fired, in order. A test checks it so that a fault that never fired
    /// cannot make a test pass vacuously.
    public var fired: [FiredFault] {
        script.withLock { $0.fired }
    }

    /// Decides, atomically, whether a call fails. Returns the effect of the fault that fires.
    func check(_ operation: FileOperation, path: String) -> FaultEffect? {
        script.withLock { script -> FaultEffect? in
            for i in script.faults.indices {
                let fault = script.faults[i].fault
                guard fault.operation == operation, fault.matches(path: path) else { continue }
                script.faults[i].matchingCalls += 1
                guard script.faults[i].matchingCalls > fault.passingCalls else { continue }
                if let limit = fault.timesMax, script.faults[i].timesFired >= limit { continue }
                script.faults[i].timesFired += 1
                script.fired.append(FiredFault(operation: operation, path: path, effect: fault.effect))
                return fault.effect
            }
            return nil
        }
    }

    // MARK: FileSystem

    public func open(_ path: String, _ mode: FileOpenMode) throws(StoreError) -> any FileHandle {
        if let effect = check(.open, path: path) { throw effect.error(operation: "open", path: path, bytes: 0) }
        return FaultInjectingFileHandle(base: try base.open(path, mode), fileSystem: self)
    }

    public func exists(_ path: String) -> Bool {
        base.exists(path)
    }

    public func listDirectory(_ path: String) throws(StoreError) -> [String] {
        try base.listDirectory(path)
    }

    public func createDirectory(_ path: String) throws(StoreError) {
        try base.createDirectory(path)
    }

    public func rename(_ from: String, to: String) throws(StoreError) {
        if let effect = check(.rename, path: from) { throw effect.error(operation: "rename", path: from, bytes: 0) }
        try base.rename(from, to: to)
    }

    public func remove(_ path: String) throws(StoreError) {
        if let effect = check(.remove, path: path) { throw effect.error(operation: "unlink", path: path, bytes: 0) }
        try base.remove(path)
    }

    public func syncDirectory(_ path: String) throws(StoreError) {
        if let effect = check(.syncDirectory, path: path) { throw effect.error(operation: "fsync", path: path, bytes: 0) }
        try base.syncDirectory(path)
    }
}

/// The operations a fault can target.
public enum FileOperation: Sendable, Hashable {
    case open
    case preallocate
    case write
    case sync
    case truncate
    case rename
    case remove
    case syncDirectory
}

/// What a fault does to the call it fires on.
public enum FaultEffect: Sendable, Equatable {
    /// ENOSPC: `StoreError.noSpace`. Nothing is written.
    case noSpace
    /// The call fails with this errno (`StoreError.io`, named after the system call), e.g. EIO
    /// from fdatasync. Nothing is written.
    case ioError(errno: Int32)
    /// `write` only: the first `bytesWritten` bytes reach the file, then the call fails with EIO,
    /// as when a process dies or the device fails in the middle of a pwrite.
    case tornWrite(bytesWritten: Int)

    func error(operation: String, path: String, bytes: UInt64) -> StoreError {
        switch self {
        case .noSpace: .noSpace(path: path, bytesRequested: bytes)
        case .ioError(let errno): .io(operation: operation, path: path, errno: errno)
        case .tornWrite: .io(operation: operation, path: path, errno: EIO)
        }
    }
}

/// One scripted failure.
public struct Fault: Sendable {
    public var operation: FileOperation
    public var effect: FaultEffect
    /// Only paths ending with this (e.g. ".seg", or a segment's file name); nil matches all.
    public var pathSuffix: String?
    /// Matching calls that succeed before the fault fires: 0 fails the first, N the (N+1)th.
    public var passingCalls: Int
    /// How many times it fires; nil until `clearFaults()`.
    public var timesMax: Int?

    public init(
        _ operation: FileOperation, _ effect: FaultEffect, pathSuffix: String? = nil, passingCalls: Int = 0,
        timesMax: Int? = nil
    ) {
        precondition(passingCalls >= 0 && (timesMax ?? 1) > 0, "a fault must be able to fire")
        if case .tornWrite = effect { precondition(operation == .write, "only a write can be torn") }
        self.operation = operation
        self.effect = effect
        self.pathSuffix = pathSuffix
        self.passingCalls = passingCalls
        self.timesMax = timesMax
    }

    func matches(path: String) -> Bool {
        pathSuffix.map { path.hasSuffix($0) } ?? true
    }
}

/// A fault that fired: which call, on which file.
public struct FiredFault: Sendable, Equatable {
    public var operation: FileOperation
    public var path: String
    public var effect: FaultEffect

    public init(operation: FileOperation, path: String, effect: FaultEffect) {
        self.operation = operation
        self.path = path
        self.effect = effect
    }
}
