import Domain
import EventStore

/// Reads one documented event in its JSON envelope (docs/EVENTS.md "Envelope"; one line of
/// `contactledger ingest events FILE.jsonl`, `POST /v1/ingest/events`) into the `DomainEvent`
/// it stands for, or an error naming the field (`payload.phone`, `actor.type`, `stream`).
///
/// The payload decides: it is decoded with Domain's `EventCodec` (upcasting an older
/// `schemaVersion`), and everything the catalog derives from it must agree with what the
/// envelope says — `stream`, `storeId` (when given), `occurredAt` (for types with a source
/// time), `idempotencyKey` (exactly the derived key for source-keyed types; the
/// `<type>:<scope>:<requestId>` form with the right scope for request-keyed ones), `id` (when
/// given, the UUIDv5 of the key). A replay therefore dedupes against the same record arriving
/// through its own adapter, and nothing can file an event under another contact or store.
/// The actor must be one the type allows, and one the sender may name (`EventActorPolicy`). Output fields of
/// `store dump` / `GET /v1/events` (`position`, `version`, `recordedAt`) are accepted and
/// ignored, so an export can be re-ingested; any other member is refused.
///
/// Pure: no I/O. Thread-safe (stateless).
enum EventEnvelopeParser {
    static let fields: Set<String> = [
        "type", "stream", "storeId", "occurredAt", "idempotencyKey", "actor", "schemaVersion", "payload", "id",
        "position", "version", "recordedAt",
    ]

    static func parse(_ line: [UInt8], from sender: EnvelopeSender = .operatorFile) throws(CommandError) -> DomainEvent {
        do {
            return try parse(JSONField(try IntakeJSON.parse(line), path: ""), from: sender)
        } catch {
            throw CommandError.converting(error)
        }
    }

    static func parse(_ top: JSONField, from sender: EnvelopeSender = .operatorFile) throws -> DomainEvent {
        for key in try top.members().keys.sorted() where !fields.contains(key) {
            throw CommandError.invalid(key, "is not an envelope field (expected: \(fields.sorted().joined(separator: ", ")))")
        }
        let typeField = try top.required("type")
        let typeText = try typeField.string()
        guard let type = EventType(rawValue: typeText) else {
            throw CommandError.invalid("type", "'\(typeText.prefix(60))' is not a documented event type")
        }
        let versionField = try top.required("schemaVersion")
        guard let schemaVersion = UInt16(exactly: try versionField.count()) else {
            throw CommandError.invalid("schemaVersion", "is out of range")
        }
        let payloadField = try top.required("payload")
        _ = try payloadField.members()
        // Domain's conversion (numbers typed as JSONDecoder types them); nil for a number no
        // Double holds (1e999).
        guard let payloadValue = JSONValue(reading: payloadField.value) else {
            throw CommandError.invalid("payload", "holds a number out of range")
        }
        let decoded: DomainPayload
        do {
            decoded = try EventCodec.decode(
                type: type, schemaVersion: schemaVersion, payload: EventCodec.canonicalJSON(payloadValue))
        } catch {
            throw payloadError(error)
        }
        let actor = try actor(try top.required("actor"))
        try EventActorPolicy.check(actor, for: type)
        try EventActorPolicy.check(actor, for: type, from: sender)
        let occurredAt = try top.required("occurredAt").timestamp()
        let key = try top.required("idempotencyKey").string()
        let event = DomainEvent(
            payload: decoded, stream: decoded.payload.stream, storeId: decoded.payload.isolationStoreId,
            occurredAt: occurredAt, idempotencyKey: key, actor: actor)
        try checkEnvelope(top, event: event)
        return event
    }

    /// The envelope's own fields against what the payload implies.
    static func checkEnvelope(_ top: JSONField, event: DomainEvent) throws {
        let payload = event.payload.payload
        if let stream = try top.optional("stream")?.string(), stream != event.stream {
            throw CommandError.invalid("stream", "is '\(stream.prefix(120))' but the payload's stream is '\(event.stream)'")
        }
        let store = try top.optional("storeId").map { try StoreID(try $0.string(), field: "storeId") }
        if store != event.storeId {
            throw CommandError.invalid("storeId", "must be \(event.storeId?.rawValue ?? "absent") (the payload's store)")
        }
        if let sourceTime = payload.sourceOccurredAt, Timestamp(sourceTime) != event.occurredAt {
            throw CommandError.invalid("occurredAt", "must be the payload's source time \(ISOTime.string(sourceTime))")
        }
        if let derived = payload.sourceIdempotencyKey {
            guard event.idempotencyKey == derived else {
                throw CommandError.invalid("idempotencyKey", "must be '\(derived)' (derived from the payload)")
            }
        } else {
            // Domain's own scope rule, via a probe event keyed by request id "x".
            let probe = DomainEvent(payload, requestId: "x", actor: event.actor, occurredAt: event.occurredAt)
            let prefix = String(probe.idempotencyKey.dropLast())
            let requestId = event.idempotencyKey.hasPrefix(prefix) ? String(event.idempotencyKey.dropFirst(prefix.count)) : ""
            guard (try? RequestID(requestId)) != nil else {
                throw CommandError.invalid("idempotencyKey", "must be '\(prefix)<request id>' (1–200 printable ASCII characters)")
            }
        }
        if let id = try top.optional("id")?.string() {
            let derived = DeterministicIDs.eventID(idempotencyKey: event.idempotencyKey)
            guard EventID(uuidString: id) == derived else {
                throw CommandError.invalid("id", "must be \(derived.uuidString), the UUIDv5 of the idempotency key")
            }
        }
    }

    static func actor(_ field: JSONField) throws -> EventActor {
        for key in try field.members().keys.sorted() where key != "type" && key != "id" {
            throw CommandError.invalid(field.childPath(key), "is not an actor field (expected type, id)")
        }
        let type = try ActorType(parsing: try field.required("type").string(), field: "actor.type")
        return try EventActor(type: type, id: try field.optional("id")?.string() ?? "")
    }

    /// A payload that does not decode, with the field named where Domain's message allows:
    /// `missing phone` → `payload.phone`; `phone: not a valid …` → `payload.phone`.
    static func payloadError(_ error: DomainError) -> CommandError {
        guard case .malformedPayload(let type, let reason) = error else { return CommandError(error) }
        if reason.hasPrefix("missing ") {
            return CommandError(.missingField, field: "payload." + reason.dropFirst("missing ".count), reason: "is required for \(type)")
        }
        if let colon = reason.range(of: ": "), !reason[..<colon.lowerBound].contains(" ") {
            let path = reason[..<colon.lowerBound]
            return CommandError.invalid(path.isEmpty ? "payload" : "payload.\(path)", String(reason[colon.upperBound...]))
        }
        return CommandError.invalid("payload", "not a valid \(type) payload: \(reason)")
    }
}
