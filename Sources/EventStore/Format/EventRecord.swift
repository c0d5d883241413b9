// Event record — one event inside a batch body (docs/FORMAT.md).
//
// | offset | size | field                                                   |
// |      0 |    4 | recordBytes (whole record)                              |
// |      4 |   16 | id (UUID, RFC 4122 byte order)                          |
// |     20 |    8 | streamVersion                                           |
// |     28 |    8 | previousInStream (position, 0 for version 0)            |
// |     36 |    8 | occurredAt, µs since epoch                              |
// |     44 |    8 | recordedAt, µs since epoch                              |
// |     52 |    2 | schemaVersion                                           |
// |     54 |    2 | reserved, zero                                          |
// |     56 |  2×6 | lengths: type, stream, storeId, key, actorType, actorId |
// |     68 |    4 | payloadBytes                                            |
// |     72 |    … | type, stream, storeId, key, actorType, actorId, payload |

enum EventRecord {
    static let fixedBytes = 72

    /// Field limits. Checked before anything is appended, so a violation is a clear error,
    /// never a record the decoder would later reject.
    static let typeBytesMax = 255
    static let streamBytesMax = 1024
    static let storeIdBytesMax = 255
    static let keyBytesMax = 1024
    static let actorTypeBytesMax = 64
    static let actorIdBytesMax = 256
    static let payloadBytesMax = 16 * 1024 * 1024

    static func validate(_ event: ProposedEvent, index: Int) throws(StoreError) {
        func check(_ field: String, _ value: String, min: Int, max: Int) throws(StoreError) {
            let n = value.utf8.count
            if n < min { throw .invalidEvent(index: index, field: field, reason: "must not be empty") }
            if n > max { throw .invalidEvent(index: index, field: field, reason: "\(n) bytes exceeds the limit of \(max)") }
        }
        try check("type", event.type, min: 1, max: typeBytesMax)
        try check("stream", event.stream, min: 1, max: streamBytesMax)
        // An empty storeId would read back as nil (absent and empty share the zero length).
        if let storeId = event.storeId { try check("storeId", storeId, min: 1, max: storeIdBytesMax) }
        try check("idempotencyKey", event.idempotencyKey, min: 1, max: keyBytesMax)
        try check("actor.type", event.actor.type, min: 1, max: actorTypeBytesMax)
        try check("actor.id", event.actor.id, min: 0, max: actorIdBytesMax)
        if event.payload.count > payloadBytesMax {
            throw .invalidEvent(index: index, field: "payload", reason: "\(event.payload.count) bytes exceeds the limit of \(payloadBytesMax)")
        }
    }

    static func encodedBytes(_ event: ProposedEvent) -> Int {
        fixedBytes + event.type.utf8.count + event.stream.utf8.count + (event.storeId?.utf8.count ?? 0)
            + event.idempotencyKey.utf8.count + event.actor.type.utf8.count + event.actor.id.utf8.count
            + event.payload.count
    }

    /// Appends the record to `out`.
    static func encode(
        _ event: ProposedEvent, version: UInt64, previousInStream: UInt64, recordedAt: Timestamp, into out: inout [UInt8]
    ) {
        let storeId = event.storeId ?? ""
        out.appendLE(UInt32(encodedBytes(event)))
        // Byte-swapped little-endian = big-endian: RFC 4122 byte order.
        out.appendLE(event.id.high.byteSwapped)
        out.appendLE(event.id.low.byteSwapped)
        out.appendLE(version)
        out.appendLE(previousInStream)
        out.appendLE(event.occurredAt.microsecondsSinceEpoch)
        out.appendLE(recordedAt.microsecondsSinceEpoch)
        out.appendLE(event.schemaVersion)
        out.appendZeros(2)
        out.appendLE(UInt16(event.type.utf8.count))
        out.appendLE(UInt16(event.stream.utf8.count))
        out.appendLE(UInt16(storeId.utf8.count))
        out.appendLE(UInt16(event.idempotencyKey.utf8.count))
        out.appendLE(UInt16(event.actor.type.utf8.count))
        out.appendLE(UInt16(event.actor.id.utf8.count))
        out.appendLE(UInt32(event.payload.count))
        out.append(contentsOf: event.type.utf8)
        out.append(contentsOf: event.stream.utf8)
        out.append(contentsOf: storeId.utf8)
        out.append(contentsOf: event.idempotencyKey.utf8)
        out.append(contentsOf: event.actor.type.utf8)
        out.append(contentsOf: event.actor.id.utf8)
        out.append(contentsOf: event.payload)
    }
}

/// A decoded event record that borrows the bytes it was read from: no allocation until a
/// field is asked for. Valid only inside the closure that received it (scans use it to reach
/// millions of events per second; `materialize` copies it out).
public struct EventView {
    public let position: UInt64
    @usableFromInline let bytes: UnsafeRawBufferPointer

