import EventStore

/// The JSON Lines form of events that golden files are compared in: one object per event,
/// keys in a fixed order, no whitespace, strings escaped per RFC 8259, times as integer
/// microseconds, the id in canonical UUID form, and the payload embedded as the JSON it is
/// (its bytes verbatim). Hand-written rather than JSONEncoder so that the expected file
/// cannot change with a Foundation version.
enum GoldenDump {
    static func lines(_ events: [RecordedEvent]) -> String {
        events.map { line($0) + "\n" }.joined()
    }

    static func line(_ event: RecordedEvent) -> String {
        var out = "{"
        out += "\"position\":\(event.position)"
        out += ",\"id\":" + quoted(event.id.uuidString)
        out += ",\"type\":" + quoted(event.type)
        out += ",\"stream\":" + quoted(event.stream)
        out += ",\"version\":\(event.version)"
        out += ",\"previousInStream\":\(event.previousInStream)"
        out += ",\"storeId\":" + (event.storeId.map(quoted) ?? "null")
        out += ",\"occurredAt\":\(event.occurredAt.microsecondsSinceEpoch)"
        out += ",\"recordedAt\":\(event.recordedAt.microsecondsSinceEpoch)"
        out += ",\"idempotencyKey\":" + quoted(event.idempotencyKey)
        out += ",\"actor\":{\"type\":" + quoted(event.actor.type) + ",\"id\":" + quoted(event.actor.id) + "}"
        out += ",\"schemaVersion\":\(event.schemaVersion)"
        out += ",\"payload\":" + String(decoding: event.payload, as: UTF8.self)
        return out + "}"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
