/// Base64 (RFC 2045 §6.8) as it arrives in mail: wrapped at any width, with CR LF or LF,
/// sometimes unpadded, sometimes with junk. Thread-safe (stateless).
enum MIMEBase64 {
    struct Result: Equatable {
        var bytes: [UInt8]
        /// Characters outside the alphabet (other than whitespace) were skipped, or a group had
        /// a single dangling character.
        var malformed: Bool
    }

    /// Line breaks and spaces are ignored; `=` ends a group (what follows is decoded as a new
    /// run, so concatenated base64 blocks survive); missing padding is accepted.
    static func decode<Bytes: Collection<UInt8>>(_ input: Bytes) -> Result {
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bitCount = 0
        var groupCount = 0  // characters in the current 4-character group
        var malformed = false
        for byte in input {
            if let value = sextet(byte) {
                accumulator = (accumulator << 6) | UInt32(value)
                bitCount += 6
                groupCount = (groupCount + 1) % 4
                if bitCount >= 8 {
                    bitCount -= 8
                    output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bitCount)))
                    accumulator &= (1 << UInt32(bitCount)) - 1
                }
            } else if byte == UInt8(ascii: "=") {
                if groupCount == 1 { malformed = true }  // six bits cannot make a byte
                accumulator = 0
                bitCount = 0
                groupCount = 0
            } else if !isWhitespace(byte) {
                malformed = true
            }
        }
        if groupCount == 1 { malformed = true }
        return Result(bytes: output, malformed: malformed)
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x0C || byte == 0x0B
    }
}
