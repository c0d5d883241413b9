/// Splits a multipart body at its boundary lines (RFC 2046 §5.1.1).
///
/// A delimiter is a line that is `--boundary`, optionally followed by `--` (the close
/// delimiter) and by transport-padding whitespace. The line break before a delimiter belongs
/// to the delimiter, not to the part. The preamble (before the first delimiter) and the
/// epilogue (after the close delimiter) are discarded. Thread-safe (stateless).
enum MultipartSplitter {
    struct Split {
        /// The body parts, each from after its delimiter line to before the next delimiter.
        var parts: [ArraySlice<UInt8>] = []
        /// False when no line of the body is a delimiter: the boundary is not used at all.
        var foundDelimiter = false
        /// False when the close delimiter is missing; the last part then runs to the end.
        var closed = false
    }

    static func split(_ body: ArraySlice<UInt8>, boundary: String) -> Split {
        let delimiter = Array("--\(boundary)".utf8)
        var split = Split()
        var partStart: Int?
        for line in MailLines(body) {
            guard let isClose = delimiterKind(body[line.start..<line.contentEnd], delimiter: delimiter) else { continue }
            if let start = partStart {
                split.parts.append(body[start..<lineBreakStart(before: line.start, in: body, floor: start)])
            }
            split.foundDelimiter = true
            if isClose {
                split.closed = true
                partStart = nil
                break
            }
            partStart = line.end
        }
        if let start = partStart { split.parts.append(body[start..<body.endIndex]) }
        return split
    }

    /// nil when `line` is not a delimiter; true for the close delimiter.
    private static func delimiterKind(_ line: ArraySlice<UInt8>, delimiter: [UInt8]) -> Bool? {
        guard line.starts(with: delimiter) else { return nil }
        var rest = line.dropFirst(delimiter.count)
        let isClose = rest.starts(with: [0x2D, 0x2D])
        if isClose { rest = rest.dropFirst(2) }
        return rest.allSatisfy(\.isMailSpaceOrTab) ? isClose : nil
    }

    /// The index of the CR LF (or LF) that ends the line before `lineStart`, never below `floor`.
    private static func lineBreakStart(before lineStart: Int, in body: ArraySlice<UInt8>, floor: Int) -> Int {
        var end = lineStart
        if end > floor, body[end - 1] == 0x0A { end -= 1 }
        if end > floor, body[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
