/// Quoted-printable (RFC 2045 §6.7). Thread-safe (stateless).
enum MIMEQuotedPrintable {
    struct Result: Equatable {
        var bytes: [UInt8]
        /// An `=` not followed by two hex digits or a line break was kept literally.
        var malformed: Bool
    }

    /// Decodes `=XX` (either case), joins soft line breaks (`=` at the end of a line), and
    /// deletes trailing whitespace on each line, which rule (1) of §6.7 says transport added.
    /// Hard line breaks are kept as they were (CR LF or LF).
    static func decode(_ input: ArraySlice<UInt8>) -> Result {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var malformed = false
        for line in MailLines(input) {
            var contentEnd = line.contentEnd
            while contentEnd > line.start, input[contentEnd - 1].isMailSpaceOrTab { contentEnd -= 1 }
            var soft = false
            var index = line.start
            while index < contentEnd {
                let byte = input[index]
                guard byte == UInt8(ascii: "=") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                if index + 1 == contentEnd {
                    soft = true
                    break
                }
                if index + 2 < contentEnd, let high = hexValue(input[index + 1]),
                    let low = hexValue(input[index + 2])
                {
                    output.append(high << 4 | low)
                    index += 3
                } else {
                    malformed = true
                    output.append(byte)
                    index += 1
                }
            }
            if !soft { output.append(contentsOf: input[line.contentEnd..<line.end]) }
        }
        return Result(bytes: output, malformed: malformed)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
