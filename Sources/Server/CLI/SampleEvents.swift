import Domain
import EventStore

/// Realistic sample history for `contactledger smoke`: web leads arriving by email, the
/// store texting and calling them back, some replies and voicemails — the shapes of
/// EVENTS.md's `lead.received`, `message.logged` and `call.logged`, with payload fields from
/// the RingCentral and lead-email fixtures. One lead's events form one batch.
///
/// Deterministic for a given `runID`: ids and keys derive from it, so a rerun of the same
/// run deduplicates, and a new run appends new events.
struct SampleEvents {
    struct Store {
        var storeId: String
        var name: String
        var accountId: String
        var trackingId: String
        var phone: String
        var areaCode: String
    }

    static let stores = [
        Store(storeId: "c3a1e2d4-7b6f-4a59-8e21-0d9c8b7a6f51", name: "Orangetheory Fitness Tampa Westshore",
              accountId: "204471833", trackingId: "ot1187", phone: "+18135550177", areaCode: "813"),
        Store(storeId: "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", name: "Orangetheory Fitness Moss Beach",
              accountId: "193365026", trackingId: "ot0423", phone: "+16505550142", areaCode: "650"),
    ]
    static let firstNames = ["Dana", "Marcus", "Priya", "Luis", "Hannah", "Kwame", "Sofia", "Ethan", "Mei", "Grace", "Omar", "Riley"]
    static let lastNames = ["Whitfield", "Okafor", "Raman", "Delgado", "Berg", "Mensah", "Rossi", "Clark", "Chen", "Novak", "Haddad", "Quinn"]
    static let leadTypes = ["Web Lead", "Online Intro", "Class Booking"]
    static let callResults = ["Accepted", "No Answer", "Voicemail", "Busy"]

    let runID: UInt64
    /// µs since the epoch; the first lead arrives here, the next ones minutes apart.
    let startMicros: Int64

    /// One batch per lead, 3 to 6 events each.
    func batches(leads: Int) -> [[ProposedEvent]] {
        (0..<leads).map(lead)
    }

