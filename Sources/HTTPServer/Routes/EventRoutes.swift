import Domain
import EventStore
import Foundation
import Hummingbird

/// `GET /v1/events?from=N&limit=M&type=T&storeId=S` (admin; auditors): the raw log in order.
///
/// Each event has the members of `contactledger store dump`'s JSON Lines (position, id, type,
/// stream, version, storeId, occurredAt, recordedAt, idempotencyKey, actor, schemaVersion,
/// payload). `next` is where to continue (null at the durable end). A filtered read looks at
/// no more than `scanEventsMax` events per request, so a filter that matches nothing cannot
/// make one request scan the whole log; `next` then points past the window.
struct EventRoutes {
    let services: APIServices
    static let limitDefault = 100
    static let limitMax = 1000
    static let scanEventsMax: UInt64 = 100_000

    func register(on routes: RouteTable) {
        let services = self.services
        routes.add(.get, "/v1/events", access: .admin, authenticator: services.authenticator) { request in
            let from = try request.queryInt("from", UInt64(1)...UInt64.max) ?? 1
            let limit = try request.queryInt("limit", 1...Self.limitMax) ?? Self.limitDefault
            let types = request.queryList("type")
            for type in types where EventType(rawValue: type) == nil {
                throw APIError.invalid("type", "'\(type.prefix(60))' is not a documented event type")
            }
            var storeId: String?
            if let raw = request.query("storeId") {
                guard let id = try? StoreID(raw) else { throw APIError.invalid("storeId", "is not a UUID: '\(raw.prefix(64))'") }
                storeId = id.rawValue
            }
            let position = try await services.logPosition(for: request)
            let filter = EventFilter(types: Set(types), storeId: storeId)
            let through = from > position ? position : min(position, from &+ Self.scanEventsMax &- 1)
            var events: [JSONOut] = []
            var last: UInt64 = from &- 1
            if from <= position {
                do {
                    try services.store.scan(from: from, through: through, filter: filter) { event in
                        events.append(Self.json(event))
                        last = event.position
                        return events.count < limit
                    }
                } catch {
                    throw APIError(.storageFailure, "the log could not be read")
                }
            }
            let next: UInt64? =
                events.count == limit ? (last < position ? last + 1 : nil) : (through < position ? through + 1 : nil)
            let body = JSONOut.object([
                ("events", .array(events)),
                ("next", next.map(JSONOut.uint) ?? .null),
                ("position", .uint(position)),
            ])
            return body.response(status: .ok, headers: [ReadPosition.positionHeader: String(position)])
        }
    }

    static func json(_ event: EventView) -> JSONOut {
        let storeId = String(decoding: event.storeIdBytes, as: UTF8.self)
        let actor = event.actor
        let payload = Array(event.payloadBytes)
        var members: [(String, JSONOut)] = [
            ("position", .uint(event.position)),
            ("id", .string(event.id.uuidString)),
            ("type", .string(String(decoding: event.typeBytes, as: UTF8.self))),
            ("stream", .string(String(decoding: event.streamBytes, as: UTF8.self))),
            ("version", .uint(event.version)),
            ("storeId", storeId.isEmpty ? .null : .string(storeId)),
            ("occurredAt", .string(ISOTime.string(event.occurredAt))),
            ("recordedAt", .string(ISOTime.string(event.recordedAt))),
            ("idempotencyKey", .string(String(decoding: event.idempotencyKeyBytes, as: UTF8.self))),
            ("actor", .object([("type", .string(actor.type)), ("id", .string(actor.id))])),
            ("schemaVersion", .uint(UInt64(event.schemaVersion))),
        ]
        if (try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])) != nil {
            members.append(("payload", .raw(payload)))
        } else if let text = String(validating: payload, as: UTF8.self) {
            members.append(("payload", .string(text)))
            members.append(("payloadEncoding", .string("text")))
        } else {
            members.append(("payload", .string(Data(payload).base64EncodedString())))
            members.append(("payloadEncoding", .string("base64")))
        }
        return .object(members)
    }
}
