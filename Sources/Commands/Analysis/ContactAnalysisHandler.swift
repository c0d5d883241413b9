import Domain
import EventStore

/// Records a contact AI analysis as `contact.analyzed` (PRODUCT.md "AI contact analysis",
/// INTAKE.md `POST /v1/ingest/analysis/contact`).
///
/// Enum values were checked by the parser; here the store must be registered (404 on
/// `storeId`), and the AI's Do-Not-Contact is checked against the contact's stream: the AI
/// may set doNotContact, and may clear one it set itself, but never one that staff or the
/// system (an opt-out keyword) set — such an analysis is refused as a whole (422 naming
/// `doNotContact`, nothing appended), so the analyzer learns of it instead of its other
/// fields landing while the DNC silently stays. A redelivered analysis is answered from the
/// log (its key is found in the stream) before the rule runs, so a retry stays a duplicate
/// even if staff set DNC in between.
///
/// Thread-safe: holds only thread-safe references.
public struct ContactAnalysisHandler: Sendable {
    let registry: StoreRegistry
    let appender: EventAppender

    public init(store: EventStore, registry: StoreRegistry) {
        self.registry = registry
        self.appender = EventAppender(store: store)
    }

    public func handle(_ bytes: [UInt8]) async throws(CommandError) -> CommandOutcome {
        let analysis = try CommandError.parsing { () throws(IntakeError) in try AnalysisParser.parseContact(bytes) }
        return try await handle(analysis)
    }

    public func handle(_ analysis: ContactAnalysis) async throws(CommandError) -> CommandOutcome {
        let analyzed = try ContactAnalyzed(analysis)
        _ = try registry.requireStore(analyzed.storeId)
        let ids = ["storeId": analyzed.storeId.rawValue, "phone": analyzed.phone.e164, "analysisId": analyzed.analysisId.rawValue]
        let event = DomainEvent(analyzed, actor: .ai)
        return try await appender.decideAndAppend(stream: analyzed.stream) { (state) throws(CommandError) -> EventAppender.Decision in
            if let position = state.position(ofKey: event.idempotencyKey) {
                return .recorded(EventAppender.recorded([(event.type, event.idempotencyKey, position)], stream: event.stream, ids: ids))
            }
            try Self.checkDoNotContact(analyzed.doNotContact, in: state)
            return .append([event], ids: ids)
        }
    }

    /// The AI may not clear a staff or system Do-Not-Contact (TCPA.md DNC-AI).
    static func checkDoNotContact(_ requested: Bool?, in state: StreamState) throws(CommandError) {
        guard requested == false, let current = state.doNotContact, !DoNotContactRule.wouldClear(current, by: .ai) else { return }
        throw CommandError(
            .unprocessable, field: "doNotContact",
            reason: "the AI may not clear a Do-Not-Contact set by \(current.rawValue); only staff can (send the analysis"
                + " without doNotContact, or with true)")
    }
}

extension ContactAnalyzed {
    /// The payload of a parsed analysis (local enums mapped to Domain's).
    init(_ analysis: ContactAnalysis) throws(CommandError) {
        self.init(
            analysisId: try checked("analysisId") { () throws(DomainError) in try AnalysisID(analysis.analysisId, field: "analysisId") },
            storeId: try checked("storeId") { () throws(DomainError) in try StoreID(analysis.storeId) },
            phone: analysis.phone,
            analyzedAt: analysis.analyzedAt.date,
            lifecycleStage: analysis.lifecycleStage,
            lifecycleState: analysis.lifecycleState,
            leadStatus: analysis.leadStatus,
            leadStatusReason: analysis.leadStatusReason,
            leadObjections: analysis.leadObjections,
            leadRejectionReasons: analysis.leadRejectionReasons,
            purchaseIntent: analysis.purchaseIntent,
            purchaseIntentReason: analysis.purchaseIntentReason,
            goals: analysis.goals?.map { ContactGoal(goal: $0.goal, reason: $0.reason) },
            customerSummary: analysis.customerSummary,
            actionNeeded: analysis.actionNeeded,
            actionNeededReason: analysis.actionNeededReason,
            suggestedActions: analysis.suggestedActions?.map {
                SuggestedAction(action: $0.action, priority: $0.priority, reason: $0.reason, priorityReason: $0.priorityReason)
            },
            hasOpenComplaint: analysis.hasOpenComplaint,
            doNotContact: analysis.doNotContact)
    }
}
