import Commands
import Domain
import Hummingbird

/// The ingest routes (API.md; INTAKE.md): raw email, RingCentral message and call-log
/// notifications, AI analyses, and event envelopes as JSON Lines. Each hands the body's
/// bytes to its command handler, which validates, deduplicates by source id and appends
/// durably before the 202.
///
/// RingCentral routes also answer the subscription handshake: a request with a
/// `Validation-Token` header and no body gets 200 with the header echoed and nothing appended
/// (RingCentral sends it before the first notification, without credentials). Every answer on
/// those routes echoes the header (`RouteTable`).
struct IngestRoutes {
    let services: APIServices

    func register(on routes: RouteTable) {
        let services = self.services
        let auth = services.authenticator
        routes.add(.post, "/v1/ingest/email", access: .ingest, authenticator: auth) { request in
            let bytes = try await request.body(bytesMax: BodyReader.bytesMaxEmail, types: .rfc822)
            return try await services.write { () throws(CommandError) in
                try await services.leadEmail.handle(bytes, actor: .leadWebhook)
            }
        }
        routes.add(.post, "/v1/ingest/ringcentral/message", access: .ringCentral, authenticator: auth) { request in
            try await Self.ringCentral(&request, services: services) { bytes throws(CommandError) in
                try await services.handlers.ringCentralMessage.handle(bytes)
            }
        }
        routes.add(.post, "/v1/ingest/ringcentral/call", access: .ringCentral, authenticator: auth) { request in
            try await Self.ringCentral(&request, services: services) { bytes throws(CommandError) in
                try await services.handlers.ringCentralCall.handle(bytes)
            }
        }
        routes.add(.post, "/v1/ingest/analysis/call", access: .ingest, authenticator: auth) { request in
            let bytes = try await request.body(types: .json)
            return try await services.write { () throws(CommandError) in try await services.handlers.analysis.call.handle(bytes) }
        }
        routes.add(.post, "/v1/ingest/analysis/contact", access: .ingest, authenticator: auth) { request in
            let bytes = try await request.body(types: .json)
            return try await services.write { () throws(CommandError) in try await services.handlers.analysis.contact.handle(bytes) }
        }
        // Admin only: an envelope names its own actor, so an integration token could forge any
        // event with it. Over HTTP the handler also refuses store events, the system actor,
        // and a staff actor other than the request's X-Staff-User (`EnvelopeSender.api`).
        routes.add(.post, "/v1/ingest/events", access: .admin, authenticator: auth) { request in
            let sender = EnvelopeSender.api(staffUserId: try request.claimedStaffUser())
            let bytes = try await request.body(types: .jsonLines)
            return try await services.write { () throws(CommandError) in try await services.handlers.events.handle(bytes, from: sender) }
        }
    }

    static func ringCentral(
        _ request: inout APIRequest, services: APIServices,
        _ handle: @escaping @Sendable ([UInt8]) async throws(CommandError) -> CommandOutcome
    ) async throws -> Response {
        let handshake = request.request.headers[RingCentralHeaders.validationToken] != nil
        // The token first, before a byte of the body is read: without one, only the
        // handshake's empty body is answered.
        if request.caller == .anonymous {
            guard handshake, BodyReader.declaresNoBody(request.request) else {
                throw Authenticator.unauthorized("a notification needs the integration token (Verification-Token or Authorization)")
            }
            return Response(status: .ok)
        }
        let bytes = try await request.body(types: handshake ? .optionalJSON : .json)
        if handshake && bytes.isEmpty {
            return Response(status: .ok)
        }
        return try await services.write { () throws(CommandError) in try await handle(bytes) }
    }
}
