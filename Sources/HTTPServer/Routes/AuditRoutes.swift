import Audit
import Dispatch
import Domain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// The TCPA auditor over HTTP (API.md, TCPA.md, docs/AUDIT.md):
///
/// - `GET /v1/audit/tcpa?storeId=&from=&to=&ruleSets=&format=json|csv|html`: the report of
///   `contactledger audit tcpa`, in the asked format (`Content-Type` from `AuditReportFormat`).
/// - `GET /v1/audit/state?storeId=&phone=&at=&knownAt=`: a contact as of an instant, the JSON of
///   `contactledger audit state`.
///
/// Both replay the log (never the read models), so they answer for everything durable when the
/// request arrived and honour `minPosition` like the other log reads. Who may ask (API.md
/// "Auth"): admin tokens for any store and across stores (no `storeId`); franchise and store
/// tokens for a store they can see — another store is 404 — and never across stores (403).
/// Ingest tokens: 403. An admin may name a store the registry does not hold: the log may carry
/// its events, and the report then says `registered: false`.
///
/// The replay is a synchronous, CPU-bound scan (seconds for 10 M events): it runs on a Dispatch
/// thread, not on a NIO event loop or the Swift concurrency pool, and at most
/// `AuditGate.replaysMax` run at once, one per token scope — beyond that the answer is 429
/// with `Retry-After`. The HTML report carries a Content-Security-Policy that lets it load and
/// run nothing (its styles are inline).
struct AuditRoutes {
    let services: APIServices
    let gate: AuditGate

    init(services: APIServices, gate: AuditGate = AuditGate()) {
        self.services = services
        self.gate = gate
    }

