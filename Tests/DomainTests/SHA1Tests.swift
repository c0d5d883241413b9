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
}
