import Commands
import Hummingbird

/// Staff actions on contacts (API.md; PRODUCT.md "Staff actions"): notes, Do-Not-Contact,
/// manual tags, converted, merge. Each carries `X-Staff-User` (the actor) and
/// `Idempotency-Key` (a retry returns the first result); `If-Match` optionally names the
/// contact stream's version the client saw (409 with the actual version when it moved).
///
/// The `{storeId}` must be visible to the token (404 otherwise) before the handler runs.
struct ContactRoutes {
    let services: APIServices

    struct NotesBody: Decodable { var notes: String }
    struct DNCBody: Decodable {
        var doNotContact: Bool
        var reason: String?
    }
    struct TagBody: Decodable { var tagId: String }
    struct ConvertBody: Decodable {
        var leadId: String?
        var note: String?
    }
    struct MergeBody: Decodable {
        var from: String
        var into: String
        var reviewId: String?
    }

    func register(on routes: RouteTable) {
        let contact = "/v1/stores/{storeId}/contacts/{phone}"
        action(.put, contact + "/notes", on: routes) { request in
            .updateNotes(try await request.json(NotesBody.self).notes)
        }
        action(.post, contact + "/dnc", on: routes) { request in
            let body = try await request.json(DNCBody.self)
            return .doNotContact(body.doNotContact, reason: body.reason)
        }
        action(.post, contact + "/tags", on: routes) { request in
            .tag(tagId: try await request.json(TagBody.self).tagId)
        }
        action(.delete, contact + "/tags/{tag}", on: routes) { request in
            .untag(tagId: try request.parameter("tag"))
        }
        action(.post, contact + "/convert", on: routes) { request in
            let body = try await request.json(ConvertBody.self, types: .optionalJSON)
            return .convert(leadId: body.leadId, note: body.note)
        }
        let services = self.services
        routes.add(.post, "/v1/stores/{storeId}/contacts/merge", access: .stores, authenticator: services.authenticator) { request in
            let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
            let staff = try request.staffRequest()
            let body = try await request.json(MergeBody.self)
            return try await services.write { () throws(CommandError) in
                try await services.handlers.contacts.handle(
                    storeId: profile.storeId.rawValue, phone: body.from, action: .merge(into: body.into, reviewId: body.reviewId),
                    request: staff)
            }
        }
    }

    /// A route on one contact: visibility, staff headers, then the action from the body.
    private func action(
        _ method: HTTPRequest.Method, _ path: String, on routes: RouteTable,
        _ makeAction: @escaping @Sendable (inout APIRequest) async throws -> ContactAction
    ) {
        let services = self.services
        routes.add(method, path, access: .stores, authenticator: services.authenticator) { request in
            let profile = try services.visibleStore(try request.parameter("storeId"), to: request.scope)
            let phone = try request.parameter("phone")
            let staff = try request.staffRequest()
            let action = try await makeAction(&request)
            return try await services.write { () throws(CommandError) in
                try await services.handlers.contacts.handle(
                    storeId: profile.storeId.rawValue, phone: phone, action: action, request: staff)
            }
        }
    }
}