    func register(on routes: RouteTable) {
        let services = self.services, gate = self.gate
        routes.add(.get, "/v1/audit/tcpa", access: .stores, authenticator: services.authenticator) { request in
            let format = try Self.audited { () throws(AuditError) in try AuditReportFormat(parsing: request.query("format") ?? "json") }
            let options = try Self.audited { () throws(AuditError) in
                try TCPAAuditOptions(
                    storeId: request.query("storeId"), from: request.query("from"), to: request.query("to"),
                    ruleSets: request.query("ruleSets"))
            }
            try Self.authorize(options.storeId, raw: request.query("storeId"), request: request, services: services)
            _ = try await services.logPosition(for: request)
            let store = services.store, generatedAt = services.clock.now()
            let (position, report) = try await gate.replay(for: request.scope, logger: request.context.logger) { () throws(AuditError) in
                let position = store.durablePosition
                return (position, try TCPAAudit.run(store: store, options: options, generatedAt: generatedAt))
            }
            var headers = HTTPFields()
            headers[.contentType] = format.contentType
            headers[ReadPosition.positionHeader] = String(max(position, report.range.lastPosition))
            if format == .csv {
                headers[.contentDisposition] = "attachment; filename=\"tcpa-audit.csv\""
            }
            if format == .html {
                // The report quotes log text (names, notes, message bodies): nothing in it may
                // load or run anything, whatever escaping missed. Its styles are inline.
                headers[Self.contentSecurityPolicy] = Self.htmlPolicy
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: report.encoded(as: format))))
        }
        routes.add(.get, "/v1/audit/state", access: .stores, authenticator: services.authenticator) { request in
            let query = try Self.audited { () throws(AuditError) in
                try ContactStateQuery(
                    storeId: request.query("storeId"), phone: request.query("phone"), at: request.query("at"),
                    knownAt: request.query("knownAt"))
            }
            try Self.authorize(query.storeId, raw: request.query("storeId"), request: request, services: services)
            _ = try await services.logPosition(for: request)
            let store = services.store
            let (position, state) = try await gate.replay(for: request.scope, logger: request.context.logger) { () throws(AuditError) in
                let position = store.durablePosition
                return (position, try ContactStateAudit.reconstruct(store: store, query: query))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body: Data
            do {
                body = try encoder.encode(state)
            } catch {
                throw APIError(.internalError, "the contact state could not be encoded")
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[ReadPosition.positionHeader] = String(position)
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    static let contentSecurityPolicy = HTTPField.Name("Content-Security-Policy")!
    static let htmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// API.md "Auth": only admin audits across stores; a store the token cannot see is 404
    /// whether it exists or not.
    static func authorize(_ storeId: StoreID?, raw: String?, request: APIRequest, services: APIServices) throws {
        guard let scope = request.scope else { throw Authenticator.unauthorized("a bearer token is required") }
        guard let storeId else {
            guard scope == .admin else {
                throw APIError(.forbidden, "only an admin token may audit across stores; name a storeId", field: "storeId")
            }
            return
        }
        if scope == .admin { return }
        _ = try services.visibleStore(storeId.rawValue, to: scope)
    }

    /// Runs the Audit library's parsing, mapping its refusal to the API's error (400 naming
    /// the field; STYLE.md: only the server maps errors to statuses).
    static func audited<T>(_ body: () throws(AuditError) -> T) throws(APIError) -> T {
        do {
            return try body()
        } catch {
            throw APIError(auditError: error)
        }
    }
}

extension APIError {
    /// `.invalidField` is the caller's mistake (400 naming the field); the rest are faults of
    /// the log, reported without the store's file locations (those go to the server's log).
    init(auditError error: AuditError) {
        switch error {
        case .invalidField(let field, let reason): self.init(.invalidField, reason, field: field)
        case .invalidZoneTable: self.init(.internalError, "the time-zone table could not be read")
        case .store: self.init(.storageFailure, "the log could not be read; the audit did not run")
        case .undecodableEvent(let position, let type, _):
            self.init(.storageFailure, "event \(position) (\(type)) in the log cannot be read; the audit did not run")
        }
    }
}

/// Runs audit replays on Dispatch threads, at most `replaysMax` at once and at most one per
/// token scope (each holds a core for as long as the scan takes; beyond that a request is
/// refused with 429 rather than queued behind minutes of work). The per-scope share keeps one
/// tenant from taking every replay slot from the others. Thread-safe: the counts are behind a
/// `Mutex`.
final class AuditGate: Sendable {
    let replaysMax: Int
    private let running = Mutex(Running())
    private let queue = DispatchQueue(label: "contactledger.audit", qos: .utility, attributes: .concurrent)

    struct Running {
        var count = 0
        /// The token scopes (`TokenScope.description`) with a replay running.
        var scopes: Set<String> = []
    }

    init(replaysMax: Int = 2) {
        precondition(replaysMax > 0)
        self.replaysMax = replaysMax
    }

    /// Runs `body` on the audit queue for a caller of `scope`. A failure that is not the
    /// caller's (a damaged log) is logged in full on `logger`; the client gets the error
    /// without file locations.
    func replay<T: Sendable>(
        for scope: TokenScope?, logger: Logger, _ body: @escaping @Sendable () throws(AuditError) -> T
    ) async throws(APIError) -> T {
        let tenant = scope?.description ?? ""
        let refusal: String? = running.withLock { running in
            if running.scopes.contains(tenant) { return "an audit for this token is already running" }
            guard running.count < replaysMax else { return "\(replaysMax) audits are already running" }
            running.count += 1
            running.scopes.insert(tenant)
            return nil
        }
        if let refusal {
            var error = APIError(.tooManyRequests, "\(refusal); retry shortly")
            error.headers.append((.retryAfter, "2"))
            throw error
        }
        defer {
            running.withLock { running in
                running.count -= 1
                running.scopes.remove(tenant)
            }
        }
        switch await queue.result(of: body) {
        case .success(let value): return value
        case .failure(let error):
            if !error.isUserError { logger.error("audit failed", metadata: ["error": .string(error.description)]) }
            throw APIError(auditError: error)
        }
    }
}
