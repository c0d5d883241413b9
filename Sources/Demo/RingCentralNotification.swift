import EventStore

/// A RingCentral message-store record (SMS or voicemail) as a webhook delivers it, in one of
/// the three shapes INTAKE.md lists: the envelope `{uuid, event, ownerId, subscriptionId,
/// timestamp, _client_id, _account_id, body}`, the WebSocket array `[{"type":
/// "ServerNotification",…}, envelope]`, or a bare record with the injected fields at the top.
/// Field quirks as in the wild: a voicemail's `to[]` without a phone number, `_client_id`
/// missing now and then (the registry supplies the franchise). Thread-safe (a value).
struct RingCentralNotification: Sendable {
    enum Shape: Sendable { case envelope, bare, webSocket }

    var shape: Shape
    var id: String
    var conversationId: String?
    var isVoicemail: Bool
    var inbound: Bool
    /// The far side as sent: an E.164 number or a short code.
    var customerNumber: String
    var customerName: String?
    var storeNumber: String
    var storeName: String
    var storeLocation: String
    var subject: String?
    var creationTime: Timestamp
    var lastModifiedTime: Timestamp
    var readStatus: String
    var messageStatus: String
    var vmDurationSeconds: Int = 0
    var vmTranscriptionStatus: String?
    var clientId: String?
    var accountId: String
    var ownerId: String
    var uuid: String
    var subscriptionId: String
    /// When RingCentral sent the notification.
    var sentAt: Timestamp

    var bytes: [UInt8] {
        switch shape {
        case .bare:
            return DemoJSON.members(injected + recordMembers).bytes
        case .envelope:
            return envelope.bytes
        case .webSocket:
            let header = DemoJSON.object([
                ("type", .string("ServerNotification")), ("messageId", .string(String(id.reversed()) + "3")), ("status", .int(200)),
                ("headers", .object([("RCRequestId", .string(uuid))])),
            ])
            return DemoJSON.array([header, envelope]).bytes
        }
    }

    private var injected: [(String, DemoJSON?)] {
        [("_client_id", clientId.map { .string($0) }), ("_account_id", .string(accountId))]
    }

    private var envelope: DemoJSON {
        let path = isVoicemail ? "voicemail" : "message-store/instant?type=SMS"
        return .members(
            [
                ("uuid", .string(uuid)),
                ("event", .string("/restapi/v1.0/account/~/extension/\(ownerId)/\(path)")),
                ("subscriptionId", .string(subscriptionId)),
                ("ownerId", .string(ownerId)),
                ("timestamp", .string(DemoTime.iso(sentAt))),
            ] + injected + [("body", .members(recordMembers))])
    }

    private var recordMembers: [(String, DemoJSON?)] {
        let customer = DemoJSON.members([("phoneNumber", .string(customerNumber)), ("name", customerName.map { .string($0) })])
        let store: DemoJSON
        if isVoicemail {
            store = .object([("name", .string(storeName))])
        } else if inbound {
            store = .object([("phoneNumber", .string(storeNumber)), ("location", .string(storeLocation)), ("target", .bool(true))])
        } else {
            store = .object([("phoneNumber", .string(storeNumber)), ("name", .string(storeName))])
        }
        var to: DemoJSON = .array([store])
        var from = customer
        if !inbound {
            from = store
            to = .array([
                .members([
                    ("phoneNumber", .string(customerNumber)), ("name", customerName.map { .string($0) }), ("target", .bool(true)),
                ])
            ])
        }
        let attachment: DemoJSON =
            isVoicemail
            ? .object([
                ("id", .string(id)), ("type", .string("AudioRecording")), ("contentType", .string("audio/x-wav")),
                ("vmDuration", .int(vmDurationSeconds)),
            ])
            : .object([
                ("id", .string(id)), ("type", .string("Text")), ("contentType", .string("text/plain")),
                ("size", .int(subject?.utf8.count ?? 0)),
            ])
        return [
            ("id", .string(id)),
            ("to", to),
            ("from", from),
            ("type", .string(isVoicemail ? (id.hasSuffix("7") ? "Voicemail" : "VoiceMail") : "SMS")),
            ("creationTime", .string(DemoTime.iso(creationTime))),
            ("lastModifiedTime", .string(DemoTime.iso(lastModifiedTime))),
            ("readStatus", .string(readStatus)),
            ("priority", .string("Normal")),
            ("attachments", .array([attachment])),
            ("direction", .string(inbound ? "Inbound" : "Outbound")),
            ("availability", .string("Alive")),
            ("subject", subject.map { .string($0) }),
            ("messageStatus", .string(messageStatus)),
            ("vmTranscriptionStatus", vmTranscriptionStatus.map { .string($0) }),
            ("conversationId", conversationId.map { .string($0) }),
        ]
    }
}

/// A RingCentral call-log record (INTAKE.md), bare or in an envelope, with the customer's
/// number in one of the spellings seen in the wild (`+14155550100`, `14155550100`,
/// `(415) 555-0100`). Thread-safe (a value).
struct RingCentralCallRecord: Sendable {
    var inEnvelope: Bool
    var id: String
    var sessionId: String
    var telephonySessionId: String
    var accountId: String
    var ownerId: String
    var startTime: Timestamp
    var durationSeconds: Int
    var inbound: Bool
    var result: String
    var customerNumber: String
    var customerName: String?
    var customerLocation: String?
    var storeNumber: String
    var storeName: String
    var extensionNumber: String
    var recordingId: String?

    var bytes: [UInt8] {
        let customer = DemoJSON.members([
            ("phoneNumber", .string(customerNumber)), ("name", customerName.map { .string($0) }),
            ("location", customerLocation.map { .string($0) }),
        ])
        let store = DemoJSON.object([
            ("phoneNumber", .string(storeNumber)), ("name", .string(storeName)), ("extensionNumber", .string(extensionNumber)),
        ])
        let base = "https://platform.ringcentral.com/restapi/v1.0/account/\(accountId)"
        let recording: DemoJSON? = recordingId.map { recordingId in
            .object([
                ("id", .string(recordingId)), ("uri", .string("\(base)/recording/\(recordingId)")), ("type", .string("Automatic")),
                ("contentUri", .string("https://media.ringcentral.com/restapi/v1.0/account/\(accountId)/recording/\(recordingId)/content")),
            ])
        }
        let record = DemoJSON.members([
            ("_account_id", .string(accountId)),
            ("uri", .string("\(base)/extension/\(ownerId)/call-log/\(id)")),
            ("id", .string(id)),
            ("sessionId", .string(sessionId)),
            ("telephonySessionId", .string(telephonySessionId)),
            ("startTime", .string(DemoTime.iso(startTime))),
            ("duration", .int(durationSeconds)),
            ("type", .string("Voice")),
            ("direction", .string(inbound ? "Inbound" : "Outbound")),
            ("action", .string(inbound ? "Phone Call" : "VoIP Call")),
            ("result", .string(result)),
            ("reason", result == "Call connected" || result == "Accepted" ? nil : .string(result)),
            ("to", inbound ? store : customer),
            ("from", inbound ? customer : store),
            ("recording", recording),
        ])
        guard inEnvelope else { return record.bytes }
        return DemoJSON.object([
            ("uuid", .string("call-" + telephonySessionId)),
            ("event", .string("/restapi/v1.0/account/~/extension/\(ownerId)/call-log")),
            ("ownerId", .string(ownerId)),
            ("timestamp", .string(DemoTime.iso(DemoTime.plus(startTime, seconds: Int64(durationSeconds) + 5)))),
            ("body", record),
        ]).bytes
    }
}
