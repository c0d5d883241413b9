/// Stream names (spec EVENTS.md "stream" column). Built only here, never spelled elsewhere.
///
/// | stream | events |
/// |---|---|
/// | `store/<storeId>` | store.registered, store.updated |
/// | `lead/<leadId>` | lead.received, lead.updated |
/// | `contact/<storeId>/<phone E.164>` | lead.cooled, message.*, call.*, contact.*, profile.updated |
/// | `message/<rcMessageId>` | message.* whose customer side is a short code (or unknown) |
/// | `call/<rcCallId>` | call.* with no external customer number (an internal extension) — an addition to EVENTS.md |
/// | `review/<reviewId>` | identity.review_* |
/// | `task/<taskId>` | task.* |
/// | `tag/<tagId>`, `segment/<segmentId>` | tag.defined, segment.* |
/// | `unrouted/<kind>/<sourceId>` | input.unrouted, input.rerouted (CDP.md §8) — an addition to EVENTS.md |
public enum Streams {
    public static func store(_ storeId: StoreID) -> String { "store/\(storeId.rawValue)" }

    public static func lead(_ leadId: LeadID) -> String { "lead/\(leadId.rawValue)" }

    /// A contact's stream: "one phone number = one customer" per store.
    public static func contact(store: StoreID, phone: PhoneNumber) -> String { "contact/\(store.rawValue)/\(phone.e164)" }

    /// The store and phone of a contact stream's name; nil for any other stream.
    public static func contactParts(_ stream: String) -> (storeId: String, phone: String)? {
        let parts = stream.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "contact" else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// Whether `stream` names the contact stream of `storeId` and `phone`: what comparing
    /// `contactParts(stream)` with them tells, without splitting the name (a projection asks
    /// this for every contact event).
    public static func isContact(_ stream: String, storeId: String, phone: String) -> Bool {
        let prefix = "contact/".utf8
        let name = stream.utf8
        guard name.count == prefix.count + storeId.utf8.count + 1 + phone.utf8.count, name.starts(with: prefix) else {
            return false
        }
        let rest = name.dropFirst(prefix.count)
        guard rest.starts(with: storeId.utf8) else { return false }
        let tail = rest.dropFirst(storeId.utf8.count)
        return tail.first == UInt8(ascii: "/") && tail.dropFirst().elementsEqual(phone.utf8)
    }

    /// A message whose customer side is a short code: the message row only, no contact.
    public static func message(rcMessageId: RingCentralID) -> String { "message/\(rcMessageId.rawValue)" }

    /// A call with no external customer number: the call row only, no contact.
    public static func call(rcCallId: RingCentralID) -> String { "call/\(rcCallId.rawValue)" }

    public static func review(_ reviewId: SourceID) -> String { "review/\(reviewId.rawValue)" }

    public static func task(_ taskId: TaskID) -> String { "task/\(taskId.rawValue)" }

    public static func tag(_ tagId: SourceID) -> String { "tag/\(tagId.rawValue)" }

    public static func segment(_ segmentId: SourceID) -> String { "segment/\(segmentId.rawValue)" }

    /// An input no store owns yet, by intake kind and the record's own id (CDP.md §8).
    public static func unrouted(kind: UnroutedInputKind, sourceId: String) -> String {
        "\(unroutedPrefix)\(kind.rawValue)/\(sourceId)"
    }

    public static let unroutedPrefix = "unrouted/"

    /// The contact stream when the customer is known, else the record's own stream.
    public static func contactOrMessage(store: StoreID, phone: PhoneNumber?, rcMessageId: RingCentralID) -> String {
        phone.map { contact(store: store, phone: $0) } ?? message(rcMessageId: rcMessageId)
    }

    public static func contactOrCall(store: StoreID?, phone: PhoneNumber?, rcCallId: RingCentralID) -> String {
        if let store, let phone { return contact(store: store, phone: phone) }
        return call(rcCallId: rcCallId)
    }
}
