import EventStore

extension EventStoreOptions {
    /// Options for tests: small preallocation (so copies of a log directory stay small and a
    /// modest payload needs a new fallocate), a deterministic clock, and recovery warnings
    /// kept out of the test output (tests assert on `store.repairs` instead).
    public static func testing(
        mode: StoreOpenMode = .readWrite,
        segmentSizeBytesMax: UInt64 = 1 << 20,
        preallocationStepBytes: UInt64 = 4096,
        compression: SegmentCompression = .none,
        fileSystem: any FileSystem = PosixFileSystem(),
        clock: any StoreClock = ManualClock()
    ) -> EventStoreOptions {
        var options = EventStoreOptions()
        options.mode = mode
        options.segmentSizeBytesMax = segmentSizeBytesMax
        options.preallocationStepBytes = preallocationStepBytes
        options.compression = compression
        options.fileSystem = fileSystem
        options.clock = clock
        options.logger.logLevel = .critical
        return options
    }

    /// The same options, opening read-only.
    public var readOnly: EventStoreOptions {
        var options = self
        options.mode = .readOnly
        return options
    }
}
