import Logging

/// Builds the idempotency and stream tables on open: from index.snap plus the events after it,
/// or — when the snapshot is missing or unusable — from every segment.
struct IndexLoader {
    let directory: String
    let fileSystem: any FileSystem
    let logger: Logger

    struct Loaded {
        var keys: KeyIndex
        var streams: StreamIndex
        /// True when the snapshot could not be used (the caller writes a fresh one).
        var rebuilt: Bool
        /// The position the snapshot on disk covers (0 when none was used).
        var snapshotCoveredPosition: UInt64
    }

    func load(segments: [Segment], lastPosition: UInt64) throws(StoreError) -> Loaded {
        var keys: KeyIndex
        var streams: StreamIndex
        var from: UInt64 = 1
        var rebuilt = false
        switch IndexSnapshot.load(directory: directory, fileSystem: fileSystem) {
        case .loaded(let snapshot) where snapshot.coveredPosition <= lastPosition:
            keys = snapshot.keys
            streams = snapshot.streams
            from = snapshot.coveredPosition + 1
        case .loaded(let snapshot):
            logger.warning("index snapshot covers position \(snapshot.coveredPosition) but the log ends at \(lastPosition); rebuilding")
            (keys, streams, rebuilt) = (KeyIndex(), StreamIndex(), true)
        case .missing:
            (keys, streams, rebuilt) = (KeyIndex(), StreamIndex(), lastPosition > 0)
        case .unusable(let reason):
            logger.warning("index snapshot unusable (\(reason)); rebuilding from the log")
            (keys, streams, rebuilt) = (KeyIndex(), StreamIndex(), true)
        }
        if from <= lastPosition {
            try replay(segments: segments, from: from, through: lastPosition, keys: keys, streams: streams)
        }
        return Loaded(keys: keys, streams: streams, rebuilt: rebuilt, snapshotCoveredPosition: from - 1)
    }

    private func replay(segments: [Segment], from: UInt64, through last: UInt64, keys: KeyIndex, streams: StreamIndex) throws(StoreError) {
        do {
            for segment in segments where !segment.isEmpty && segment.lastPosition >= from {
                var reader = SegmentReader(segment: segment, lastPosition: last)
                try reader.forEachBatch(from: from) { batch in
                    _ = batch.forEach { event in
                        guard event.position >= from else { return }
                        keys.insert(hash: KeyIndex.hash(bytes: event.idempotencyKeyBytes), position: event.position)
                        streams.set(StreamIndex.key(bytes: event.streamBytes),
                                    .init(lastVersion: event.version, lastPosition: event.position))
                    }
                    return true
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }
}

/// State only the flusher thread touches: no lock needed.
final class FlusherState: @unchecked Sendable {
    /// CRC of every frame written to the active segment so far (goes into its seal).
    var activeCRC: UInt32
    /// Written but not yet synced (relaxed mode); synced when the flusher stops.
    var unsynced: (any FileHandle)?
    init(activeCRC: UInt32) { self.activeCRC = activeCRC }
}
