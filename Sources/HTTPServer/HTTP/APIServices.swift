import HTTPTypes
import Commands
import Domain
import EventStore
import Hummingbird
import Foundation
import Logging

/// What the route groups share: the open log, the command handlers over it, the metrics, and
/// the read-your-writes wait. Built once per server. Thread-safe: every member is.
struct APIServices: Sendable {
    let store: EventStore
    let handlers: CommandHandlers
    let leadEmail: LeadEmailHandler
    let metrics: APIMetrics
    let authenticator: Authenticator
    let options: APIServerOptions
    let clock: any StoreClock

    /// The store a `{storeId}` names, if the caller may see it; otherwise 404 whether it
    /// exists or not (API.md: a store-scoped token must not learn another store exists).
    func visibleStore(_ raw: String, to scope: TokenScope?) throws -> StoreProfile {
        guard let scope, let storeId = try? StoreID(raw), let profile = handlers.registry.profile(storeId: storeId),
            scope.canSee(profile)
        else {
            throw APIError.noSuchStore(raw)
        }
        return profile
    }

    /// Runs a command and answers 202 with the durable position (API.md "Writes"); a refusal
    /// becomes its `APIError`, with nothing appended (the handlers' contract).
    func write(_ command: () async throws(CommandError) -> CommandOutcome) async throws -> Response {
        let outcome: CommandOutcome
        do {
            outcome = try await command()
        } catch {
            throw APIError(error)
        }
        metrics.appended(outcome)
        return WriteResponse.accepted(outcome)
    }

    /// API.md "Read-your-writes" for reads served from the log itself (stores, events): waits
    /// up to `options.readWait` until the durable end reaches `minPosition` /
    /// `X-Min-Position`, then 503. Returns the position the read reflects (`X-Position`).
    func logPosition(for request: APIRequest) async throws -> UInt64 {
        guard let wanted = try ReadPosition.requested(request) else { return store.durablePosition }
        let store = self.store
        let reached = await ReadPosition.wait(for: wanted, timeout: options.readWait, current: { store.durablePosition }) {
            await store.waitForDurable(after: wanted - 1)
        }
        guard reached else {
            throw ReadPosition.notYet(wanted, applied: store.durablePosition, what: "the log", waited: options.readWait)
        }
        return store.durablePosition
    }
}

/// The write answer: `202 {"position": N, "deduplicated": false, "positions": [...], ...ids}`.
enum WriteResponse {
    static func accepted(_ outcome: CommandOutcome) -> Response {
        var members: [(String, JSONOut)] = [
            ("position", .uint(outcome.position)),
            ("deduplicated", .bool(outcome.deduplicated)),
            ("positions", .array(outcome.positions.map(JSONOut.uint))),
        ]
        // CDP.md §8: an input no store owns is kept and answered `"routed": false`.
        if let routed = outcome.routed { members.append(("routed", .bool(routed))) }
        let reserved: Set<String> = ["position", "deduplicated", "positions", "notes", "routed"]
        for key in outcome.ids.keys.sorted() where !reserved.contains(key) {
            members.append((key, .string(outcome.ids[key]!)))
        }
        if !outcome.notes.isEmpty { members.append(("notes", .array(outcome.notes.map(JSONOut.string)))) }
        var headers = HTTPFields()
        headers[ReadPosition.positionHeader] = String(outcome.position)
        return JSONOut.object(members).response(status: .accepted, headers: headers)
    }
}

/// `minPosition` / `X-Min-Position` and `X-Position` (API.md "Read-your-writes").
enum ReadPosition {
    static let positionHeader = HTTPField.Name("X-Position")!
    static let minPositionHeader = HTTPField.Name("X-Min-Position")!

    /// The position the client wants to read at, nil when it asked for none (or for 0).
    static func requested(_ request: APIRequest) throws -> UInt64? {
        let raw = request.query("minPosition") ?? request.request.headers[minPositionHeader]
        guard let raw else { return nil }
        guard let position = UInt64(raw.trimmingCharacters(in: .whitespaces)) else {
            throw APIError.invalid(
                request.query("minPosition") != nil ? "minPosition" : "X-Min-Position",
                "must be a log position (a non-negative integer), not '\(raw.prefix(40))'")
        }
        return position == 0 ? nil : position
    }

    /// Waits until `current() >= wanted` or `timeout` passes; `progress` suspends until the
    /// position may have moved (it must return on cancellation). True when reached.
    static func wait(
        for wanted: UInt64, timeout: Duration, current: @escaping @Sendable () -> UInt64,
        progress: @escaping @Sendable () async -> Void
    ) async -> Bool {
        if current() >= wanted { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                while current() < wanted, !Task.isCancelled { await progress() }
                return current() >= wanted
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return current() >= wanted
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first || current() >= wanted
        }
    }

    static func notYet(_ wanted: UInt64, applied: UInt64, what: String, waited: Duration) -> APIError {
        var error = APIError(
            .unavailable,
            "\(what) has reached position \(applied), not yet \(wanted) (waited \(waited)); retry shortly",
            field: "minPosition")
        error.headers.append((.retryAfter, "1"))
        return error
    }
}
