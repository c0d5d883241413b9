import Domain

/// A JSON document as the intake adapters read it: Domain's `JSONReader`, the product's one
/// strict reader (RFC 8259).
///
/// Why not JSONSerialization: on Linux it answers `true` and `1` with the same NSNumber (a
/// flag sent as `1` would silently pass as `true`), it has no documented nesting limit, and its
/// errors do not say where. The reader keeps booleans and numbers apart, keeps numbers as
/// their text (an id like `1730458812016` never goes through a Double), rejects duplicate keys
/// (which of two `direction`s would be the truth?), invalid UTF-8 and lone surrogates, and
/// stops at `depthMax` levels so hostile nesting cannot exhaust the stack.
///
/// Never traps on any input: every failure is an `IntakeError` with code `.malformed` and the
/// byte offset. Thread-safe (values; the reader is a local per call).
typealias IntakeJSON = JSONReader.Value

extension JSONReader.Value {
    /// RingCentral and analysis payloads are four or five levels deep; 32 is far beyond any
    /// real input and keeps recursion shallow.
    static let depthMax = 32

    /// API.md: request bodies over 1 MiB are refused.
    static let bytesMax = 1 << 20

    static func parse(_ bytes: [UInt8]) throws(IntakeError) -> IntakeJSON {
        guard bytes.count <= bytesMax else {
            throw IntakeError(.tooLarge, field: "", reason: "payload of \(bytes.count) bytes exceeds \(bytesMax) bytes")
        }
        do {
            return try JSONReader.value(bytes, depthMax: depthMax)
        } catch {
            throw IntakeError(.malformed, field: "", reason: "malformed JSON: \(error)")
        }
    }
}
