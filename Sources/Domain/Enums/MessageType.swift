/// A RingCentral message-store record type (INTAKE.md): `SMS`, `Pager`, `VoiceMail`, `Fax`,
/// in any case on input; stored in RingCentral's spelling.
public enum MessageType: String, DomainEnum {
    case sms = "SMS"
    case pager = "Pager"
    case voiceMail = "VoiceMail"
    case fax = "Fax"

    public static var fieldName: String { "type" }
}

/// Direction of a message or call, in RingCentral's spelling (`Inbound`/`Outbound`, any case
/// on input). Outbound traffic is what the TCPA audit checks.
public enum Direction: String, DomainEnum {
    case inbound = "Inbound"
    case outbound = "Outbound"

    public static var fieldName: String { "direction" }
}

public typealias MessageDirection = Direction
public typealias CallDirection = Direction

/// A message's delivery status (INTAKE.md), RingCentral's spelling.
public enum MessageStatus: String, DomainEnum {
    case queued = "Queued"
    case sent = "Sent"
    case delivered = "Delivered"
    case deliveryFailed = "DeliveryFailed"
    case sendingFailed = "SendingFailed"
    case received = "Received"

    public static var fieldName: String { "messageStatus" }
}

/// A message's read status, RingCentral's spelling.
public enum ReadStatus: String, DomainEnum {
    case read = "Read"
    case unread = "Unread"

    public static var fieldName: String { "readStatus" }
}
