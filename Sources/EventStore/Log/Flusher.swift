extension EventStore {
    /// The flusher thread: takes every pending write, writes it with one pwrite per file run,
    /// seals full segments, syncs once for the whole group (group commit), then publishes the
    /// new durable position and wakes the appenders it covers. Exits when closing and drained.
    func runFlusher() {
        while true {
            lock.lock()
            while state.pending.isEmpty && !state.closing { lock.wait() }
            if state.pending.isEmpty {
                lock.unlock()
                // Closing: relaxed mode promised a sync on close for what it wrote unsynced.
                if let unsynced = flusher.unsynced {
                    do throws(StoreError) {
                        try unsynced.sync()
                    } catch {
                        logger.critical("final sync on close failed: \(error)")
                        lock.withLock { state.failure = error }
                    }
                    flusher.unsynced = nil
                }
                return
            }
            var writes = state.pending
            state.pending.removeAll()
            let snapshot = state.snapshotRequested ? snapshotJob() : nil
            state.snapshotRequested = false
            let syncRequired = options.durability == .durable || state.closing
            lock.unlock()

            let outcome = Result { () throws(StoreError) in try write(writes, syncRequired: syncRequired) }
            let sealed = publish(&writes, outcome: outcome)
            if case .success = outcome {
                if let snapshot { background.async(execute: snapshot) }
                for segmentIndex in sealed { compressLater(segmentIndex) }
            }
        }
    }

    /// Performs the I/O for one group. Runs without the lock.
    private func write(_ writes: [PendingWrite], syncRequired: Bool) throws(StoreError) {
        var unsynced: (any FileHandle)?
        for write in writes {
            if !write.bytes.isEmpty {
                try write.handle.write(write.bytes, at: write.fileOffset)
                flusher.activeCRC = write.bytes.withUnsafeBytes { Checksum.crc32($0, seed: flusher.activeCRC) }
                unsynced = write.handle
            }
            if let seal = write.seal {
                try self.seal(seal, handle: write.handle)
                unsynced = nil
                if flusher.unsynced === write.handle { flusher.unsynced = nil }
            }
        }
        // Relaxed mode acknowledges after the write; seal and close still sync.
        if let unsynced, syncRequired {
            try unsynced.sync()
            flusher.unsynced = nil
        } else if let unsynced {
            flusher.unsynced = unsynced
        }
    }

    /// Writes the index and seal frames, cuts off the preallocated tail, and syncs.
    private func seal(_ request: SealRequest, handle: any FileHandle) throws(StoreError) {
        let indexFrame = IndexFrame.encode(request.index)
        let seal = SealFrame(
            firstPosition: request.firstPosition, lastPosition: request.lastPosition,
            eventCount: request.lastPosition - request.firstPosition + 1, batchCount: request.batchCount,
            indexOffset: request.dataEnd, dataCRC: flusher.activeCRC)
        let footer = indexFrame + seal.encode()
        try handle.write(footer, at: request.dataEnd)
        try handle.truncate(to: request.dataEnd + UInt64(footer.count))
        try handle.sync()
        flusher.activeCRC = 0
    }

    /// Updates the catalog and durable position after a group, or records the failure.
    /// Returns the catalog indices of segments sealed by this group.
    private func publish(_ writes: inout [PendingWrite], outcome: Result<Void, StoreError>) -> [Int] {
        var resume: [UnsafeContinuation<Void, any Error>] = []
        var failed: [(UnsafeContinuation<Void, any Error>, StoreError)] = []
        var positionWaiters: [CheckedContinuation<Void, Never>] = []
        var sealed: [Int] = []
        lock.lock()
        let durableBefore = state.durablePosition
        switch outcome {
        case .failure(let error):
            // STYLE.md: after a failed write or sync, refuse appends until reopened. Whether the
            // group reached the disk is unknown, so its appenders get the error, not an ack.
            logger.critical("log write failed; the store refuses appends until reopened: \(error)")
            state.failure = error
            for waiter in state.ackWaiters { failed.append((waiter.continuation, error)) }
            state.ackWaiters.removeAll()
        case .success:
            for write in writes {
                var segment = state.segments[write.segmentIndex]
                if write.batchCount > 0 {
                    segment.lastPosition = write.lastPosition
                    segment.batchCount += write.batchCount
                    segment.dataEnd = write.fileOffset + UInt64(write.bytes.count)
                    segment.index.append(contentsOf: write.newIndexEntries)
                    state.durablePosition = write.lastPosition
                }
                if let seal = write.seal {
                    segment.sealed = true
                    segment.dataEnd = seal.dataEnd
                    segment.index = seal.index
                    segment.fileBytes = seal.dataEnd + UInt64(IndexFrame.encode(seal.index).count + SealFrame.frameBytes)
                    sealed.append(write.segmentIndex)
                    // Copying the tables costs time proportional to the keys held (about 40 ms
                    // per million), under the lock. Snapshot at a seal only once the events since
                    // the last snapshot reach an eighth of all keys, so the copies cost a bounded
                    // share of append work, and a crash replays at most that many events.
                    // (The last snapshot may cover positions past this seal: it copies every
                    // assigned position.)
                    let sinceSnapshot = seal.lastPosition > state.lastSnapshotPosition ? seal.lastPosition - state.lastSnapshotPosition : 0
                    if sinceSnapshot > 0 && sinceSnapshot * 8 >= UInt64(state.keys.count) {
                        state.snapshotRequested = true
                    }
                } else {
                    segment.fileBytes = max(segment.fileBytes, segment.dataEnd)
                }
                state.segments[write.segmentIndex] = segment
            }
            let durable = state.durablePosition
            if durable > durableBefore { state.inFlight.removeThrough(durable) }
            state.ackWaiters.removeAll { waiter in
                guard waiter.position <= durable else { return false }
                resume.append(waiter.continuation)
                return true
            }
            for (id, waiter) in state.positionWaiters where waiter.after < durable {
                positionWaiters.append(waiter.continuation)
                state.positionWaiters[id] = nil
            }
        }
        // Hand the buffers back for reuse; `writes` is their only owner, so no copy happens.
        for i in writes.indices where state.spareBuffers.count < 4 && writes[i].bytes.capacity <= 8 << 20 {
            var buffer: [UInt8] = []
            swap(&buffer, &writes[i].bytes)
            buffer.removeAll(keepingCapacity: true)
            state.spareBuffers.append(buffer)
        }
        if !state.pending.isEmpty || state.snapshotRequested { lock.broadcast() }
        lock.unlock()
        for continuation in resume { continuation.resume() }
        for (continuation, error) in failed { continuation.resume(throwing: error) }
        for continuation in positionWaiters { continuation.resume() }
        return sealed
    }

    /// Asks the flusher to snapshot the indexes at the start of its next group.
    func requestSnapshot() {
        lock.withLock {
            state.snapshotRequested = true
            lock.broadcast()
        }
    }

    /// Copies the index tables (caller holds the lock) and returns the job that writes them.
    /// The copy covers every assigned position; the job runs only after those are durable.
    func snapshotJob() -> @Sendable () -> Void {
        let covered = state.nextPosition - 1
        state.lastSnapshotPosition = covered
        let keySlots = Array(state.keys.storage)
        let keyCount = state.keys.count
        let streamSlots = Array(state.streams.storage)
        let streamCount = state.streams.count
        let directory = self.directory
        let fileSystem = self.fileSystem
        let logger = self.logger
        return {
            do {
                try IndexSnapshot.write(
                    directory: directory, fileSystem: fileSystem, coveredPosition: covered,
                    keySlots: keySlots, keyCount: keyCount, streamSlots: streamSlots, streamCount: streamCount)
            } catch {
                // The snapshot is derived data: the next open rebuilds what it lacks.
                logger.warning("index snapshot not written: \(error)")
            }
        }
    }

    /// Compresses a sealed segment in the background, then swaps it into the catalog.
    func compressLater(_ segmentIndex: Int) {
        guard case .zlib(let level) = options.compression else { return }
        background.async { [self] in
            let segment = lock.withLock { state.segments[segmentIndex] }
            guard segment.sealed, segment.kind == .plain else { return }
            do {
                let compressed = try SegmentCompressor.compress(segment, directory: directory, level: level, fileSystem: fileSystem)
                lock.withLock { state.segments[segmentIndex] = compressed }
                try fileSystem.remove(segment.path)
                try fileSystem.syncDirectory(directory)
            } catch {
                logger.warning("compressing \(segment.path) failed; it stays uncompressed: \(error)")
            }
        }
    }
}
