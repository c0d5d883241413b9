@testable import Domain
import EventStore
import Testing

@Suite struct SHA1Tests {
    @Test func digestOfAbcMatchesFIPS180Vector() {
        #expect(SHA1.hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func digestOfTheEmptyStringMatchesFIPS180Vector() {
        #expect(SHA1.hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func digestOfTheTwoBlockMessageMatchesFIPS180Vector() {
        #expect(SHA1.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func digestOfAMillionAsMatchesFIPS180Vector() {
        var hasher = SHA1()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(chunk) }
        #expect(hexString(hasher.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func digestDoesNotDependOnHowTheInputIsSplit() {
        let text = Array("The quick brown fox jumps over the lazy dog, 55 or 64 bytes make padding interesting.".utf8)
        let whole = SHA1.hash(text)
        for split in [0, 1, 55, 56, 63, 64, 65, text.count] {
            var hasher = SHA1()
            hasher.update(text[..<split])
            hasher.update(text[split...])
            #expect(hasher.finalize() == whole, "split at \(split)")
        }
    }

    @Test func uuidV5OfPythonOrgInTheDNSNamespaceMatchesPython() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        #expect(UUIDv5.string(UUIDv5.make(namespace: UUIDv5.namespaceDNS, name: "python.org")) == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test func uuidV5InTheURLNamespaceMatchesPython() {
        // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://www.python.org/")
        #expect(UUIDv5.string(UUIDv5.make(namespace: UUIDv5.namespaceURL, name: "https://www.python.org/")) == "5406f80d-92e9-51cd-a176-77445955e733")
    }

    @Test func eventIdCarriesTheSameBitsAsTheUUIDString() {
        let bytes = UUIDv5.make(namespace: UUIDv5.namespaceDNS, name: "python.org")
        #expect(UUIDv5.eventID(bytes).uuidString == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
        #expect(UUIDv5.parse("886313E1-3B8A-5372-9B90-0C9AEE199E5D") == bytes)
    }

    /// The block-wise hashing of contiguous input against a plain SHA-1 written here from
    /// FIPS 180-4 (itself checked by the vectors above), on random inputs (`SeededRandom`:
    /// replayable) of every length around the block and padding edges, fed whole, in random
    /// pieces, and as a non-contiguous sequence.
    @Test func blockWiseHashingEqualsAPlainReference() {
        var random = SeededRandom()
        for length in Array(0...200) + [447, 448, 511, 512, 513, 4_096] {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let expected = Self.reference(bytes)
            #expect(SHA1.hash(bytes) == expected, "length \(length); \(random.comment)")
            var pieces = SHA1()
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int(random.next() % 100))
                pieces.update(bytes[start..<end])
                start = end
            }
            #expect(pieces.finalize() == expected, "length \(length) in pieces")
            #expect(SHA1.hash(bytes.lazy.map { $0 }) == expected, "length \(length), not contiguous")
            let text = String(decoding: bytes.map { $0 & 0x7F }, as: UTF8.self)
            #expect(SHA1.hash(text.utf8) == Self.reference(Array(text.utf8)), "length \(length) as text")
        }
    }

    @Test func uuidStringIsTheCanonicalLowerCaseForm() {
        var random = SeededRandom()
        for _ in 0..<500 {
            let bytes = (0..<16).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let hex = bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
            let h = Array(hex)
            let expected = [h[0..<8], h[8..<12], h[12..<16], h[16..<20], h[20..<32]].map { String($0) }.joined(separator: "-")
            #expect(UUIDv5.string(bytes) == expected, "\(random.comment)")
            #expect(UUIDv5.parse(expected) == bytes)
        }
    }

    /// SHA-1 the plain way: pad the whole message, then compress each block.
    static func reference(_ message: [UInt8]) -> [UInt8] {
        var padded = message + [0x80]
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
        for block in stride(from: 0, to: padded.count, by: 64) {
            var w = (0..<16).map { t in
                (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(padded[block + 4 * t + $1]) }
            }
            for t in 16..<80 { w.append(rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1)) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d
                let k: UInt32 = t < 20 ? 0x5A82_7999 : t < 40 ? 0x6ED9_EBA1 : t < 60 ? 0x8F1B_BCDC : 0xCA62_C1D6
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, rotl(a, 5) &+ f &+ e &+ k &+ w[t])
            }
            h = [h[0] &+ a, h[1] &+ b, h[2] &+ c, h[3] &+ d, h[4] &+ e]
        }
        return h.flatMap { word in stride(from: 24, through: 0, by: -8).map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }
}
