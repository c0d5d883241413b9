import EventStore

/// Either AI analysis, told apart by its key (`callId` → call, `phone` → contact), for inputs
/// that may hold both (`contactledger ingest analysis FILE.json...`). The HTTP routes know
/// the kind and call `call` or `contact` directly.
///
/// Thread-safe: holds only thread-safe handlers.
public struct AnalysisHandler: Sendable {
    public let call: CallAnalysisHandler
    public let contact: ContactAnalysisHandler

    public init(call: CallAnalysisHandler, contact: ContactAnalysisHandler) {
        self.call = call
        self.contact = contact
    }

    public func handle(_ bytes: [UInt8]) async throws(CommandError) -> CommandOutcome {
        let result = try CommandError.parsing { () throws(IntakeError) in try AnalysisParser.parse(bytes) }
        switch result {
        case .call(let analysis): return try await call.handle(analysis)
        case .contact(let analysis): return try await contact.handle(analysis)
        }
    }
}
