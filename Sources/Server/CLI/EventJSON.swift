import Domain
import EventStore
import Foundation

/// The JSON Lines form of an event, written by `store dump` and `store export` and read by
/// `store import`. One object per line, members in this order:
///
///     {"position":1,"id":"5f0c…","type":"lead.received","stream":"lead/…","version":0,
///      "storeId":"c3a1…"|null,"occurredAt":"2026-03-02T17:04:10.000000Z",
///      "recordedAt":"2026-03-02T17:04:10.512345Z","idempotencyKey":"lead.received:…",
///      "actor":{"type":"system","id":""},"schemaVersion":1,"payload":{…}}
///
/// Times are ISO-8601 UTC with microseconds. The payload is embedded verbatim when its bytes
/// are exactly one JSON value with no line break; otherwise it is a string, and
/// `"payloadEncoding"` says how to read it: `"text"` (the UTF-8 text itself) or `"base64"`.
/// Either way an import restores the payload byte for byte, which is what lets a re-import
/// deduplicate (same key, same payload) instead of failing as an idempotency conflict.
///
/// On import `position` and `version` are informational: the store assigns both. `recordedAt`
/// is kept when present (see `ImportClock`).
enum EventJSON {
    static func encode(_ event: EventView, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"position":"#.utf8)
        out.append(contentsOf: String(event.position).utf8)
        out.append(contentsOf: #","id":""#.utf8)
        out.append(contentsOf: event.id.uuidString.utf8)
        out.append(contentsOf: #"","type":"#.utf8)
        appendString(event.typeBytes, into: &out)
        out.append(contentsOf: #","stream":"#.utf8)
        appendString(event.streamBytes, into: &out)
        out.append(contentsOf: #","version":"#.utf8)
        out.append(contentsOf: String(event.version).utf8)
        out.append(contentsOf: #","storeId":"#.utf8)
        if event.storeIdBytes.isEmpty { out.append(contentsOf: "null".utf8) } else { appendString(event.storeIdBytes, into: &out) }
        out.append(contentsOf: #","occurredAt":""#.utf8)
        out.append(contentsOf: ISOTime.microsecondString(event.occurredAt).utf8)
        out.append(contentsOf: #"","recordedAt":""#.utf8)
        out.append(contentsOf: ISOTime.microsecondString(event.recordedAt).utf8)
        out.append(contentsOf: #"","idempotencyKey":"#.utf8)
        appendString(event.idempotencyKeyBytes, into: &out)
        let actor = event.actor
        out.append(contentsOf: #","actor":{"type":"#.utf8)
        appendString(actor.type, into: &out)
        out.append(contentsOf: #","id":"#.utf8)
        appendString(actor.id, into: &out)
        out.append(contentsOf: #"},"schemaVersion":"#.utf8)
        out.append(contentsOf: String(event.schemaVersion).utf8)
        out.append(contentsOf: #","payload":"#.utf8)
        appendPayload(event.payloadBytes, into: &out)
        out.append(contentsOf: "}\n".utf8)
    }

    static func appendPayload(_ payload: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        if !payload.contains(0x0A) && !payload.contains(0x0D) && JSONReader.isExactValue(payload) {
            out.append(contentsOf: payload)
        } else if let text = String(validating: payload, as: UTF8.self) {
            appendString(text, into: &out)
            out.append(contentsOf: #","payloadEncoding":"text""#.utf8)
        } else {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: Data(payload).base64EncodedString().utf8)
            out.append(contentsOf: #"","payloadEncoding":"base64""#.utf8)
        }
    }

    static func appendString(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        // Invalid UTF-8 (which verify reports) is written with replacement characters, so the
        // line stays valid JSON.
        appendString(String(decoding: bytes, as: UTF8.self), into: &out)
    }

    static func appendString(_ text: String, into out: inout [UInt8]) {
        JSONString.append(text, to: &out)
    }
}

/// One line of an import file, decoded.
struct ImportedEvent {
    var event: ProposedEvent
    /// Kept on import when present.
    var recordedAt: Timestamp?
    /// Informational: the store assigns positions and versions.
    var version: UInt64?
}

extension EventJSON {
    /// Decodes one line. The error is a reason for the user, without the line number.
    static func decode(_ line: UnsafeRawBufferPointer) throws(CLIError) -> ImportedEvent {
        let members: [JSONReader.Member]
        do {
            members = try JSONReader.members(line, spanOnly: ["payload"])
        } catch {
            throw .user("not a JSON object: \(error)")
        }
        // JSONReader refuses a member name that appears twice.
        let fields = Dictionary(members.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func value(_ key: String) -> JSONReader.Value? {
            guard let value = fields[key]?.value, value != .null else { return nil }
            return value
        }
        func string(_ key: String, in object: [String: JSONReader.Value]? = nil) throws(CLIError) -> String? {
            let found = object.map { $0[key] ?? nil } ?? value(key)
            switch found {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default: throw .user("field \(key) must be a string")
            }
        }
        func required(_ key: String) throws(CLIError) -> String {
            guard let text = try string(key) else { throw .user("field \(key) is missing") }
            return text
        }
        func integer(_ key: String, max: UInt64) throws(CLIError) -> UInt64? {
            guard let found = value(key) else { return nil }
            guard case .number(let text) = found, let number = UInt64(text), number <= max else {
                throw .user("field \(key) must be a whole number from 0 to \(max)")
            }
            return number
        }
        func timestamp(_ key: String) throws(CLIError) -> Timestamp? {
            guard let text = try string(key) else { return nil }
            do {
                return try ISOTime.timestamp(text, profile: .lenient)
            } catch {
                throw .user("field \(key) \(error.reason)")
            }
        }

        let idText = try required("id")
        guard let id = EventID(uuidString: idText) else { throw .user("field id is not a UUID: \(idText)") }
        guard let occurredAt = try timestamp("occurredAt") else { throw .user("field occurredAt is missing") }
        guard case .object(let actorFields)? = value("actor") else { throw .user("field actor must be an object {type, id}") }
        guard let actorType = try string("type", in: actorFields) else { throw .user("field actor.type is missing") }
        let actor = Actor(type: actorType, id: try string("id", in: actorFields) ?? "")
        let event = ProposedEvent(
            id: id, type: try required("type"), stream: try required("stream"), storeId: try string("storeId"),
            occurredAt: occurredAt, idempotencyKey: try required("idempotencyKey"), actor: actor,
            schemaVersion: UInt16(try integer("schemaVersion", max: UInt64(UInt16.max)) ?? 1),
            payload: try payload(fields, line: line, encoding: try string("payloadEncoding")))
        return ImportedEvent(event: event, recordedAt: try timestamp("recordedAt"), version: try integer("version", max: .max))
    }

    private static func payload(
        _ fields: [String: JSONReader.Member], line: UnsafeRawBufferPointer, encoding: String?
    ) throws(CLIError) -> [UInt8] {
        guard let member = fields["payload"] else { throw .user("field payload is missing") }
        let raw = UnsafeRawBufferPointer(rebasing: line[member.range])
        guard let encoding else { return Array(raw) }
        guard case .string(let text)? = try? JSONReader.value(raw) else {
            throw .user("field payload must be a string when payloadEncoding is \(encoding)")
        }
        switch encoding {
        case "text":
            return Array(text.utf8)
        case "base64":
            guard let data = Data(base64Encoded: text) else { throw .user("field payload is not valid base64") }
            return Array(data)
        default:
            throw .user("field payloadEncoding must be \"text\" or \"base64\", not \"\(encoding)\"")
        }
    }
}
