import Domain
import EventStore

/// RingCentral's A2P opt-out notice: for high-volume (A2P) SMS numbers RingCentral handles
/// STOP itself and tells subscribers of `/restapi/v1.0/account/{id}/a2p-sms/opt-outs` with
/// `{"from": customer, "to": store number, "active": true|false}` in the envelope's body
/// (RingCentral's documented sample: ringcentral-api-docs code-samples/events/
/// batch-message-optout.json; ours: Tests/CommandsTests/Fixtures/a2p/a2p-opt-out.json).
///
/// `active: true` means RingCentral's opt-out is in force for the pair, i.e. the customer opted
/// out; `false` that it was lifted (the customer opted back in). Thread-safe (a value).
public struct RingCentralOptOutNotice: Hashable, Sendable {
    public var shape: RingCentralPayloadShape
    /// The envelope's `uuid`: the notice's identity, and the consent event's key.
    public var uuid: String
    public var event: String
    /// When RingCentral sent it: the revocation's time of receipt (occurredAt).
    public var timestamp: Timestamp
    /// `body.from`: the customer.
    public var customerPhone: PhoneNumber
    /// `body.to`: the store's (A2P) number.
    public var storePhone: PhoneNumber
    /// `body.active`: true = opted out, false = opted back in.
    public var active: Bool
    /// `_account_id`, else the account in the event path, else the envelope's `ownerId`.
    public var accountId: String?
}

/// Tells an A2P opt-out notice from a message notification (by the envelope's `event`) and
/// parses it, naming the field at fault (`body.active`, `uuid`, `[1].body.from`). Pure.
public enum RingCentralOptOutNoticeParser {
    /// Whether `event` is the A2P opt-out event filter (`…/a2p-sms/opt-outs`, any account,
    /// with or without a query).
    public static func isOptOutEvent(_ event: String?) -> Bool {
        guard let event else { return false }
        let path = event.split(separator: "?", maxSplits: 1).first.map(String.init) ?? event
        return path.hasSuffix("/a2p-sms/opt-outs")
    }

    /// The account id in `/restapi/v1.0/account/{id}/…`; nil for `~` (the subscriber's own).
    static func accountInEvent(_ event: String) -> String? {
        let parts = event.split(separator: "?", maxSplits: 1).first?.split(separator: "/") ?? []
        guard let index = parts.firstIndex(of: "account"), index + 1 < parts.count else { return nil }
        let id = String(parts[index + 1])
        return id == "~" || id.isEmpty ? nil : id
    }

    static func parse(_ payload: RingCentralUnwrapped) throws(IntakeError) -> RingCentralOptOutNotice {
        let top = payload.shape == .webSocket ? "[1]." : ""
        guard let notification = payload.notification, let event = notification.event else {
            throw IntakeError.missing(top + "event")
        }
        guard let uuid = notification.uuid else { throw IntakeError.missing(top + "uuid") }
        guard let timestamp = notification.timestamp else { throw IntakeError.missing(top + "timestamp") }
        let body = payload.record
        return RingCentralOptOutNotice(
            shape: payload.shape, uuid: uuid, event: event, timestamp: timestamp,
            customerPhone: try phone(body.required("from")), storePhone: try phone(body.required("to")),
            active: try body.required("active").bool(),
            accountId: payload.explicitAccountId ?? accountInEvent(event) ?? notification.ownerId)
    }

    private static func phone(_ field: JSONField) throws(IntakeError) -> PhoneNumber {
        let raw = try field.string()
        guard let phone = PhoneNumber(raw) else {
            throw IntakeError.invalid(field.path, "is not a valid US/Canada phone number: \"\(raw.prefix(40))\"")
        }
        return phone
    }
}

/// What a message-store route receives: a message notification or an A2P opt-out notice.
public enum RingCentralMessageNotification: Hashable, Sendable {
    case message(RingCentralMessage)
    case optOutNotice(RingCentralOptOutNotice)

    /// Parses either; the envelope's `event` tells them apart.
    public static func parse(_ bytes: [UInt8]) throws(IntakeError) -> RingCentralMessageNotification {
        let payload = try RingCentralUnwrapped.unwrap(bytes)
        if RingCentralOptOutNoticeParser.isOptOutEvent(payload.notification?.event) {
            return .optOutNotice(try RingCentralOptOutNoticeParser.parse(payload))
        }
        return .message(try RingCentralMessageParser.parse(payload))
    }
}
