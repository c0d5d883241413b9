import Domain
import EventStore

/// Appends `lead.cooled` for a lead the read model found still `new`/`attempted` 5 days
/// after the contact's createdAt (PRODUCT.md "Lead cooling"): new → neglected,
/// attempted → unreachable. The append expects the contact stream's version the read model
/// showed, so anything that happened to the contact since (an analysis that moved the
/// status, a call) wins: the append is refused with a conflict and the next sweep decides
/// again from the updated read model. The event's key includes the contact's createdAt,
/// so a lead is cooled at most once. Thread-safe (holds only thread-safe references).
public struct LeadCoolingHandler: Sendable {
    let appender: EventAppender

    public init(store: EventStore) {
        appender = EventAppender(store: store)
    }

    /// One lead to cool, as the read model saw it.
    public struct Request: Sendable, Equatable {
        public var storeId: String
        public var phone: String
        public var leadStatus: LeadStatus
        public var contactCreatedAt: Timestamp
        /// The contact stream's version (0: no contact-stream event yet).
        public var expectedVersion: UInt64

        public init(storeId: String, phone: String, leadStatus: LeadStatus, contactCreatedAt: Timestamp, expectedVersion: UInt64) {
            self.storeId = storeId
            self.phone = phone
            self.leadStatus = leadStatus
            self.contactCreatedAt = contactCreatedAt
            self.expectedVersion = expectedVersion
        }
    }

    public func cool(_ request: Request) async throws(CommandError) -> CommandOutcome {
        let storeId = try checked("storeId") { () throws(DomainError) in try StoreID(request.storeId) }
        guard let phone = PhoneNumber(request.phone) else {
            throw CommandError.invalid("phone", "'\(request.phone.prefix(40))' is not a valid US/Canada phone number")
        }
        let cooled = try checked("leadStatus") { () throws(DomainError) in
            try LeadCooled(storeId: storeId, phone: phone, fromStatus: request.leadStatus, contactCreatedAt: request.contactCreatedAt.date)
        }
        let event = DomainEvent(cooled, actor: .system)
        let ids = ["storeId": storeId.rawValue, "phone": phone.e164]
        return try await appender.decideAndAppend(stream: event.stream, clientVersion: request.expectedVersion) {
            (state) throws(CommandError) -> EventAppender.Decision in
            if let position = state.position(ofKey: event.idempotencyKey) {
                return .recorded(EventAppender.recorded([(event.type, event.idempotencyKey, position)], stream: event.stream, ids: ids))
            }
            return .append([event], ids: ids)
        }
    }
}

/// The sweep: every candidate the read model offers is cooled; conflicts (the contact
/// changed since the read model saw it) are counted and left for the next sweep.
/// Thread-safe (a value).
public struct LeadCoolingSweep: Sendable {
    public struct Result: Sendable, Equatable {
        public var cooled = 0
        public var alreadyCooled = 0
        public var conflicts = 0
        public var failures: [String] = []
        public var lastPosition: UInt64 = 0
        public init() {}
    }

    let handler: LeadCoolingHandler

    public init(store: EventStore) { handler = LeadCoolingHandler(store: store) }

    public func run(_ requests: [LeadCoolingHandler.Request]) async -> Result {
        var result = Result()
        for request in requests {
            do {
                let outcome = try await handler.cool(request)
                if outcome.deduplicated { result.alreadyCooled += 1 } else { result.cooled += 1 }
                result.lastPosition = max(result.lastPosition, outcome.position)
            } catch where error.code == .conflict {
                result.conflicts += 1
            } catch {
                result.failures.append("\(request.storeId) \(request.phone): \(error)")
            }
        }
        return result
    }
}
