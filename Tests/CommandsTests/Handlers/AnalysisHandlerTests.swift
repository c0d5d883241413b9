import Domain
import EventStore
import Testing

@testable import Commands

/// AI analyses: a call analysis lands on its call's stream (found through the `CallIndex`);
/// unknown calls and stores are 404s; enum values outside the sets are named.
@Suite struct AnalysisHandlerTests {
    typealias H = HandlerHarness

    static func callAnalysis(id: String, callId: String, storeId: String? = nil, state: String = "voicemail") -> [UInt8] {
        let store = storeId.map { #", "storeId": "\#($0)""# } ?? ""
        return Array(
            #"{"analysisId": "\#(id)", "callId": "\#(callId)", "callState": "\#(state)", "analyzedAt": "2026-03-12T17:05:00Z"\#(store)}"#
                .utf8)
    }

    @Test func analysisOfAnExtensionOnlyCallGoesToTheCallsStream() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralCall.handle(try F.authored("c05-outbound-to-extension-only.json"))
            let outcome = try await h.handlers.analysis.handle(Self.callAnalysis(id: "a1", callId: "Ca05Ext0000005"))
            #expect(outcome.events.map(\.stream) == ["call/Ca05Ext0000005"])
            guard case .callAnalyzed(let analyzed) = try h.recorded(at: outcome.position).payload else { Issue.record(); return }
            #expect(analyzed.storeId == H.mossBeach)
            #expect(analyzed.customerPhone == nil)
            #expect(analyzed.callState == .voicemail)
        }
    }

    @Test func callLoggedAfterTheIndexWasBuiltIsFoundByCatchingUp() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralCall.handle(try F.shared("calls/outbound-connected.json"))
            _ = try await h.handlers.analysis.handle(try F.shared("analysis/call-analysis.json"))  // builds the index
            _ = try await h.handlers.ringCentralCall.handle(try F.shared("calls/inbound-accepted.json"))
            let outcome = try await h.handlers.analysis.handle(Self.callAnalysis(id: "a2", callId: "Q8d1Lm3vTr7wZB"))
            #expect(outcome.ids["customerPhone"] == "+14155550164")
        }
    }

    @Test func analysisOfAnUnknownCallIsNotFoundAndNothingIsAppended() async throws {
        try await H.with { h in
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.analysis.handle(F.sharedOrFail("analysis/call-analysis.json"))
            }
            #expect(error?.code == .notFound)
            #expect(error?.field == "callId")
        }
    }

    @Test func analysisNamingAnotherStoreThanTheCallsIsNotFound() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralCall.handle(try F.shared("calls/outbound-connected.json"))
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.analysis.handle(Self.callAnalysis(id: "a1", callId: "Y3s4Bq9xKf2mPA", storeId: H.tampa.rawValue))
            }
            #expect(error?.code == .notFound)
            #expect(error?.field == "callId")
        }
    }

    @Test func callStateOutsideTheSetIsNamed() async throws {
        try await H.with { h in
            _ = try await h.handlers.ringCentralCall.handle(try F.shared("calls/outbound-connected.json"))
            let error = await h.refusal { () async throws(CommandError) in
                try await h.handlers.analysis.handle(Self.callAnalysis(id: "a1", callId: "Y3s4Bq9xKf2mPA", state: "ghosted"))
            }
            #expect(error?.field == "callState")
            #expect(error?.code == .invalidField)
        }
    }

    @Test func contactAnalysisIsMappedToDomainValues() async throws {
        try await H.with { h in
            let outcome = try await h.handlers.analysis.handle(try F.shared("analysis/contact-analysis.json"))
            let event = try h.recorded(at: outcome.position)
            #expect(event.actor == .ai)
            #expect(event.stream == Streams.contact(store: H.mossBeach, phone: H.dana))
            guard case .contactAnalyzed(let analyzed) = event.payload else { Issue.record(); return }
            #expect(analyzed.leadStatus == .connected)
            #expect(analyzed.purchaseIntent == .high)
            #expect(analyzed.highestPriority == .high)
            #expect(analyzed.leadObjections == ["price", "schedule"])
            #expect(analyzed.goals?.first?.goal == "lose weight before summer")
            #expect(outcome.ids == ["storeId": H.mossBeach.rawValue, "phone": H.dana.e164, "analysisId": "ca-2026-03-02-0001"])
        }
    }

    @Test(arguments: [
        (#""leadStatus": "maybe""#, "leadStatus"),
        (#""lifecycleStage": "prospect""#, "lifecycleStage"),
        (#""purchaseIntent": 3"#, "purchaseIntent"),
        (#""suggestedActions": [{"action": "Call", "priority": "urgent"}]"#, "suggestedActions[0].priority"),
        (#""doNotContact": "yes""#, "doNotContact"),
    ])
    func contactAnalysisWithAValueOutsideItsSetIsNamed(member: String, field: String) async throws {
        try await H.with { h in
            let bytes = Array(
                #"{"analysisId": "ca-9", "storeId": "\#(H.mossBeach)", "phone": "+14155550123", "analyzedAt": "2026-03-02T17:15:00Z", \#(member)}"#
                    .utf8)
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.analysis.handle(bytes) }
            #expect(error?.field == field, "\(error.map(String.init(describing:)) ?? "no error")")
        }
    }

    @Test func contactAnalysisForAnUnregisteredStoreIsNotFound() async throws {
        try await H.with { h in
            let bytes = Array(
                #"{"analysisId": "ca-9", "storeId": "00000000-0000-4000-8000-000000000000", "phone": "+14155550123", "analyzedAt": "2026-03-02T17:15:00Z"}"#
                    .utf8)
            let error = await h.refusal { () async throws(CommandError) in try await h.handlers.analysis.handle(bytes) }
            #expect(error?.code == .notFound)
            #expect(error?.field == "storeId")
        }
    }
}

extension RingCentralTestFixtures {
    /// `shared(_:)` for use inside a typed-throws closure (a missing fixture is a test bug).
    static func sharedOrFail(_ path: String) -> [UInt8] {
        do { return try shared(path) } catch { preconditionFailure("fixture \(path): \(error)") }
    }
}
