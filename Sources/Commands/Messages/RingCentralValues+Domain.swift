import Domain

// The RingCentral adapter's local value sets mapped to Domain's enums. Exhaustive switches
// rather than `init(rawValue:)!`: adding a case on either side fails to compile here instead
// of trapping on the first message that uses it.

extension MessageTypeValue {
    var domain: MessageType {
        switch self {
        case .sms: .sms
        case .pager: .pager
        case .voiceMail: .voiceMail
        case .fax: .fax
        }
    }
}

extension DirectionValue {
    var domain: Direction {
        switch self {
        case .inbound: .inbound
        case .outbound: .outbound
        }
    }
}

extension MessageStatusValue {
    var domain: MessageStatus {
        switch self {
        case .queued: .queued
        case .sent: .sent
        case .delivered: .delivered
        case .deliveryFailed: .deliveryFailed
        case .sendingFailed: .sendingFailed
        case .received: .received
        }
    }
}

extension ReadStatusValue {
    var domain: ReadStatus {
        switch self {
        case .read: .read
        case .unread: .unread
        }
    }
}
