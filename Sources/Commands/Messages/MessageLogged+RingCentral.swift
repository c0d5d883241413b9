import Domain
import EventStore

extension MessageLogged {
    /// The `message.logged` payload of a parsed RingCentral message in its resolved store.
    /// franchiseId: the brand from `_client_id`, else the store's (INTAKE.md); accountId:
    /// `_account_id` (or ownerId), else the store's. Ids are validated as Domain ids here, so
    /// an id that cannot go into a stream name or key is refused naming its path.
    init(ringCentral message: RingCentralMessage, store: StoreProfile) throws(CommandError) {
        let (messageId, franchise, account) = try Self.identity(of: message)
        var shortCode: String?
        if case .shortCode(let code) = message.customer { shortCode = code.digits }
        self.init(
            messageId: messageId,
            conversationId: message.conversationId,
            storeId: store.storeId,
            franchiseId: franchise ?? store.franchiseId,
            accountId: account ?? store.accountId,
            messageType: message.type,
            direction: message.direction,
            from: message.from.map(MessageParty.init(ringCentral:)) ?? MessageParty(),
            to: message.to.map(MessageParty.init(ringCentral:)),
            customerPhone: message.customerPhone,
            shortCode: shortCode,
            subject: message.subject,
            creationTime: message.creationTime.date,
            lastModifiedTime: message.revisionTime.date,
            messageStatus: message.messageStatus,
            readStatus: message.readStatus,
            attachments: message.attachments.map(MessageAttachment.init(ringCentral:)),
            vmTranscriptionStatus: message.vmTranscriptionStatus)
    }
}

extension MessageLogged {
    /// The ids a message is validated by before its store is known (an unrouted message is
    /// refused for the same bad ids as a routed one).
    static func identity(of message: RingCentralMessage) throws(CommandError) -> (
        messageId: RingCentralID, franchiseId: FranchiseID?, accountId: AccountID?
    ) {
        let franchise = try message.franchiseId.map { raw throws(CommandError) in
            try checked("_client_id") { () throws(DomainError) in try FranchiseID(raw, field: "_client_id") }
        }
        let account = try message.accountId.map { raw throws(CommandError) in
            try checked("_account_id") { () throws(DomainError) in try AccountID(raw, field: "_account_id") }
        }
        let id = try checked(message.shape.path("id")) { () throws(DomainError) in try RingCentralID(message.id) }
        return (id, franchise, account)
    }
}

extension MessageUpdated {
    /// The `message.updated` payload of a later notification: the fields that change.
    init(ringCentral message: RingCentralMessage, logged: MessageLogged) {
        self.init(
            messageId: logged.messageId, storeId: logged.storeId, customerPhone: logged.customerPhone,
            lastModifiedTime: message.revisionTime.date, messageStatus: message.messageStatus,
            readStatus: message.readStatus, vmTranscriptionStatus: message.vmTranscriptionStatus)
    }
}

extension MessageParty {
    init(ringCentral party: RingCentralMessageParty) {
        self.init(phoneNumber: party.phoneNumber, name: party.name, location: party.location, target: party.target)
    }
}

extension MessageAttachment {
    /// RingCentral omits an attachment's id or type only in malformed records; they are kept
    /// as empty text rather than refusing a message whose text and parties are sound.
    init(ringCentral attachment: RingCentralAttachment) {
        self.init(
            id: attachment.id ?? "", type: attachment.type ?? "", contentType: attachment.contentType,
            size: attachment.sizeBytes, vmDuration: attachment.vmDurationSeconds)
    }
}
