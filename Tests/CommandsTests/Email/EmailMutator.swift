import TestSupport

/// Seeded corruptions of raw email bytes for the mutation test: the damage real mail suffers
/// (truncation, bit rot, mangled boundaries, duplicated or runaway headers, mixed line endings)
/// plus random insertions aimed at the parser's delimiters. Not thread-safe (owns its generator).
struct EmailMutator {
    var random: SplitMix64

    /// Applies one corruption to `bytes` and names it.
    mutating func mutate(_ bytes: inout [UInt8]) -> String {
        switch Int.random(in: 0..<9, using: &random) {
        case 0: return flipBit(&bytes)
        case 1: return truncate(&bytes)
        case 2: return insert(&bytes)
        case 3: return damageBoundary(&bytes)
        case 4: return duplicateHeader(&bytes)
        case 5: return deleteRange(&bytes)
        case 6: return swapLineEndings(&bytes)
        case 7: return copyChunk(&bytes)
        default: return damageEncoding(&bytes)
        }
    }

    private mutating func index(in bytes: [UInt8]) -> Int? {
        bytes.isEmpty ? nil : Int.random(in: 0..<bytes.count, using: &random)
    }

    private mutating func flipBit(_ bytes: inout [UInt8]) -> String {
        guard let at = index(in: bytes) else { return "flip(empty)" }
        let bit = Int.random(in: 0..<8, using: &random)
        bytes[at] ^= 1 << bit
        return "flip(\(at).\(bit))"
    }

    private mutating func truncate(_ bytes: inout [UInt8]) -> String {
        let length = Int.random(in: 0...bytes.count, using: &random)
        bytes.removeSubrange(length...)
        return "truncate(\(length))"
    }

    /// Bytes the parser treats specially are likelier than the rest.
    private static let alphabet: [UInt8] = Array("\r\n\r\n-=?:<>\"\t ;&#/_".utf8) + [0x00, 0xFF, 0xC3, 0xA9, 0x80, 0x93]

    private mutating func insert(_ bytes: inout [UInt8]) -> String {
        let at = Int.random(in: 0...bytes.count, using: &random)
        let count = Int.random(in: 1...8, using: &random)
        let inserted = (0..<count).map { _ in
            Bool.random(using: &random)
                ? Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)]
                : UInt8.random(in: 0...255, using: &random)
        }
        bytes.insert(contentsOf: inserted, at: at)
        return "insert(\(at), \(count))"
    }

    /// Ranges of the lines that start with `prefix`.
    private func lines(startingWith prefix: [UInt8], in bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            if bytes[start..<end].starts(with: prefix) { ranges.append(start..<end) }
            start = end
        }
        return ranges
    }

    private mutating func damageBoundary(_ bytes: inout [UInt8]) -> String {
        let boundaries = lines(startingWith: [0x2D, 0x2D], in: bytes)
        guard !boundaries.isEmpty else { return flipBit(&bytes) }
        let line = boundaries[Int.random(in: 0..<boundaries.count, using: &random)]
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            bytes.removeSubrange(line)
            return "boundary.delete(\(line))"
        case 1:
            bytes.insert(contentsOf: bytes[line], at: line.lowerBound)
            return "boundary.duplicate(\(line))"
        case 2:
            let at = Int.random(in: line, using: &random)
            bytes[at] = UInt8(ascii: "x")
            return "boundary.alter(\(at))"
        default:
            bytes.insert(contentsOf: [0x2D, 0x2D], at: max(line.lowerBound, line.upperBound - 2))
            return "boundary.close(\(line))"
        }
    }

    private mutating func duplicateHeader(_ bytes: inout [UInt8]) -> String {
        let headerEnd = (0..<max(0, bytes.count - 1)).first { bytes[$0] == 0x0A && (bytes[$0 + 1] == 0x0A || bytes[$0 + 1] == 0x0D) }
        let lines = lines(startingWith: [], in: Array(bytes[..<(headerEnd ?? 0)]))
        guard !lines.isEmpty else { return insert(&bytes) }
        let line = lines[Int.random(in: 0..<lines.count, using: &random)]
        // Now and then enough copies to cross the header-line limit.
        let copies = Int.random(in: 0..<10, using: &random) == 0 ? Int.random(in: 900...1_100, using: &random) : 1
        let copy = Array(bytes[line])
        bytes.insert(contentsOf: (0..<copies).flatMap { _ in copy }, at: line.upperBound)
        return "header.duplicate(\(line), \(copies))"
    }

    private mutating func deleteRange(_ bytes: inout [UInt8]) -> String {
        guard let start = index(in: bytes) else { return "delete(empty)" }
        let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
        bytes.removeSubrange(start..<end)
        return "delete(\(start)..<\(end))"
    }

    private mutating func swapLineEndings(_ bytes: inout [UInt8]) -> String {
        if bytes.contains(0x0D) {
            bytes.removeAll { $0 == 0x0D }
            return "lineEndings.lf"
        }
        bytes = bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
        return "lineEndings.crlf"
    }

    private mutating func copyChunk(_ bytes: inout [UInt8]) -> String {
        guard let start = index(in: bytes) else { return "copy(empty)" }
        let end = min(bytes.count, start + Int.random(in: 1...256, using: &random))
        let at = Int.random(in: 0...bytes.count, using: &random)
        bytes.insert(contentsOf: Array(bytes[start..<end]), at: at)
        return "copy(\(start)..<\(end) to \(at))"
    }

    /// Damage right after an `=` (quoted-printable escapes, encoded words, base64 padding).
    private mutating func damageEncoding(_ bytes: inout [UInt8]) -> String {
        let equals = bytes.indices.filter { bytes[$0] == UInt8(ascii: "=") }
        guard !equals.isEmpty else { return flipBit(&bytes) }
        let at = equals[Int.random(in: 0..<equals.count, using: &random)]
        let end = min(bytes.count, at + Int.random(in: 1...4, using: &random))
        for position in at..<end { bytes[position] = Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &random)] }
        return "encoding(\(at)..<\(end))"
    }
}
