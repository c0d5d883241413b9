import Domain
import EventStore

extension CallLogged {
    /// The `call.logged` payload of a parsed call-log record in its resolved store. Phones on
    /// the parties stay as RingCentral sent them; `customerPhone` is the normalised far side
    /// (absent for an internal extension or a withheld caller). `result` is kept verbatim,
    /// also when it is not one of the documented values (API.md).
    init(ringCentral call: RingCentralCall, store: StoreProfile) throws(CommandError) {
        let (callId, account) = try Self.identity(of: call)
        let recording = try call.recording.map { recording throws(CommandError) in
            CallRecording(
                id: try checked(call.shape.path("recording.id")) { () throws(DomainError) in try SourceID(recording.id).rawValue },
                uri: recording.uri, type: recording.type, contentUri: recording.contentUri)
        }
        self.init(
            callId: callId,
            sessionId: call.sessionId,
            telephonySessionId: call.telephonySessionId,
            storeId: store.storeId,
            franchiseId: store.franchiseId,
            accountId: account ?? store.accountId,
            startTime: call.startTime.date,
            durationSeconds: call.durationSeconds,
            callType: call.type?.rawValue,
            direction: call.direction,
            action: call.action,
            result: call.result?.rawValue ?? "Unknown",
            reason: call.reason,
            from: call.from.map(CallParty.init(ringCentral:)) ?? CallParty(),
            to: call.to.map(CallParty.init(ringCentral:)) ?? CallParty(),
            customerPhone: call.customerPhone,
            recording: recording)
    }
}

extension CallLogged {
    /// The ids a call is validated by before its store is known (and its recording id).
    static func identity(of call: RingCentralCall) throws(CommandError) -> (callId: RingCentralID, accountId: AccountID?) {
        let account = try call.accountId.map { raw throws(CommandError) in
            try checked("_account_id") { () throws(DomainError) in try AccountID(raw, field: "_account_id") }
        }
        _ = try call.recording.map { recording throws(CommandError) in
            try checked(call.shape.path("recording.id")) { () throws(DomainError) in try SourceID(recording.id) }
        }
        return (try checked(call.shape.path("id")) { () throws(DomainError) in try RingCentralID(call.id) }, account)
    }
}

extension CallParty {
    init(ringCentral party: RingCentralCallParty) {
        self.init(
            phoneNumber: party.phoneNumber, extensionNumber: party.extensionNumber, name: party.name,
            location: party.location)
    }
}
