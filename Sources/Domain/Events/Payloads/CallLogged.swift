import Foundation

/// One side of a call (INTAKE.md from/to {phoneNumber, extensionNumber, name, location}),
/// `phoneNumber` raw as received.
public struct CallParty: Codable, Hashable, Sendable {
    public var phoneNumber: String?
    public var extensionNumber: String?
    public var name: String?
    public var location: String?

    public init(phoneNumber: String? = nil, extensionNumber: String? = nil, name: String? = nil, location: String? = nil) {
        self.phoneNumber = Text.clean(phoneNumber)
        self.extensionNumber = Text.clean(extensionNumber)
        self.name = Text.clean(name)
        self.location = Text.clean(location)
    }
}

/// A call recording reference.
public struct CallRecording: Codable, Hashable, Sendable {
    public var id: String
    public var uri: String?
    public var type: String?
    public var contentUri: String?

    public init(id: String, uri: String? = nil, type: String? = nil, contentUri: String? = nil) {
        self.id = id
        self.uri = Text.clean(uri)
        self.type = Text.clean(type)
        self.contentUri = Text.clean(contentUri)
    }
}

/// `call.logged`: a RingCentral call-log record (PRODUCT.md "Calls", INTAKE.md). Stream
/// `contact/<storeId>/<customerPhone>`, or `call/<rcCallId>` when the customer side is an
/// internal extension; key `call.logged:<rcCallId>`; actor `ringcentral`; occurredAt =
/// startTime. Outbound calls are what the TCPA audit checks.
public struct CallLogged: EventPayload {
    public static var eventType: EventType { .callLogged }

    public var callId: RingCentralID
    public var sessionId: String?
    public var telephonySessionId: String?
    public var storeId: StoreID
    public var franchiseId: FranchiseID?
    public var accountId: AccountID?
    public var startTime: Date
    public var durationSeconds: Int
    /// `Voice` / `Fax`.
    public var callType: String?
    public var direction: Direction
    public var action: String?
    /// Open set: Accepted, Call connected, Missed, Voicemail, No Answer, Hang Up, Busy, …
    public var result: String
    public var reason: String?
    public var from: CallParty
    public var to: CallParty
    /// The customer side (inbound: from; outbound: to), E.164; nil for an internal extension.
    public var customerPhone: PhoneNumber?
    public var recording: CallRecording?

    public init(
        callId: RingCentralID, sessionId: String? = nil, telephonySessionId: String? = nil, storeId: StoreID,
        franchiseId: FranchiseID? = nil, accountId: AccountID? = nil, startTime: Date, durationSeconds: Int,
        callType: String? = nil, direction: Direction, action: String? = nil, result: String, reason: String? = nil,
        from: CallParty, to: CallParty, customerPhone: PhoneNumber?, recording: CallRecording? = nil
    ) {
        self.callId = callId
        self.sessionId = Text.clean(sessionId)
        self.telephonySessionId = Text.clean(telephonySessionId)
        self.storeId = storeId
        self.franchiseId = franchiseId
        self.accountId = accountId
        self.startTime = startTime
        self.durationSeconds = max(0, durationSeconds)
        self.callType = Text.clean(callType)
        self.direction = direction
        self.action = Text.clean(action)
        self.result = Text.clean(result) ?? "Unknown"
        self.reason = Text.clean(reason)
        self.from = from
        self.to = to
        self.customerPhone = customerPhone
        self.recording = recording
    }

    public var hasRecording: Bool { recording != nil }

    public var stream: String { Streams.contactOrCall(store: storeId, phone: customerPhone, rcCallId: callId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.callLogged(callId) }
    public var sourceOccurredAt: Date? { startTime }
    public var domainPayload: DomainPayload { .callLogged(self) }
}

/// `call.analyzed`: the per-call AI analysis (INTAKE.md `POST /v1/ingest/analysis/call`).
/// Fills names on the contact (fill only) and gives the call its callState. Stream: the
/// call's contact stream (`storeId` and `customerPhone` are copied from the `call.logged`
/// by the handler), else `call/<rcCallId>`; key `call.analyzed:<rcCallId>:<analysisId>`;
/// actor `ai`; occurredAt = analyzedAt.
public struct CallAnalyzed: EventPayload {
    public static var eventType: EventType { .callAnalyzed }

    public var analysisId: AnalysisID
    public var callId: RingCentralID
    public var storeId: StoreID?
    public var customerPhone: PhoneNumber?
    public var callState: CallState
    public var firstName: String?
    public var lastName: String?
    public var summary: String?
    public var analyzedAt: Date

    public init(
        analysisId: AnalysisID, callId: RingCentralID, storeId: StoreID?, customerPhone: PhoneNumber?, callState: CallState,
        firstName: String? = nil, lastName: String? = nil, summary: String? = nil, analyzedAt: Date
    ) {
        self.analysisId = analysisId
        self.callId = callId
        self.storeId = storeId
        self.customerPhone = customerPhone
        self.callState = callState
        self.firstName = Text.clean(firstName)
        self.lastName = Text.clean(lastName)
        self.summary = Text.clean(summary)
        self.analyzedAt = analyzedAt
    }

    public var stream: String { Streams.contactOrCall(store: storeId, phone: customerPhone, rcCallId: callId) }
    public var isolationStoreId: StoreID? { storeId }
    public var sourceIdempotencyKey: String? { IdempotencyKeys.callAnalyzed(callId, analysisId: analysisId) }
    public var sourceOccurredAt: Date? { analyzedAt }
    public var domainPayload: DomainPayload { .callAnalyzed(self) }
}
