import Domain
import EventStore

/// Turns a RingCentral call-log record into a validated `RingCentralCall`, or an
/// `IntakeError` naming the field (INTAKE.md "RingCentral call-log records").
///
/// Pure: no I/O, no registry, no clock. Accepts the same three shapes as the message parser
/// (API.md: the webhook routes take an envelope, the WebSocket array or a bare record) and
/// `_account_id` injected at the top level or in the body. Unknown members are ignored.
public enum RingCentralCallParser {
    /// Legs per record; real detailed views have a handful.
    public static let legsMax = 64

    public static func parse(_ bytes: [UInt8]) throws(IntakeError) -> RingCentralCall {
        let payload = try RingCentralUnwrapped.unwrap(bytes)
        let record = payload.record
        _ = try record.members()

        let id = try record.required("id").identifier()
        let startTime = try record.required("startTime").timestamp()
        let duration = try record.required("duration").count()
        let direction = try record.required("direction").oneOf(Direction.self)
        let from = try record.optional("from").map { (field) throws(IntakeError) in try party(field) }
        let to = try record.optional("to").map { (field) throws(IntakeError) in try party(field) }

        if direction == .outbound { try checkCallee(to, path: record.childPath("to")) }
        // The customer is the far side: outbound → to, inbound → from (INTAKE.md).
        let customerKey = direction == .outbound ? "to" : "from"
        let customerSide = direction == .outbound ? to : from
        let customerPhone = try customerPhone(customerSide, path: record.childPath(customerKey))
        let storeSide = direction == .outbound ? from : to

        let legFields = try record.optional("legs")?.elements() ?? []
        guard legFields.count <= legsMax else {
            throw IntakeError.invalid(record.childPath("legs"), "has \(legFields.count) legs, more than \(legsMax)")
        }
        var legs: [RingCentralCallLeg] = []
        for field in legFields { legs.append(try leg(field)) }

        return RingCentralCall(
            shape: payload.shape,
            notification: payload.notification,
            id: id,
            sessionId: try record.optional("sessionId")?.identifier(),
            telephonySessionId: try record.optional("telephonySessionId")?.identifier(),
            startTime: startTime,
            durationSeconds: duration,
            type: try record.optional("type")?.oneOf(CallTypeValue.self),
            direction: direction,
            action: try record.optional("action")?.trimmedText(),
            result: try result(record.optional("result")),
            reason: try record.optional("reason")?.trimmedText(),
            from: from,
            to: to,
            recording: try record.optional("recording").map { (field) throws(IntakeError) in try recording(field) },
            legs: legs,
            accountId: payload.accountId,
            customerPhone: customerPhone,
            storePhone: storeSide?.phone)
    }

    /// A far side with a number must have a valid one (`+14155550100`, `14155550100` and
    /// `(415) 555-0100` all normalise). A far side with no number — an internal extension, a
    /// withheld caller — is a call without a customer: recorded, no contact (INTAKE.md).
    static func customerPhone(_ side: RingCentralCallParty?, path: String) throws(IntakeError) -> PhoneNumber? {
        guard let side, let raw = side.phoneNumber else { return nil }
        guard let phone = side.phone else {
            throw IntakeError.invalid("\(path).phoneNumber", "is not a valid US/Canada phone number: \"\(raw.prefix(40))\"")
        }
        return phone
    }

    /// An outbound call was placed to someone: its `to` names a number or an extension. (An
    /// inbound call without a caller number is a withheld caller; an outbound one without a
    /// callee is no call at all, and would be recorded as a store call to nobody.)
    static func checkCallee(_ to: RingCentralCallParty?, path: String) throws(IntakeError) {
        guard let to else {
            throw IntakeError.missing(path)
        }
        guard to.phoneNumber != nil || to.extensionNumber != nil else {
            throw IntakeError.invalid("\(path).phoneNumber", "is empty: an outbound call needs a callee (a phoneNumber or an extensionNumber)")
        }
    }

    static func result(_ field: JSONField?) throws(IntakeError) -> CallResultValue? {
        guard let text = try field?.trimmedText() else { return nil }
        guard text.utf8.count <= JSONField.identifierLengthMax else {
            throw IntakeError.invalid(field?.path ?? "result", "is longer than \(JSONField.identifierLengthMax) bytes")
        }
        return CallResultValue(rawValue: text)
    }

    static func party(_ field: JSONField) throws(IntakeError) -> RingCentralCallParty {
        _ = try field.members()
        let phoneNumber = try field.optional("phoneNumber")?.trimmedText()
        return RingCentralCallParty(
            phoneNumber: phoneNumber,
            extensionNumber: try field.optional("extensionNumber")?.identifier(),
            name: try field.optional("name")?.trimmedText(),
            location: try field.optional("location")?.trimmedText(),
            phone: phoneNumber.flatMap { PhoneNumber($0) })
    }

    static func recording(_ field: JSONField) throws(IntakeError) -> RingCentralRecording {
        _ = try field.members()
        return RingCentralRecording(
            id: try field.required("id").identifier(),
            uri: try field.optional("uri")?.string(),
            type: try field.optional("type")?.string(),
            contentUri: try field.optional("contentUri")?.string())
    }

    static func leg(_ field: JSONField) throws(IntakeError) -> RingCentralCallLeg {
        _ = try field.members()
        return RingCentralCallLeg(
            startTime: try field.optional("startTime")?.timestamp(),
            durationSeconds: try field.optional("duration")?.count(),
            type: try field.optional("type")?.oneOf(CallTypeValue.self),
            direction: try field.optional("direction")?.oneOf(Direction.self),
            action: try field.optional("action")?.trimmedText(),
            result: try result(field.optional("result")),
            reason: try field.optional("reason")?.trimmedText(),
            legType: try field.optional("legType")?.string(),
            from: try field.optional("from").map { (party) throws(IntakeError) in try Self.party(party) },
            to: try field.optional("to").map { (party) throws(IntakeError) in try Self.party(party) },
            recording: try field.optional("recording").map { (rec) throws(IntakeError) in try recording(rec) })
    }
}
