import Domain
import Foundation

/// Reads chosen top-level members of a JSON object in place, without building the object.
///
/// Why not `JSONDecoder`: an audit reads millions of payloads for two or three fields each;
/// decoding a whole `MessageLogged` costs tens of microseconds (docs/BENCHMARKS.md, "TCPA
/// audit"), this a few hundred nanoseconds. Payloads in the log are canonical JSON written by
/// `EventCodec` (sorted keys), so the members a rule needs come early and the walk stops as
/// soon as it has them; correctness does not depend on the order, only speed does.
///
/// Only the top level is interpreted: a member's value is handed out as raw bytes (strings
/// with their quotes, objects and arrays whole). A string value's escapes are skipped
/// correctly, so `"` inside text never ends it. Malformed input stops the walk (the store
/// verified the bytes' checksum, so that means a writer bug; the caller falls back to the full
/// decoder, which reports it).
///
/// A deliberately specialised scan, not a second JSON reader: it validates nothing it does not
/// need and builds nothing, which is the point. Where it must turn a string with escapes into
/// text it asks Domain's `JSONReader`, the product's one reader. Thread-safe (stateless).
enum JSONMembers {
    /// Calls `visit(key, value)` for each top-level member in order until it returns false.
    /// Returns false when the bytes are not a well-formed object as far as they were read.
    @discardableResult
    @inline(__always)
    static func forEach(
        _ bytes: UnsafeRawBufferPointer, _ visit: (_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer) -> Bool
    ) -> Bool {
        var cursor = Cursor(bytes)
        while let (key, value) = cursor.next() {
            if !visit(key, value) { return true }
        }
        return cursor.wellFormed
    }

    /// The members of one object, one `next()` at a time: the hot path's loop (no closure).
    /// After `next()` returns nil, `wellFormed` says whether the object was complete and valid.
    struct Cursor {
        private let bytes: UnsafeRawBufferPointer
        private var i: Int
        private(set) var wellFormed = false
        private var done = false

        @inline(__always)
        init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
            let count = bytes.count
            var i = skipSpace(bytes, 0)
            if i < count, bytes[i] == UInt8(ascii: "{") {
                i = skipSpace(bytes, i + 1)
                if i < count, bytes[i] == UInt8(ascii: "}") {
                    wellFormed = true
                    done = true
                }
            } else {
                done = true
            }
            self.i = i
        }

        mutating func next() -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
            if done { return nil }
            done = true
            let count = bytes.count
            guard i < count, bytes[i] == UInt8(ascii: "\""), let keyEnd = stringEnd(bytes, i) else { return nil }
            let key = UnsafeRawBufferPointer(rebasing: bytes[(i + 1)..<(keyEnd - 1)])
            var j = skipSpace(bytes, keyEnd)
            guard j < count, bytes[j] == UInt8(ascii: ":") else { return nil }
            j = skipSpace(bytes, j + 1)
            guard let valueEnd = valueEnd(bytes, j) else { return nil }
            let value = UnsafeRawBufferPointer(rebasing: bytes[j..<valueEnd])
            j = skipSpace(bytes, valueEnd)
            guard j < count else { return (key, value) }
            if bytes[j] == UInt8(ascii: "}") {
                wellFormed = true
            } else if bytes[j] == UInt8(ascii: ",") {
                i = skipSpace(bytes, j + 1)
                done = false
            }
            return (key, value)
        }
    }

    /// Whether `bytes` spell `literal` exactly.
    @inline(__always)
    static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount && memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0
    }

    /// A JSON string value (with quotes) as text; nil when the value is not a string.
    static func string(_ value: UnsafeRawBufferPointer) -> String? {
        guard value.count >= 2, value[0] == UInt8(ascii: "\""), value[value.count - 1] == UInt8(ascii: "\"") else { return nil }
        let inner = UnsafeRawBufferPointer(rebasing: value[1..<(value.count - 1)])
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        return JSONReader.string(literal: value)
    }

    @inline(__always)
    fileprivate static func skipSpace(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        // Canonical payloads have no whitespace: the first test usually ends the loop.
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x0A, 0x0D, 0x09: i += 1
            default: return i
            }
        }
        return i
    }

    /// The index just past the string that opens at `start` (a `"`), or nil if unterminated.
    fileprivate static func stringEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        var i = start + 1
        let count = bytes.count
        let base = bytes.baseAddress!
        while i < count {
            guard let quote = nextQuote(base, from: i, count: count) else { return nil }
            // A quote preceded by an odd number of backslashes is escaped and does not end the string.
            var backslashes = 0
            var j = quote - 1
            while j > start && bytes[j] == UInt8(ascii: "\\") {
                backslashes += 1
                j -= 1
            }
            if backslashes % 2 == 0 { return quote + 1 }
            i = quote + 1
        }
        return nil
    }

    /// The index of the next `"` at or after `from`. Members are short (keys, ids, times), so
    /// eight bytes are tested at a time in a register (a word holds a quote where `word ^ 0x22…`
    /// has a zero byte) rather than paying a `memchr` call per string.
    @inline(__always)
    private static func nextQuote(_ base: UnsafeRawPointer, from: Int, count: Int) -> Int? {
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes: UInt64 = 0x2222_2222_2222_2222
        while i + 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ quotes
            let found = (word &- ones) & ~word & highs
            if found != 0 { return i + found.trailingZeroBitCount / 8 }
            i += 8
        }
        while i < count {
            if base.load(fromByteOffset: i, as: UInt8.self) == 0x22 { return i }
            i += 1
        }
        return nil
    }

    /// The index just past the value that starts at `start`.
    fileprivate static func valueEnd(_ bytes: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard let end = stringEnd(bytes, i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default:
                    break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return i
                default: i += 1
                }
            }
            return i
        }
    }
}