    // Offsets of the variable-length fields, relative to `bytes`.
    private let typeRange: Range<Int>
    private let streamRange: Range<Int>
    private let storeIdRange: Range<Int>
    private let keyRange: Range<Int>
    private let actorTypeRange: Range<Int>
    private let actorIdRange: Range<Int>
    private let payloadRange: Range<Int>

    /// Decodes a record at the start of `bytes`; nil when the lengths are inconsistent.
    /// (The batch CRC has already been verified, so nil means a writer bug or a format mismatch.)
    init?(position: UInt64, bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= EventRecord.fixedBytes else { return nil }
        let recordBytes = Int(bytes.readLE(UInt32.self, at: 0))
        guard recordBytes >= EventRecord.fixedBytes, recordBytes <= bytes.count,
              bytes.readLE(UInt16.self, at: 54) == 0 else { return nil }
        var cursor = EventRecord.fixedBytes
        func take(_ count: Int) -> Range<Int> {
            defer { cursor += count }
            return cursor..<(cursor + count)
        }
        typeRange = take(Int(bytes.readLE(UInt16.self, at: 56)))
        streamRange = take(Int(bytes.readLE(UInt16.self, at: 58)))
        storeIdRange = take(Int(bytes.readLE(UInt16.self, at: 60)))
        keyRange = take(Int(bytes.readLE(UInt16.self, at: 62)))
        actorTypeRange = take(Int(bytes.readLE(UInt16.self, at: 64)))
        actorIdRange = take(Int(bytes.readLE(UInt16.self, at: 66)))
        payloadRange = take(Int(bytes.readLE(UInt32.self, at: 68)))
        guard cursor == recordBytes else { return nil }
        self.position = position
        self.bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<recordBytes])
    }

    public var recordBytes: Int { bytes.count }
    public var id: EventID {
        EventID(high: bytes.readLE(UInt64.self, at: 4).byteSwapped, low: bytes.readLE(UInt64.self, at: 12).byteSwapped)
    }
    public var version: UInt64 { bytes.readLE(UInt64.self, at: 20) }
    public var previousInStream: UInt64 { bytes.readLE(UInt64.self, at: 28) }
    public var occurredAt: Timestamp { Timestamp(microsecondsSinceEpoch: bytes.readLE(Int64.self, at: 36)) }
    public var recordedAt: Timestamp { Timestamp(microsecondsSinceEpoch: bytes.readLE(Int64.self, at: 44)) }
    public var schemaVersion: UInt16 { bytes.readLE(UInt16.self, at: 52) }

    public var typeBytes: UnsafeRawBufferPointer { slice(typeRange) }
    public var streamBytes: UnsafeRawBufferPointer { slice(streamRange) }
    public var storeIdBytes: UnsafeRawBufferPointer { slice(storeIdRange) }
    public var idempotencyKeyBytes: UnsafeRawBufferPointer { slice(keyRange) }
    public var payloadBytes: UnsafeRawBufferPointer { slice(payloadRange) }

    public var type: String { string(typeRange) }
    public var stream: String { string(streamRange) }
    public var storeId: String? { storeIdRange.isEmpty ? nil : string(storeIdRange) }
    public var idempotencyKey: String { string(keyRange) }
    public var actor: Actor { Actor(type: string(actorTypeRange), id: string(actorIdRange)) }
    public var payload: [UInt8] { Array(slice(payloadRange)) }

    public func materialize() -> RecordedEvent {
        RecordedEvent(
            position: position, id: id, type: type, stream: stream, version: version, storeId: storeId,
            occurredAt: occurredAt, recordedAt: recordedAt, idempotencyKey: idempotencyKey, actor: actor,
            schemaVersion: schemaVersion, payload: payload, previousInStream: previousInStream)
    }

    private func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    private func string(_ range: Range<Int>) -> String {
        String(decoding: slice(range), as: UTF8.self)
    }
}

/// A verified batch frame: iterate its events as views.
struct BatchView {
    let firstPosition: UInt64
    let count: Int
    /// The whole frame, header included.
    let frame: UnsafeRawBufferPointer

    var lastPosition: UInt64 { firstPosition + UInt64(count) - 1 }

    /// `frame` must be a CRC-verified batch frame.
    init?(frame: UnsafeRawBufferPointer, header: FrameHeader) {
        guard header.kind == .batch, header.count > 0, header.bodyBytes >= 8 else { return nil }
        self.frame = frame
        self.count = Int(header.count)
        self.firstPosition = frame.readLE(UInt64.self, at: FrameHeader.byteCount)
        guard firstPosition > 0 else { return nil }
    }

    /// Calls `body` for each event; returns false if a record is malformed.
    func forEach(_ body: (EventView) throws -> Void) rethrows -> Bool {
        var offset = FrameHeader.byteCount + 8
        for index in 0..<count {
            guard let view = EventView(
                position: firstPosition + UInt64(index), bytes: UnsafeRawBufferPointer(rebasing: frame[offset...]))
            else { return false }
            try body(view)
            offset += view.recordBytes
        }
        return offset == frame.count
    }
}
