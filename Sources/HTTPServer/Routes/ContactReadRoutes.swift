import Domain
import EventStore
import Foundation
import Hummingbird
import HTTPTypes
import Projections

/// The read routes of contacts (API.md; READMODELS.md): the Contacts page, the profile (360
/// view), the timeline and the communication log. All answer from the read model with its
/// applied position in `X-Position`, after the `minPosition` wait; the profile also sends the
/// contact stream's version as `ETag` (for `If-Match` on staff commands).
struct ContactReadRoutes {
    let services: APIServices
    let readSide: ReadSide

    func register(on routes: RouteTable) {
        let services = self.services
        let readSide = self.readSide
        let auth = services.authenticator
        routes.add(.get, "/v1/stores/{storeId}/contacts", access: .stores, authenticator: auth) { request in
            let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
            for unsupported in ["tag", "segment"] where request.query(unsupported) != nil {
                throw APIError.invalid(unsupported, "filtering by \(unsupported) is not available yet (tags and segments come with their own routes)")
            }
            var query = ContactsQuery(storeId: profile.storeId.rawValue, now: services.clock.now())
            query.stage = request.query("stage")
            query.leadStatus = request.query("leadStatus")
            query.doNotContact = try request.queryBool("dnc")
            query.actionNeeded = try request.queryBool("actionNeeded")
            query.openComplaint = try request.queryBool("openComplaint")
            query.search = request.query("q")
            if let sort = request.query("sort") { query.sort = try Self.mapped { () throws(QueryError) in try ContactSort(parsing: sort) } }
            query.limit = try request.queryInt("limit", 1...ContactsQuery.limitMax) ?? ContactsQuery.limitDefault
            query.cursor = request.query("cursor")
            let position = try await readSide.position(for: request, timeout: services.options.readWait)
            let readModel = readSide.readModel
            let page = try await readSide.query { [query] in try Self.mapped { try readModel.contacts(query) } }
            return Self.json(bytes: ContactJSON.page(page), position: position)
        }
        routes.add(.get, "/v1/stores/{storeId}/contacts/{phone}", access: .stores, authenticator: auth) { request in
            let (storeId, phone) = try Self.contact(request, services: services)
            let position = try await readSide.position(for: request, timeout: services.options.readWait)
            let (readModel, now) = (readSide.readModel, services.clock.now())
            guard let found = try await readSide.query({ try Self.mapped { try readModel.profile(storeId: storeId, phone: phone, now: now) } })
            else {
                throw APIError(.notFound, "no contact \(phone) in store \(storeId)", field: "phone")
            }
            var response = try ContactJSON.profile(found).map { Self.json(bytes: $0, position: position) }
                ?? Self.json(found, position: position)
            response.headers[.eTag] = "\"\(found.contact.version)\""
            return response
        }
        routes.add(.get, "/v1/stores/{storeId}/contacts/{phone}/timeline", access: .stores, authenticator: auth) { request in
            let (storeId, phone) = try Self.contact(request, services: services)
            let limit = try request.queryInt("limit", 1...200) ?? 50
            let position = try await readSide.position(for: request, timeout: services.options.readWait)
            let (readModel, cursor) = (readSide.readModel, request.query("cursor"))
            let page = try await readSide.query {
                try Self.mapped { try readModel.timeline(storeId: storeId, phone: phone, limit: limit, cursor: cursor) }
            }
            return try Self.json(page, position: position)
        }
        routes.add(.get, "/v1/stores/{storeId}/contacts/{phone}/communications", access: .stores, authenticator: auth) { request in
            let (storeId, phone) = try Self.contact(request, services: services)
            let limit = try request.queryInt("limit", 1...200) ?? 50
            let position = try await readSide.position(for: request, timeout: services.options.readWait)
            let (readModel, cursor) = (readSide.readModel, request.query("cursor"))
            let page = try await readSide.query {
                try Self.mapped { try readModel.communications(storeId: storeId, phone: phone, limit: limit, cursor: cursor) }
            }
            return try Self.json(page, position: position)
        }
    }

    /// The visible store and the path's phone in E.164 (400 when it is not a phone number).
    static func contact(_ request: APIRequest, services: APIServices) throws -> (storeId: String, phone: String) {
        let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
        let raw = try request.parameter("phone")
        guard let phone = PhoneNumber(raw) else {
            throw APIError.invalid("phone", "'\(raw.prefix(40))' is not a valid US/Canada phone number")
        }
        return (profile.storeId.rawValue, phone.e164)
    }

    /// Runs a read-model query; its `QueryError` is a 400 naming the parameter, anything else a
    /// storage failure. Routes call it inside `ReadSide.query` (off the event loop).
    static func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as QueryError {
            throw APIError.invalid(error.field, error.reason)
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.storageFailure, "the read model could not be read: \(error)")
        }
    }

    static func json(_ value: some Encodable, position: UInt64) throws -> Response {
        let bytes = try JSONEncoder().encode(value)
        return JSONOut.raw(Array(bytes)).response(status: .ok, headers: [ReadPosition.positionHeader: String(position)])
    }

    /// A body `ContactJSON` wrote (the page and the profile: JSONEncoder was 40 % of a page's CPU).
    static func json(bytes: [UInt8], position: UInt64) -> Response {
        JSONOut.raw(bytes).response(status: .ok, headers: [ReadPosition.positionHeader: String(position)])
    }
}

extension APIRequest {
    /// `true` / `false` (also `1` / `0`); nil when absent.
    func queryBool(_ name: String) throws -> Bool? {
        guard let raw = query(name) else { return nil }
        switch raw.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.invalid(name, "must be true or false, not '\(raw.prefix(40))'")
        }
    }
}
