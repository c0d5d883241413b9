import Logging

/// How appends reach stable storage.
public enum Durability: Sendable, Equatable {
    /// Acknowledge an append only after fdatasync; concurrent appends share one sync. The default.
    case durable
    /// Acknowledge after the write system call; sync on seal and close. For bulk imports only:
    /// an OS crash or power loss can lose acknowledged events.
    case relaxed
}

/// Whether sealed segments are rewritten compressed (docs/FORMAT.md).
public enum SegmentCompression: Sendable, Equatable {
    case none
    /// zlib deflate at `level` (1 = fastest … 9 = smallest).
    case zlib(level: Int32)
}

public enum StoreOpenMode: Sendable, Equatable {
    /// The one writer: takes the directory lock, repairs a torn tail, refuses on corruption.
    case readWrite
    /// Changes nothing and never refuses: serves every event before the first problem.
    case readOnly
}

public struct EventStoreOptions: Sendable {
    public var mode: StoreOpenMode = .readWrite
    public var durability: Durability = .durable
    public var compression: SegmentCompression = .none
    /// A segment is sealed once it passes this size.
    public var segmentSizeBytesMax: UInt64 = 64 * 1024 * 1024
    /// Space reserved ahead of the writer with fallocate, so that a full disk fails an append
    /// before any of its bytes are written, and fdatasync need not update the file size.
    public var preallocationStepBytes: UInt64 = 8 * 1024 * 1024
    public var fileSystem: any FileSystem = PosixFileSystem()
    public var clock: any StoreClock = SystemClock()
    public var logger = Logger(label: "contactledger.eventstore")

    public init() {}

    public static func readOnly() -> EventStoreOptions {
        var options = EventStoreOptions()
        options.mode = .readOnly
        return options
    }
}
