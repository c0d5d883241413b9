import EventStore

/// Who caused an event (EVENTS.md "Actor types"). Raw values are what the log stores in
/// `Actor.type`.
public enum ActorType: String, DomainEnum {
    case system
    case staff
    case ai
    case leadWebhook = "lead_webhook"
    case imapPoller = "imap-poller"
    case ringcentral
    case integration

    public static var fieldName: String { "actor.type" }

    /// Staff carry the user id and integrations their name; the others carry no id.
    public var requiresId: Bool { self == .staff || self == .integration }
}

/// A validated actor: `staff` has a user id, `integration` has the integration's name.
/// Converts to and from the event store's opaque `Actor`. Thread-safe (a value).
public struct EventActor: Hashable, Sendable, Codable, CustomStringConvertible {
    public let type: ActorType
    /// The staff user id or the integration name; empty for the other types.
    public let id: String

    public init(type: ActorType, id: String = "") throws(DomainError) {
        let trimmed = id.trimmingWhitespace()
        if type.requiresId {
            guard !trimmed.isEmpty else { throw .missingField(field: "actor.id") }
            guard trimmed.utf8.count <= 200 else { throw .invalidField(field: "actor.id", reason: "longer than 200 bytes") }
            try Validate.noControlCharacters(trimmed, field: "actor.id")
        }
        self.type = type
        self.id = trimmed
    }

    private init(unchecked type: ActorType) {
        self.type = type
        self.id = ""
    }

    public static let system = EventActor(unchecked: .system)
    public static let ai = EventActor(unchecked: .ai)
    public static let leadWebhook = EventActor(unchecked: .leadWebhook)
    public static let imapPoller = EventActor(unchecked: .imapPoller)
    public static let ringcentral = EventActor(unchecked: .ringcentral)

    public static func staff(userId: String) throws(DomainError) -> EventActor {
        try EventActor(type: .staff, id: userId)
    }

    public static func integration(name: String) throws(DomainError) -> EventActor {
        try EventActor(type: .integration, id: name)
    }

    /// Reads the store's actor back.
    public init(_ actor: Actor) throws(DomainError) {
        try self.init(type: ActorType(parsing: actor.type, field: "actor.type"), id: actor.id)
    }

    /// The event store's form.
    public var storeActor: Actor { Actor(type: type.rawValue, id: id) }

    public var description: String { id.isEmpty ? type.rawValue : "\(type.rawValue):\(id)" }
}
