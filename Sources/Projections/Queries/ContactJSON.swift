import Domain

/// The response bodies of the Contacts page and the profile, written by hand: `JSONEncoder`
/// was 40 % of a page's CPU (perf, 1 M contacts, docs/BENCHMARKS.md "Response JSON").
///
/// The text parses to exactly what `JSONEncoder().encode` of the same value gives (the
/// `Encodable` conformances stay, and ContactJSONTests hold the two together): the same keys,
/// `ContactView`'s absent values as `null` (its `encode(to:)` writes every column) and the
/// other types' nil optionals omitted (synthesized `encodeIfPresent`). Member order is the
/// declaration order; strings go through `JSONString.append`, so `/` is not escaped (JSONEncoder
/// writes `\/`: the same string once parsed). Stateless (thread-safe).
public enum ContactJSON {
    /// `ContactsPage` as JSON (UTF-8).
    public static func page(_ page: ContactsPage) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + page.contacts.count * 1_280)
        writer.page(page)
        return writer.bytes
    }

    /// `ContactProfile` as JSON (UTF-8), or nil when it holds a value JSON cannot express (a
    /// non-finite number in a timeline value, which `JSONEncoder` refuses with an error: the
    /// caller encodes with it to keep that behaviour).
    public static func profile(_ profile: ContactProfile) -> [UInt8]? {
        var writer = JSONWriter(capacity: 8_192)
        writer.profile(profile)
        return writer.representable ? writer.bytes : nil
    }
}

/// Appends JSON to a byte buffer (UTF-8). `key` and the `value` calls put the commas:
/// `separate` says whether the current container already has a member. Bytes rather than a
/// String: appending many short pieces to a String was 1.7× slower (ContactJSONBench: 468 against
/// 273 µs a page).
/// Thread-safe (a value).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// False once a non-finite Double was written (as `null`; the bytes are then not used).
    private(set) var representable = true
    private var separate = false

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A string literal, escaped by `JSONString` (the product's one escaper).
    private mutating func quoted(_ string: String) {
        JSONString.append(string, to: &bytes)
    }

    // MARK: Structure

    mutating func beginObject() {
        comma()
        bytes.append(UInt8(ascii: "{"))
        separate = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        separate = true
    }

    mutating func beginArray() {
        comma()
        bytes.append(UInt8(ascii: "["))
        separate = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        separate = true
    }

    /// A member name. Names are the types' property names: ASCII without escapes.
    mutating func key(_ name: String) {
        comma()
        bytes.append(0x22)
        raw(name)
        raw("\":")
        separate = false
    }

    /// A member name from data (a JSON object's keys), escaped.
    mutating func key(escaping name: String) {
        comma()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        separate = false
    }

    private mutating func comma() {
        if separate { bytes.append(UInt8(ascii: ",")) }
        separate = true
    }

    // MARK: Scalars

    mutating func null() {
        comma()
        raw("null")
    }

    mutating func value(_ string: String) {
        comma()
        quoted(string)
    }

    mutating func value(_ flag: Bool) {
        comma()
        raw(flag ? "true" : "false")
    }

    mutating func value(_ number: Int64) {
        comma()
        raw(String(number))
    }

    mutating func value(_ number: UInt64) {
        comma()
        raw(String(number))
    }

    /// Swift's shortest round-trip form (`1.0`, `1e-07`, `1.5e+20`): valid JSON, the same
    /// number as JSONEncoder's text.
    mutating func value(_ number: Double) {
        guard number.isFinite else {
            representable = false
            return null()
        }
        comma()
        raw(String(number))
    }

    mutating func value(_ strings: [String]) {
        beginArray()
        for string in strings { value(string) }
        endArray()
    }

    // MARK: Members: `field` writes nil as null (ContactView), `present` omits it (synthesized)

    mutating func field(_ name: String, _ string: String?) {
        key(name)
        if let string { value(string) } else { null() }
    }

    mutating func present(_ name: String, _ string: String?) {
        guard let string else { return }
        key(name)
        value(string)
    }

    mutating func present(_ name: String, _ number: Int64?) {
        guard let number else { return }
        key(name)
        value(number)
    }

    mutating func present(_ name: String, _ flag: Bool?) {
        guard let flag else { return }
        key(name)
        value(flag)
    }

    mutating func field(_ name: String, _ flag: Bool) {
        key(name)
        value(flag)
    }

    mutating func field(_ name: String, _ number: Int64) {
        key(name)
        value(number)
    }

    mutating func field(_ name: String, _ string: String) {
        key(name)
        value(string)
    }
}
