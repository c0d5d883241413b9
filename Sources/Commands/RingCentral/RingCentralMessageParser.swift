import Domain
import EventStore

/// Turns a RingCentral message-store notification into a validated `RingCentralMessage`, or
/// an `IntakeError` naming the field (INTAKE.md "RingCentral message notifications").
///
/// Pure: no I/O, no registry, no clock. Accepts the three shapes (envelope, WebSocket array,
/// bare record) and the injected `_client_id` / `_account_id` at the top level or in the body.
/// Unknown members are ignored (RingCentral adds fields such as `priority`, `availability`).
public enum RingCentralMessageParser {
    public static func parse(_ bytes: [UInt8]) throws(IntakeError) -> RingCentralMessage {
        try parse(try RingCentralUnwrapped.unwrap(bytes))
    }

    static func parse(_ payload: RingCentralUnwrapped) throws(IntakeError) -> RingCentralMessage {
        let record = payload.record
        _ = try record.members()  // a bare record must be an object too

        let id = try record.required("id").identifier()
        let creationTime = try record.required("creationTime").timestamp()
        let type = try record.required("type").oneOf(MessageType.self)
        let direction = try record.required("direction").oneOf(Direction.self)
        let from = try record.optional("from").map { (field) throws(IntakeError) in try party(field, isRecipient: false) }
        var to: [RingCentralMessageParty] = []
        let toField = try record.optional("to")
        for entry in try toField?.elements() ?? [] { to.append(try party(entry, isRecipient: true)) }

        let sides = Sides(record: record, direction: direction, from: from, to: to)
        let customer = try customerSide(sides, type: type)
        let subject = try record.optional("subject")?.string()
        // Only a customer's own inbound SMS can opt them out or in; a short code has no contact.
        var consentKeyword: ConsentKeyword? = nil
        if type == .sms, direction == .inbound, case .phone = customer, let subject {
            consentKeyword = ConsentKeyword.detect(in: subject)
        }

        var attachments: [RingCentralAttachment] = []
        for entry in try record.optional("attachments")?.elements() ?? [] {
            attachments.append(try attachment(entry))
        }
        return RingCentralMessage(
            shape: payload.shape,
            notification: payload.notification,
            id: id,
            conversationId: try record.optional("conversationId")?.identifier(),
            type: type,
            direction: direction,
            from: from,
            to: to,
            subject: subject,
            creationTime: creationTime,
            lastModifiedTime: try record.optional("lastModifiedTime")?.timestamp(),
            readStatus: try record.optional("readStatus")?.oneOf(ReadStatus.self),
            messageStatus: try record.optional("messageStatus")?.oneOf(MessageStatus.self),
            attachments: attachments,
            vmTranscriptionStatus: try record.optional("vmTranscriptionStatus")?.string(),
            clientId: try payload.clientId?.string().intakeTrimmed,
            franchiseId: try payload.franchiseId(),
            accountId: payload.accountId,
            customer: customer,
            storePhone: sides.store?.phoneNumber.flatMap { PhoneNumber($0) },
            consentKeyword: consentKeyword)
    }

    /// The far side (customer) and near side (store) of a message, with the customer's path.
    struct Sides {
        var customer: RingCentralMessageParty?
        var customerPath: String
        var store: RingCentralMessageParty?

        init(
            record: JSONField, direction: Direction, from: RingCentralMessageParty?, to: [RingCentralMessageParty]
        ) {
            // INTAKE.md: the to[] entry with `target: true`, else the first.
            let addressed = to.firstIndex { $0.target == true } ?? (to.isEmpty ? nil : 0)
            let toPath = record.childPath("to")
            switch direction {
            case .inbound:
                customer = from
                customerPath = record.childPath("from")
                store = addressed.map { to[$0] }
            case .outbound:
                customer = addressed.map { to[$0] }
                customerPath = addressed.map { "\(toPath)[\($0)]" } ?? toPath
                store = from
            }
        }
    }

    /// A valid NANP number, a 5–6 digit short code, or unknown. A number that is neither is an
    /// error: recording the message against no one would lose the customer's history.
    static func customerSide(_ sides: Sides, type: MessageType) throws(IntakeError) -> RingCentralCustomer {
        guard let raw = sides.customer?.phoneNumber else {
            // An SMS always has a far-side number; a voicemail from a withheld number or an
            // internal pager message may not.
            guard type != .sms else {
                throw sides.customer == nil
                    ? IntakeError.missing(sides.customerPath)
                    : IntakeError.missing("\(sides.customerPath).phoneNumber")
            }
            return .unknown
        }
        if let phone = PhoneNumber(raw) { return .phone(phone) }
        if let code = ShortCode(raw) { return .shortCode(code) }
        throw IntakeError.invalid(
            "\(sides.customerPath).phoneNumber",
            "is neither a valid US/Canada phone number nor a 5–6 digit short code: \"\(raw.prefix(40))\"")
    }

    static func party(_ field: JSONField, isRecipient: Bool) throws(IntakeError) -> RingCentralMessageParty {
        _ = try field.members()
        return RingCentralMessageParty(
            phoneNumber: try field.optional("phoneNumber")?.trimmedText(),
            extensionNumber: try field.optional("extensionNumber")?.identifier(),
            name: try field.optional("name")?.trimmedText(),
            location: try field.optional("location")?.trimmedText(),
            target: isRecipient ? try field.optional("target")?.bool() : nil)
    }

    static func attachment(_ field: JSONField) throws(IntakeError) -> RingCentralAttachment {
        _ = try field.members()
        return RingCentralAttachment(
            id: try field.optional("id")?.identifier(),
            type: try field.optional("type")?.string(),
            contentType: try field.optional("contentType")?.string(),
            sizeBytes: try field.optional("size")?.count(),
            vmDurationSeconds: try field.optional("vmDuration")?.count())
    }
}
