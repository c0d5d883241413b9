import Glibc

/// Lines of a file, read in large blocks with read(2). Lines may be up to the payload limit
/// (16 MiB, more once escaped); a trailing "\r" is dropped.
///
/// Not thread-safe.
struct LineReader {
    private let fd: Int32
    let fileBytes: UInt64
    private(set) var bytesRead: UInt64 = 0
    private var buffer: [UInt8] = []
    private var start = 0
    private var endOfFile = false
    private var lineNumber = 0
    static let readBytes = 1 << 20

    init(path: String) throws(CLIError) {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .user("cannot open \(path): \(String(cString: strerror(errno)))") }
        var info = stat()
        fstat(fd, &info)
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            Glibc.close(fd)
            throw .user("\(path) is a directory, not a JSON Lines file")
        }
        fileBytes = UInt64(max(info.st_size, 0))
    }

    func close() { Glibc.close(fd) }

    /// The next line and its 1-based number, or nil at the end of the file.
    mutating func nextLine() throws(CLIError) -> (Int, [UInt8])? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = Array(buffer[start..<end])
                start = newline + 1
                lineNumber += 1
                return (lineNumber, line)
            }
            if endOfFile {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                lineNumber += 1
                return (lineNumber, line)
            }
            try fill()
        }
    }

    private mutating func fill() throws(CLIError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let before = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: Self.readBytes))
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + before, Self.readBytes) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw .fault("reading the import file failed: \(String(cString: strerror(errno)))") }
        buffer.removeLast(Self.readBytes - n)
        bytesRead += UInt64(n)
        if n == 0 { endOfFile = true }
    }
}
