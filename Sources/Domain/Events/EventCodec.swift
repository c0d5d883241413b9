import Foundation

/// Payload bytes: canonical JSON out, upcast-then-decode in.
///
/// Canonical JSON = `JSONEncoder` with sorted keys, unescaped slashes, instants as ISO-8601
/// UTC text (`ISOTime`), absent optionals omitted. The same payload value always gives the
/// same bytes, which the event store relies on to tell a retry (same key, same bytes) from a
/// conflict (same key, different bytes), and rebuilds rely on for byte-identical read models.
public enum EventCodec {
    /// Canonical JSON bytes of any encodable value. Encoding the catalog's types cannot fail
    /// (no floats, no non-string keys), so a failure is a programmer error.
    public static func canonicalJSON(_ value: some Encodable) -> [UInt8] {
        do {
            return Array(try encoder.encode(value))
        } catch {
            preconditionFailure("canonical JSON encoding failed: \(error)")
        }
    }

    /// Decodes a recorded payload of `type` written with `schemaVersion`, upcasting older
    /// versions to the current one first (`Upcasters`). Errors name the type and the field.
    public static func decode(type: String, schemaVersion: UInt16, payload: [UInt8]) throws(DomainError) -> DomainPayload {
        guard let eventType = EventType(rawValue: type) else { throw .unknownEventType(type) }
        return try decode(type: eventType, schemaVersion: schemaVersion, payload: payload)
    }

    public static func decode(type: EventType, schemaVersion: UInt16, payload: [UInt8]) throws(DomainError) -> DomainPayload {
        let current = try upcast(type: type, schemaVersion: schemaVersion, payload: payload)
        do {
            return try DomainPayload.decode(type: type, data: Data(current), decoder: decoder)
        } catch {
            throw DomainError.malformed(type: type.rawValue, error)
        }
    }

    /// The payload rewritten to `type.currentSchemaVersion` (unchanged when already current).
    public static func upcast(type: EventType, schemaVersion: UInt16, payload: [UInt8]) throws(DomainError) -> [UInt8] {
        let current = type.currentSchemaVersion
        guard schemaVersion >= 1, schemaVersion <= current else {
            throw .unsupportedSchemaVersion(type: type.rawValue, version: schemaVersion)
        }
        if schemaVersion == current { return payload }
        var object: [String: JSONValue]
        do {
            guard case .object(let decoded) = try JSONDecoder().decode(JSONValue.self, from: Data(payload)) else {
                throw DomainError.malformedPayload(type: type.rawValue, reason: "not a JSON object")
            }
            object = decoded
        } catch {
            throw DomainError.malformed(type: type.rawValue, error)
        }
        for version in schemaVersion..<current {
            guard let step = Upcasters.step(type: type, from: version) else {
                throw .unsupportedSchemaVersion(type: type.rawValue, version: version)
            }
            try step(&object)
        }
        return canonicalJSON(JSONValue.object(object))
    }

    // Shared: Foundation's JSONEncoder/JSONDecoder are Sendable and keep no per-call state
    // once configured, so one of each serves every thread (saves an allocation per event).
    private static let encoder = makeEncoder()
    private static let decoder = makeDecoder()

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISOTime.string(date))
        }
        return encoder
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISOTime.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO-8601 instant: \(text)"))
            }
            return date
        }
        return decoder
    }
}

/// One upgrade step per (type, version → version + 1), applied to the payload's JSON object.
/// Steps only rename, fill or reshape; they never invent facts. docs/EVENTS.md lists them.
enum Upcasters {
    typealias Step = @Sendable (inout [String: JSONValue]) throws(DomainError) -> Void

    static func step(type: EventType, from version: UInt16) -> Step? {
        switch (type, version) {
        case (.messageLogged, 1): messageLoggedV1toV2
        case (.contactOptedOut, 1), (.contactOptedIn, 1): optionalSourceV1toV2
        default: nil
        }
    }

    /// contact.opted_out / contact.opted_in v1 → v2: v2 only made `messageId` and `keyword`
    /// optional and added `noticeId` (A2P opt-out notices); a v1 payload is a valid v2 one.
    static let optionalSourceV1toV2: Step = { (_: inout [String: JSONValue]) throws(DomainError) in }

    /// message.logged v1 → v2: `siteId` is the RingCentral account id (PRODUCT.md: "treat
    /// siteId as accountId"; seed 001: column site_id renamed account_id in migration 0016).
    /// An explicit `accountId`, if a v1 writer already sent one, wins.
    static let messageLoggedV1toV2: Step = { (object: inout [String: JSONValue]) throws(DomainError) in
        if let site = object.removeValue(forKey: "siteId"), object["accountId"] == nil, site != .null {
            object["accountId"] = site
        }
    }
}
