/// The index snapshot is derived data (docs/FORMAT.md, "Index snapshot"): when it is missing,
/// damaged or ahead of the log, the next open rebuilds it from the segments. So verify reports
/// what it finds as notes, never as corruption of the log.
enum SnapshotCheck {
    static func notes(directory: String, fileSystem: any FileSystem, logEnd: UInt64) -> [String] {
        let path = directory + "/" + IndexSnapshot.fileName
        switch IndexSnapshot.load(directory: directory, fileSystem: fileSystem) {
        case .missing:
            return logEnd > 0 ? ["\(path): no index snapshot; the next open rebuilds the index from the segments"] : []
        case .unusable(let reason):
            return ["\(path): unusable (\(reason)); the next open rebuilds the index from the segments"]
        case .loaded(let snapshot):
            var notes: [String] = []
            if snapshot.coveredPosition > logEnd {
                notes.append("\(path): covers positions through \(snapshot.coveredPosition) but the log ends at \(logEnd); the next open rebuilds the index")
            } else if snapshot.coveredPosition < logEnd {
                notes.append("\(path): covers positions through \(snapshot.coveredPosition); the next open replays the \(logEnd - snapshot.coveredPosition) events after it")
            }
            // Every event carries one key, unique across the log, and positions are dense from 1.
            if UInt64(snapshot.keys.count) != snapshot.coveredPosition {
                notes.append("\(path): holds \(snapshot.keys.count) keys for \(snapshot.coveredPosition) events; the next open should rebuild it")
            }
            return notes
        }
    }
}
