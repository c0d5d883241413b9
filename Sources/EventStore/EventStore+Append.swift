extension EventStore {
    /// Appends `events` as one atomic batch.
    ///
    /// Events whose idempotency key is already in the log (or earlier in this batch) are not
    /// appended; their outcome is `.duplicate(originalPosition:)`. The same key with a different
    /// type, stream or payload throws `.idempotencyConflict`. `expectedVersions` are checked
    /// against each stream's version before the batch; a mismatch throws `.versionConflict` and
    /// appends nothing. Returns once every event (new or original) is durable.
    public func append(
        _ events: [ProposedEvent], expectedVersions: [String: ExpectedVersion] = [:]
    ) async throws -> AppendResult {
        precondition(!events.isEmpty, "append needs at least one event")
        // Index loops, not `for event in events`: iterating by value copies each event
        // (seven retains) on the hot path.
        for index in events.indices { try EventRecord.validate(events[index], index: index) }
        let keyHashes = events.map { KeyIndex.hash($0.idempotencyKey) }
        let streamKeys = events.map { StreamIndex.key($0.stream) }
        var result = AppendResult(outcomes: [])
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
            lock.lock()
            defer { lock.unlock() }
            do {
                result = try appendLocked(events, keyHashes: keyHashes, streamKeys: streamKeys, expectedVersions: expectedVersions)
                let waitFor = result.position
                if waitFor <= state.durablePosition {
                    continuation.resume()
                } else {
                    state.ackWaiters.append(AckWaiter(position: waitFor, continuation: continuation))
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        return result
    }

    /// The append under the lock: dedupe, check versions, reserve space, then — and only then —
    /// mutate state. Every throw happens before the first mutation, so a failed append leaves
    /// nothing behind.
    private func appendLocked(
        _ events: [ProposedEvent], keyHashes: [UInt64], streamKeys: [StreamIndex.Key],
        expectedVersions: [String: ExpectedVersion]
    ) throws(StoreError) -> AppendResult {
        if state.closing { throw .closed }
        if let failure = state.failure { throw .writerFailed(cause: failure.description) }
        guard options.mode == .readWrite else { throw .readOnly(reason: "opened read-only") }

        // 1. Idempotency: earlier in the log, or earlier in this batch.
        var outcomes = [AppendOutcome?](repeating: nil, count: events.count)
        // Index of the first event in this batch with the same key, for in-batch duplicates.
        var sameKeyEarlier = [Int?](repeating: nil, count: events.count)
        var firstByHash: [UInt64: Int] = [:]
        if events.count > 1 { firstByHash.reserveCapacity(events.count) }
        for i in events.indices {
            if let original = try findKey(events[i].idempotencyKey, hash: keyHashes[i]) {
                try requireSameEvent(events[i], asEventAt: original)
                outcomes[i] = .duplicate(originalPosition: original.position)
                continue
            }
            guard events.count > 1 else { break }
            // A hash seen before in this batch (rare): find the first event with the same key.
            if firstByHash.updateValue(i, forKey: keyHashes[i]) != nil,
               let j = (0..<i).first(where: { keyHashes[$0] == keyHashes[i] && events[$0].idempotencyKey == events[i].idempotencyKey }) {
                guard sameEvent(events[i], events[j]) else {
                    throw .idempotencyConflict(key: events[i].idempotencyKey, originalPosition: 0)
                }
                sameKeyEarlier[i] = j
            }
        }
        let newCount = events.indices.count { outcomes[$0] == nil && sameKeyEarlier[$0] == nil }
        if newCount == 0 { return AppendResult(outcomes: outcomes.map { $0! }) }

        // 2. Optimistic concurrency, against the versions before this batch.
        for (stream, expected) in expectedVersions {
            let actual = state.streams[StreamIndex.key(stream)]?.lastVersion
            switch expected {
            case .any: break
            case .noStream where actual == nil: break
            case .exact(let version) where actual == version: break
            default: throw .versionConflict(stream: stream, expected: expected, actual: actual)
            }
        }

        // 3. Space: may rotate the segment and fallocate; throws .noSpace before any mutation.
        var batchBytes = FrameHeader.byteCount + 8
        for i in events.indices where outcomes[i] == nil && sameKeyEarlier[i] == nil {
            batchBytes += EventRecord.encodedBytes(events[i])
        }
        try reserve(frameBytes: UInt64(batchBytes))

        // 4. Commit to memory: positions, versions, the indexes, and the frame — encoded
        //    straight into the pending buffer the flusher will write (no intermediate copy).
        let first = state.nextPosition
        let recordedAt = max(options.clock.now(), state.lastRecordedAt)
        state.lastRecordedAt = recordedAt
        let slot = pendingSlotForActiveSegment(frameBytes: batchBytes)
        let frameStart = state.pending[slot].bytes.count
        state.pending[slot].bytes.appendZeros(FrameHeader.byteCount)
        state.pending[slot].bytes.appendLE(first)
        var position = first
        for i in events.indices where outcomes[i] == nil && sameKeyEarlier[i] == nil {
            let previous = state.streams.advance(streamKeys[i], position: position)
            let version = previous.map { $0.lastVersion + 1 } ?? 0
            let previousInStream = previous?.lastPosition ?? 0
            EventRecord.encode(
                events[i], version: version, previousInStream: previousInStream, recordedAt: recordedAt,
                into: &state.pending[slot].bytes)
            state.keys.insert(hash: keyHashes[i], position: position)
            state.inFlight.append(InFlightEvent(batch: events, index: i, previousInStream: previousInStream), at: position)
            outcomes[i] = .appended(position: position, version: version)
            position += 1
        }
        for i in events.indices where outcomes[i] == nil {
            outcomes[i] = .duplicate(originalPosition: outcomes[sameKeyEarlier[i]!]!.position)
        }
        state.pending[slot].bytes.withUnsafeMutableBytes { buffer in
            let frame = UnsafeMutableRawBufferPointer(rebasing: buffer[frameStart...])
            precondition(frame.count == batchBytes, "encoded batch size differs from its computed size")
            frame.writeLE(UInt32(batchBytes - FrameHeader.byteCount), at: 0)
            frame[8] = FrameKind.batch.rawValue
            frame.writeLE(UInt32(position - first), at: 12)
            frame.writeLE(Checksum.frameCRC(UnsafeRawBufferPointer(frame)), at: 4)
        }
        state.nextPosition = position
        finishFrame(slot: slot, frameStart: frameStart, frameBytes: batchBytes, firstPosition: first, lastPosition: position - 1)
        return AppendResult(outcomes: outcomes.map { $0! })
    }

    private func sameEvent(_ a: ProposedEvent, _ b: ProposedEvent) -> Bool {
        a.type == b.type && a.stream == b.stream && a.payload == b.payload
    }

    /// The event already stored under `key`: from the in-flight batches or, for a durable one,
    /// from disk. A disk read happens only when the 64-bit hash matches — on a real duplicate.
    private func findKey(_ key: String, hash: UInt64) throws(StoreError) -> (position: UInt64, event: ProposedEvent?, recorded: RecordedEvent?)? {
        var found: (UInt64, ProposedEvent?, RecordedEvent?)?
        _ = try state.keys.firstPosition(matching: hash) { (position) throws(StoreError) -> Bool in
            if let pending = state.inFlight[position]?.event {
                guard pending.idempotencyKey == key else { return false }
                found = (position, pending, nil)
                return true
            }
            guard let recorded = try readEventLocked(at: position), recorded.idempotencyKey == key else { return false }
            found = (position, nil, recorded)
            return true
        }
        return found.map { (position: $0.0, event: $0.1, recorded: $0.2) }
    }

    private func requireSameEvent(
        _ event: ProposedEvent, asEventAt original: (position: UInt64, event: ProposedEvent?, recorded: RecordedEvent?)
    ) throws(StoreError) {
        let same: Bool
        if let pending = original.event {
            same = sameEvent(event, pending)
        } else if let recorded = original.recorded {
            same = event.type == recorded.type && event.stream == recorded.stream && event.payload == recorded.payload
        } else {
            same = false
        }
        if !same { throw .idempotencyConflict(key: event.idempotencyKey, originalPosition: original.position) }
    }

    /// The pending write the next frame of the active segment goes into: the last one if it
    /// targets the active segment and is not sealing, else a new one (with a recycled buffer).
    private func pendingSlotForActiveSegment(frameBytes: Int) -> Int {
        let active = state.active!
        if let last = state.pending.last, last.segmentIndex == active.segmentIndex, last.seal == nil {
            return state.pending.count - 1
        }
        var bytes = state.spareBuffers.popLast() ?? []
        bytes.reserveCapacity(frameBytes)
        state.pending.append(PendingWrite(
            handle: active.handle, segmentIndex: active.segmentIndex, fileOffset: active.reservedEnd, bytes: bytes))
        return state.pending.count - 1
    }

    /// Accounts for a frame just encoded into `state.pending[slot]` and wakes the flusher.
    private func finishFrame(slot: Int, frameStart: Int, frameBytes: Int, firstPosition: UInt64, lastPosition: UInt64) {
        let offset = state.active!.reservedEnd
        precondition(state.pending[slot].fileOffset + UInt64(frameStart) == offset, "pending bytes and file offsets disagree")
        if state.active!.index.isEmpty || offset - state.active!.lastIndexedOffset >= Segment.indexIntervalBytes {
            let entry = IndexEntry(position: firstPosition, fileOffset: offset)
            state.active!.index.append(entry)
            state.active!.lastIndexedOffset = offset
            state.pending[slot].newIndexEntries.append(entry)
        }
        state.active!.reservedEnd += UInt64(frameBytes)
        state.active!.batchCount += 1
        state.active!.lastPosition = lastPosition
        state.pending[slot].lastPosition = lastPosition
        state.pending[slot].batchCount += 1
        lock.broadcast()
    }

    /// Makes room for a frame: seals and rotates a full segment, and preallocates ahead.
    private func reserve(frameBytes: UInt64) throws(StoreError) {
        guard var active = state.active else {
            // A previous rotation failed (e.g. ENOSPC) after sealing: start the segment now.
            try startSegment(firstPosition: state.nextPosition)
            return try reserve(frameBytes: frameBytes)
        }
        if !active.isEmpty && active.reservedEnd >= options.segmentSizeBytesMax {
            try rotate()
            return try reserve(frameBytes: frameBytes)
        }
        let needed = active.reservedEnd + frameBytes + active.footerReserveBytes + 16
        if needed > active.allocatedEnd {
            let target = max(needed, active.allocatedEnd + options.preallocationStepBytes)
            try active.handle.preallocate(offset: active.allocatedEnd, length: target - active.allocatedEnd)
            active.allocatedEnd = target
            state.active = active
        }
    }

    /// Creates the next segment, then asks the flusher to seal the current one after its
    /// pending bytes. If creating fails, nothing changes and the append fails.
    private func rotate() throws(StoreError) {
        let old = state.active!
        let previousCount = state.segments.count
        try startSegment(firstPosition: old.lastPosition + 1)
        let seal = SealRequest(
            firstPosition: old.firstPosition, lastPosition: old.lastPosition, batchCount: old.batchCount,
            dataEnd: old.reservedEnd, index: old.index)
        if let last = state.pending.last, last.segmentIndex == old.segmentIndex, last.seal == nil {
            state.pending[state.pending.count - 1].seal = seal
        } else {
            state.pending.append(PendingWrite(
                handle: old.handle, segmentIndex: old.segmentIndex, fileOffset: old.reservedEnd, seal: seal))
        }
        precondition(state.segments.count == previousCount + 1)
    }

    /// Creates, preallocates and syncs a new segment file and makes it the active one.
    func startSegment(firstPosition: UInt64) throws(StoreError) {
        let path = directory + "/" + Segment.fileName(firstPosition: firstPosition, kind: .plain)
        let handle = try fileSystem.open(path, .createNew)
        do {
            let allocated = UInt64(SegmentHeader.byteCount) + options.preallocationStepBytes
            try handle.preallocate(offset: 0, length: allocated)
            try handle.write(SegmentHeader(kind: .plain, firstPosition: firstPosition).encode(), at: 0)
            try handle.sync()
            try fileSystem.syncDirectory(directory)
            state.segments.append(Segment(
                firstPosition: firstPosition, path: path, kind: .plain, file: SegmentFile(handle: handle),
                lastPosition: firstPosition - 1, sealed: false, index: [], dataEnd: UInt64(SegmentHeader.byteCount),
                batchCount: 0, fileBytes: allocated))
            state.active = ActiveSegment(
                segmentIndex: state.segments.count - 1, firstPosition: firstPosition, path: path, handle: handle,
                reservedEnd: UInt64(SegmentHeader.byteCount), allocatedEnd: allocated, batchCount: 0,
                lastPosition: firstPosition - 1, index: [], lastIndexedOffset: 0)
        } catch {
            handle.close()
            try? fileSystem.remove(path)
            try? fileSystem.syncDirectory(directory)
            throw error
        }
    }

    /// Continues the unsealed last segment found on open.
    func resumeActive(_ tail: LogOpener.ActiveTail) throws(StoreError) {
        let segment = state.segments[tail.segmentIndex]
        state.active = ActiveSegment(
            segmentIndex: tail.segmentIndex, firstPosition: segment.firstPosition, path: segment.path,
            handle: tail.handle, reservedEnd: tail.dataEnd, allocatedEnd: try tail.handle.size(),
            batchCount: segment.batchCount, lastPosition: segment.lastPosition, index: segment.index,
            lastIndexedOffset: segment.index.last?.fileOffset ?? 0)
    }
}
