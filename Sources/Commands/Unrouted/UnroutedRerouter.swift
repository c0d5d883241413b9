import Domain
import EventStore

/// Re-routes kept inputs when a store is registered or updated (CDP.md §8: "the store's
/// registration re-evaluates the unrouted inputs it now owns; each re-routed input is
/// recorded once, idempotently").
///
/// Every kept input not yet re-routed that names one of the store's numbers, its account, a
/// tracking id or a lead sender goes, in log order, through the handler a fresh input goes
/// through (`handle(bytes, rerouting:)`: the same parse, store resolution and decisions), so
/// its events carry their original occurredAt — a STOP sent before the number was registered
/// makes the contact Do-Not-Contact from the moment it was sent. What it routes is appended
/// in one atomic batch with its `input.rerouted` (keyed by the kept input), so a crash leaves
/// an input either kept or re-routed, and a second registration finds nothing to do; when two
/// race, the loser's batch is all duplicates. An input whose store is still not decided (the
/// account has several stores and the number is not the new store's) stays kept.
///
/// Thread-safe: holds only thread-safe references.
public struct UnroutedRerouter: Sendable {
    public let inputs: UnroutedInputs
    let messages: RingCentralMessageHandler
    let calls: RingCentralCallHandler
    let leads: LeadEmailHandler

    init(inputs: UnroutedInputs, messages: RingCentralMessageHandler, calls: RingCentralCallHandler, leads: LeadEmailHandler) {
        self.inputs = inputs
        self.messages = messages
        self.calls = calls
        self.leads = leads
    }

    /// One kept input's fate: re-routed (the outcome of its handler, with `input.rerouted`),
    /// or left kept and why.
    struct Result {
        var input: UnroutedInput
        var outcome: CommandOutcome?
        var keptBecause: String?
    }

    /// Re-routes what `profile` may own; `at` stamps the `input.rerouted` events.
    func reroute(for profile: StoreProfile, at: Timestamp) async throws(CommandError) -> [Result] {
        var results: [Result] = []
        for input in try inputs.pending(for: profile) {
            let rerouting = Rerouting(input: input, at: at)
            let payload = try inputs.payload(of: input)
            let bytes = payload.inputBytes
            do {
                let outcome: CommandOutcome
                switch payload.kind {
                case .ringCentralMessage, .ringCentralOptOut:
                    outcome = try await messages.handle(bytes, rerouting: rerouting)
                case .ringCentralCall:
                    outcome = try await calls.handle(bytes, rerouting: rerouting)
                case .leadEmail:
                    outcome = try await leads.handle(bytes, internalDate: payload.internalDate, actor: input.actor, rerouting: rerouting)
                }
                results.append(Result(input: input, outcome: outcome))
            } catch let error where error.isUserError {
                // Still no store, or the kept bytes no longer pass today's validation: it stays
                // kept and listed for people to handle.
                results.append(Result(input: input, keptBecause: error.reason))
            }
        }
        try inputs.catchUp()
        return results
    }
}

extension UnroutedRerouter.Result {
    /// The line a store registration's outcome carries about it.
    var note: String {
        let what = "\(input.payload.kind.rawValue) \(input.payload.sourceId) (input.unrouted at \(input.position))"
        guard let outcome else { return "kept \(what): \(keptBecause ?? "")" }
        let routed = outcome.events.filter { $0.type != .inputRerouted }
        let positions = routed.map { "\($0.type.rawValue) \($0.position)\($0.deduplicated ? " (already recorded)" : "")" }
        return "re-routed \(what): " + (positions.isEmpty ? "nothing new to record" : positions.joined(separator: ", "))
    }
}
