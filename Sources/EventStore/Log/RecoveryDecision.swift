/// The recovery decision table of docs/FORMAT.md, as a pure function from what a scan saw to
/// what opening does. Kept apart from the I/O so that a test can prove every observation lands
/// in exactly one row (TigerBeetle's journal recovery cases).
enum TailObservation: Equatable {
    /// Frames end cleanly at `dataEnd` (a zero length field or end of file). Row 1.
    case clean(dataEnd: UInt64)
    /// A frame at `offset` is short or fails its checksum. `validBatchFollows`: a valid batch
    /// frame exists somewhere after it. Rows 2 and 3.
    case badFrame(offset: UInt64, tornBytes: UInt64, reason: String, validBatchFollows: Bool)
    /// The file is all zeros or shorter than a header, with no frames. Row 4.
    case tornCreation
    /// A valid header and no frames while the previous segment is unsealed: the crash fell
    /// between creating this segment and sealing the previous one. Row 4.
    case emptyAfterUnsealed
    /// Header damaged (not merely absent). Row 5.
    case badHeader(reason: String)
    /// The last segment carries a valid seal. Row 9.
    case sealed
}

enum RecoveryDecision: Equatable {
    case open
    case truncate(offset: UInt64, bytesRemoved: UInt64)
    case removeFile
    case refuse(offset: UInt64, reason: String)
    case openAndStartNewSegment

    static func decide(_ observation: TailObservation) -> RecoveryDecision {
        switch observation {
        case .clean:
            return .open
        case let .badFrame(offset, tornBytes, reason, validBatchFollows):
            if validBatchFollows { return .refuse(offset: offset, reason: "\(reason), and valid batches follow it") }
            return .truncate(offset: offset, bytesRemoved: tornBytes)
        case .tornCreation, .emptyAfterUnsealed:
            return .removeFile
        case .badHeader(let reason):
            return .refuse(offset: 0, reason: reason)
        case .sealed:
            return .openAndStartNewSegment
        }
    }
}
