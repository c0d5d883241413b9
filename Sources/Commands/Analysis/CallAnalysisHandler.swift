import Domain
import EventStore

/// Records a per-call AI analysis as `call.analyzed` (PRODUCT.md "Calls", INTAKE.md
/// `POST /v1/ingest/analysis/call`).
///
/// The event belongs on the stream of the call it analyses (EVENTS.md: "as its call.logged"),
/// and the analysis names only `callId` (and maybe `storeId`), so the handler looks the call
/// up in the `CallIndex` (a fold of the log's `call.logged` events) and copies its store and
/// customer phone into the payload. Refused, nothing appended: an unknown call (404 naming
/// `callId`: the call-log record must be ingested first; the analyzer retries), and a
/// `storeId` other than the call's (also 404 on `callId`: a store-scoped caller must not
/// learn that another store has this call). A redelivery is deduplicated by its key
/// (`call.analyzed:<callId>:<analysisId>`).
///
/// Thread-safe: holds only thread-safe references.
public struct CallAnalysisHandler: Sendable {
    let calls: CallIndex
    let appender: EventAppender

    public init(store: EventStore, calls: CallIndex) {
        self.calls = calls
        self.appender = EventAppender(store: store)
    }

    public func handle(_ bytes: [UInt8]) async throws(CommandError) -> CommandOutcome {
        let analysis = try CommandError.parsing { () throws(IntakeError) in try AnalysisParser.parseCall(bytes) }
        return try await handle(analysis)
    }

    public func handle(_ analysis: CallAnalysis) async throws(CommandError) -> CommandOutcome {
        let analysisId = try checked("analysisId") { () throws(DomainError) in try AnalysisID(analysis.analysisId, field: "analysisId") }
        let callId = try checked("callId") { () throws(DomainError) in try RingCentralID(analysis.callId, field: "callId") }
        let claimedStore = try analysis.storeId.map { raw throws(CommandError) in
            try checked("storeId") { () throws(DomainError) in try StoreID(raw) }
        }
        guard let call = try calls.call(callId), claimedStore == nil || claimedStore == call.storeId else {
            let scope = claimedStore.map { " in store \($0)" } ?? ""
            throw CommandError(
                .notFound, field: "callId",
                reason: "no call \(callId)\(scope) has been logged; ingest its call-log record first")
        }
        let analyzed = CallAnalyzed(
            analysisId: analysisId, callId: callId, storeId: call.storeId, customerPhone: call.customerPhone,
            callState: analysis.callState, firstName: analysis.firstName, lastName: analysis.lastName,
            summary: analysis.summary, analyzedAt: analysis.analyzedAt.date)
        var ids = ["storeId": call.storeId.rawValue, "callId": callId.rawValue, "analysisId": analysisId.rawValue]
        if let phone = call.customerPhone { ids["customerPhone"] = phone.e164 }
        return try await appender.append([DomainEvent(analyzed, actor: .ai)], ids: ids)
    }
}
