/// One line of a byte buffer. Indices are into the buffer the line came from. Thread-safe (a value).
struct MailLine: Equatable {
    /// First byte of the line.
    let start: Int
    /// End of the line's content: before its CR LF, or LF, or at the end of the data.
    let contentEnd: Int
    /// After the line's terminator; equal to `contentEnd` for a last line without one.
    let end: Int

    var isEmpty: Bool { start == contentEnd }
}

/// Splits bytes into lines at LF, stripping a CR before it, so CRLF and bare-LF messages read
/// the same (INTAKE.md: both line endings occur). A lone CR is content. Never reads out of
/// bounds; every line has `start <= contentEnd <= end <= bytes.endIndex`.
struct MailLines: Sequence, IteratorProtocol {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>, from position: Int? = nil) {
        self.bytes = bytes
        self.position = position ?? bytes.startIndex
    }

    mutating func next() -> MailLine? {
        guard position < bytes.endIndex else { return nil }
        let start = position
        // A raw-buffer scan: this loop runs over every byte of every message, and the generic
        // `firstIndex(of:)` is many times slower in debug builds (the mutation test's budget).
        let newline: Int? = bytes.withUnsafeBufferPointer { buffer in
            var offset = start - bytes.startIndex
            while offset < buffer.count {
                if buffer[offset] == 0x0A { return bytes.startIndex + offset }
                offset += 1
            }
            return nil
        }
        let end = newline.map { $0 + 1 } ?? bytes.endIndex
        var contentEnd = newline ?? bytes.endIndex
        if newline != nil, contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        position = end
        return MailLine(start: start, contentEnd: contentEnd, end: end)
    }

    /// The next line without consuming it.
    func peek() -> MailLine? {
        var copy = self
        return copy.next()
    }
}
