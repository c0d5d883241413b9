import EventStore

/// Name-based UUIDs, version 5 (RFC 9562 §5.5): SHA-1 of namespace bytes + name bytes, first
/// 16 bytes, version nibble 5, variant bits 10. The same (namespace, name) always gives the
/// same id, which is what lets a rebuild reproduce event, task and timeline ids.
public enum UUIDv5 {
    /// 16 bytes in RFC byte order (network order, as the canonical string reads).
    public typealias Bytes = [UInt8]

    /// RFC 9562 Appendix C namespaces.
    public static let namespaceDNS: Bytes = parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")!
    public static let namespaceURL: Bytes = parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8")!

    public static func make(namespace: Bytes, name: String) -> Bytes {
        precondition(namespace.count == 16, "a UUID namespace has 16 bytes")
        var hasher = SHA1()
        hasher.update(namespace)
        hasher.update(name.utf8)
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return bytes
    }

    /// Canonical lower-case 8-4-4-4-12.
    public static func string(_ bytes: Bytes) -> String {
        precondition(bytes.count == 16, "a UUID has 16 bytes")
        return String(unsafeUninitializedCapacity: 36) { out in
            var index = 0
            for (position, byte) in bytes.enumerated() {
                if position == 4 || position == 6 || position == 8 || position == 10 {
                    out[index] = UInt8(ascii: "-")
                    index += 1
                }
                out[index] = hexDigits[Int(byte >> 4)]
                out[index + 1] = hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Parses the canonical form (either case); nil otherwise.
    public static func parse(_ text: String) -> Bytes? {
        guard let canonical = Validate.canonicalUUID(text) else { return nil }
        let hex = Array(canonical.utf8.filter { $0 != UInt8(ascii: "-") })
        func nibble(_ c: UInt8) -> UInt8 { c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : c - UInt8(ascii: "a") + 10 }
        return (0..<16).map { nibble(hex[2 * $0]) << 4 | nibble(hex[2 * $0 + 1]) }
    }

    /// The event store's id with the same 128 bits.
    public static func eventID(_ bytes: Bytes) -> EventID {
        precondition(bytes.count == 16, "a UUID has 16 bytes")
        let high = bytes[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let low = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return EventID(high: high, low: low)
    }
}