    private func lead(_ i: Int) -> [ProposedEvent] {
        let store = Self.stores[i % Self.stores.count]
        let first = Self.firstNames[i % Self.firstNames.count]
        let last = Self.lastNames[(i / Self.firstNames.count + i) % Self.lastNames.count]
        let suffix = String(1000 + (Int(runID % 7919) * 31 + i * 97) % 9000)
        let phone = "+1\(store.areaCode)555\(suffix)"
        let email = "\(first.lowercased()).\(last.lowercased())\(i)@example.com"
        let received = startMicros + Int64(i) * 7 * 60_000_000
        let leadId = "\(email)#\(phone)#\(ISOTime.microsecondString(Timestamp(microsecondsSinceEpoch: received)).prefix(10))#\(runID)"
        let contact = "contact/\(store.storeId)/\(phone)"
        var events: [ProposedEvent] = []
        func add(_ type: String, stream: String, key: String, at: Int64, actor: Actor, _ payload: String) {
            events.append(ProposedEvent(
                id: Self.eventID(key), type: type, stream: stream, storeId: store.storeId,
                occurredAt: Timestamp(microsecondsSinceEpoch: at), idempotencyKey: key, actor: actor,
                payload: Array(payload.utf8)))
        }
        func time(_ micros: Int64) -> String { ISOTime.microsecondString(Timestamp(microsecondsSinceEpoch: micros)) }

        add("lead.received", stream: "lead/\(leadId)", key: "lead.received:\(leadId)", at: received, actor: Actor(type: "imap-poller"),
            #"{"leadId":"\#(leadId)","leadType":"\#(Self.leadTypes[i % 3])","firstName":"\#(first)","lastName":"\#(last)","#
                + #""phone":"\#(phone)","leadEmail":"\#(email)","franchiseId":"orangeTheory","accountId":"\#(store.accountId)","#
                + #""storeId":"\#(store.storeId)","trackingId":"\#(store.trackingId)","recipient":"lead-tracking+\#(store.trackingId)@example.com","#
                + #""subject":"New \#(Self.leadTypes[i % 3]) from \#(first) \#(last)","receivedAt":"\#(time(received))"}"#)

        let textAt = received + 90_000_000
        let messageId = "\(runID)\(String(i * 3 + 1))"
        add("message.logged", stream: contact, key: "message.logged:\(messageId)", at: textAt, actor: Actor(type: "ringcentral"),
            #"{"id":"\#(messageId)","type":"SMS","direction":"Outbound","from":{"phoneNumber":"\#(store.phone)","name":"\#(store.name)"},"#
                + #""to":[{"phoneNumber":"\#(phone)","name":"\#(first) \#(last)"}],"subject":"Hi \#(first)! Thanks for your interest in \#(store.name). "#
                + #"Want to book a free intro class this week?","messageStatus":"Delivered","readStatus":"Read","#
                + #""creationTime":"\#(time(textAt))","lastModifiedTime":"\#(time(textAt))","_account_id":"\#(store.accountId)"}"#)

        let callAt = received + 4 * 60_000_000
        let result = Self.callResults[(i / 2) % Self.callResults.count]
        let callId = "C\(runID)x\(i)"
        add("call.logged", stream: contact, key: "call.logged:\(callId)", at: callAt, actor: Actor(type: "ringcentral"),
            #"{"id":"\#(callId)","sessionId":"\#(runID % 100_000_000_000)\#(i)","startTime":"\#(time(callAt))","#
                + #""duration":\#(result == "Accepted" ? 95 + i % 300 : 0),"type":"Voice","direction":"Outbound","action":"VoIP Call","#
                + #""result":"\#(result)","from":{"phoneNumber":"\#(store.phone)","name":"\#(store.name)"},"#
                + #""to":{"phoneNumber":"\#(phone)"},"recording":\#(result == "Accepted"),"_account_id":"\#(store.accountId)"}"#)

        if i % 2 == 0 {
            let replyAt = received + 11 * 60_000_000
            let replyId = "\(runID)\(String(i * 3 + 2))"
            let text = i % 10 == 0 ? "STOP" : "Yes please, Thursday 6am works for me"
            add("message.logged", stream: contact, key: "message.logged:\(replyId)", at: replyAt, actor: Actor(type: "ringcentral"),
                #"{"id":"\#(replyId)","type":"SMS","direction":"Inbound","from":{"phoneNumber":"\#(phone)"},"#
                    + #""to":[{"phoneNumber":"\#(store.phone)","name":"\#(store.name)"}],"subject":"\#(text)","#
                    + #""messageStatus":"Received","readStatus":"Unread","creationTime":"\#(time(replyAt))","#
                    + #""lastModifiedTime":"\#(time(replyAt))","_account_id":"\#(store.accountId)"}"#)
        }
        if result != "Accepted" && i % 3 == 0 {
            let voicemailAt = received + 26 * 60_000_000
            let voicemailId = "\(runID)\(String(i * 3 + 3))"
            add("message.logged", stream: contact, key: "message.logged:\(voicemailId)", at: voicemailAt, actor: Actor(type: "ringcentral"),
                #"{"id":"\#(voicemailId)","type":"VoiceMail","direction":"Inbound","from":{"phoneNumber":"\#(phone)"},"#
                    + #""to":[{"name":"\#(store.name)"}],"vmTranscriptionStatus":"Completed","messageStatus":"Received","#
                    + #""creationTime":"\#(time(voicemailAt))","attachments":[{"type":"AudioRecording","contentType":"audio/mpeg","vmDuration":\#(18 + i % 40)}],"#
                    + #""_account_id":"\#(store.accountId)"}"#)
        }
        return events
    }

    /// A name-based id: the same key always gives the same UUID (EVENTS.md: ids derived from
    /// events are deterministic), laid out as an RFC 9562 version-8 UUID.
    static func eventID(_ key: String) -> EventID {
        func fnv1a(_ seed: UInt64) -> UInt64 {
            var hash = seed
            for byte in key.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01B3
            }
            // Finalise (splitmix64) so that similar keys differ in every bit.
            hash ^= hash >> 30; hash = hash &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 27; hash = hash &* 0x94D0_49BB_1331_11EB
            return hash ^ (hash >> 31)
        }
        let high = (fnv1a(0xCBF2_9CE4_8422_2325) & ~0xF000) | 0x8000
        let low = (fnv1a(0x84222325_CBF29CE4) & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return EventID(high: high, low: low)
    }
}
