import EventStore

/// Which of the three shapes RingCentral (or a relay) sent (API.md, RingCentral webhooks).
public enum RingCentralPayloadShape: String, Hashable, Sendable {
    /// `{uuid, event, ownerId, subscriptionId, timestamp, body}`.
    case envelope
    /// `[{"type": "ServerNotification", …}, envelope]`.
    case webSocket
    /// The message or call-log record itself.
    case bare
}

/// The notification envelope's own fields; nil for a bare record.
public struct RingCentralNotification: Hashable, Sendable {
    public var uuid: String?
    public var event: String?
    public var ownerId: String?
    public var subscriptionId: String?
    public var timestamp: Timestamp?
}

/// A payload with its shape peeled off: the record, the envelope fields, and the injected
/// `_client_id` / `_account_id`. Shared by the message and call parsers.
struct RingCentralUnwrapped {
    var shape: RingCentralPayloadShape
    var notification: RingCentralNotification?
    var record: JSONField
    /// The injected `_client_id` and the path it was found at (for errors about its value).
    var clientId: JSONField?
    /// `_account_id`, else the envelope's `ownerId` (INTAKE.md).
    var accountId: String?
    /// `_account_id` alone (an A2P notice prefers the account in its event path to `ownerId`).
    var explicitAccountId: String?

    static func unwrap(_ bytes: [UInt8]) throws(IntakeError) -> RingCentralUnwrapped {
        let document = JSONField(try IntakeJSON.parse(bytes), path: "")
        switch document.value {
        case .array(let elements):
            guard elements.count == 2 else {
                throw IntakeError.invalid("", "a WebSocket notification must be a two-element array, found \(elements.count) elements")
            }
            let header = try document.elements()[0]
            if let type = try header.optional("type")?.string(), type != "ServerNotification" {
                throw IntakeError.invalid("[0].type", "must be \"ServerNotification\", found \"\(type.prefix(40))\"")
            }
            var unwrapped = try unwrapObject(JSONField(elements[1], path: "[1]"))
            unwrapped.shape = .webSocket
            return unwrapped
        case .object:
            return try unwrapObject(document)
        default:
            throw IntakeError.invalid("", "must be a JSON object or a two-element array, found \(document.value.kind)")
        }
    }

    /// An envelope when it has a `body` or any envelope-only key; otherwise a bare record.
    private static func unwrapObject(_ top: JSONField) throws(IntakeError) -> RingCentralUnwrapped {
        let members = try top.members()
        let envelopeKeys = ["body", "uuid", "event", "subscriptionId"]
        guard envelopeKeys.contains(where: { members[$0] != nil }) else {
            let accountId = try top.optional("_account_id")?.identifier()
            return RingCentralUnwrapped(
                shape: .bare, notification: nil, record: top, clientId: try top.optional("_client_id"),
                accountId: accountId, explicitAccountId: accountId)
        }
        let body = try top.required("body")
        _ = try body.members()  // must be an object
        let notification = RingCentralNotification(
            uuid: try top.optional("uuid")?.identifier(),
            event: try top.optional("event")?.string(),
            ownerId: try top.optional("ownerId")?.identifier(),
            subscriptionId: try top.optional("subscriptionId")?.identifier(),
            timestamp: try top.optional("timestamp")?.timestamp())
        // Injected fields sit at the top level, or in the body (INTAKE.md); the top level wins.
        var clientId = try top.optional("_client_id")
        if clientId == nil { clientId = try body.optional("_client_id") }
        var accountId = try top.optional("_account_id")?.identifier()
        if accountId == nil { accountId = try body.optional("_account_id")?.identifier() }
        let explicitAccountId = accountId
        if accountId == nil { accountId = notification.ownerId }
        return RingCentralUnwrapped(
            shape: .envelope, notification: notification, record: body, clientId: clientId, accountId: accountId,
            explicitAccountId: explicitAccountId)
    }

    /// franchiseId from `_client_id` (INTAKE.md, PRODUCT.md: never the raw client id):
    /// `orangeTheory-193365026` → `orangeTheory`; a value without a numeric suffix is the brand.
    func franchiseId() throws(IntakeError) -> String? {
        guard let clientId else { return nil }
        let raw = try clientId.string().intakeTrimmed
        var brand = Substring(raw)
        if let dash = raw.lastIndex(of: "-") {
            let suffix = raw[raw.index(after: dash)...]
            if !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isNumber }) { brand = raw[..<dash] }
        }
        guard !brand.isEmpty else {
            throw IntakeError.invalid(clientId.path, "has no brand before the account suffix: \"\(raw.prefix(40))\"")
        }
        guard brand.utf8.count <= JSONField.identifierLengthMax,
            !brand.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw IntakeError.invalid(clientId.path, "is not a usable client id")
        }
        return String(brand)
    }
}
