import Domain
import EventStore
import Foundation

extension HistoryGenerator {
    /// One canonical payload per kind, with placeholders, checked to decode after patching.
    static func prototypes() throws -> [String: Prototype] {
        let store = try StoreID(storePH)
        let phone = PhoneNumber(phonePH)!
        let id = try SourceID(idPH)
        let time = ISOTime.parse(timePH)!
        let staffParty = CallParty(extensionNumber: "101", name: "Front Desk")
        let storeNumber = MessageParty(phoneNumber: "+16505550142", name: "Orangetheory")
        func message(_ direction: Direction, _ text: String) -> MessageLogged {
            MessageLogged(
                messageId: id, conversationId: "4471828", storeId: store, franchiseId: try? FranchiseID("orangeTheory"),
                accountId: try? AccountID("193365026"), messageType: .sms, direction: direction,
                from: direction == .outbound ? storeNumber : MessageParty(phoneNumber: phonePH),
                to: [direction == .outbound ? MessageParty(phoneNumber: phonePH) : storeNumber], customerPhone: phone, subject: text,
                creationTime: time, lastModifiedTime: time, messageStatus: direction == .outbound ? .sent : .received, readStatus: .read)
        }
        func call(_ direction: Direction) -> CallLogged {
            CallLogged(
                callId: id, sessionId: "s-1", storeId: store, franchiseId: try? FranchiseID("orangeTheory"), accountId: try? AccountID("193365026"),
                startTime: time, durationSeconds: 94, callType: "Voice", direction: direction, action: "VoIP Call",
                result: direction == .outbound ? "Call connected" : "Accepted", from: direction == .outbound ? staffParty : CallParty(phoneNumber: phonePH),
                to: direction == .outbound ? CallParty(phoneNumber: phonePH) : staffParty, customerPhone: phone)
        }
        let body = String(repeating: "Hi, I'd like to try a class this week. Mornings work best for me. ", count: 8)
        let lead = LeadReceived(
            leadId: try LeadID(idPH), storeId: store, franchiseId: try FranchiseID("orangeTheory"), accountId: try AccountID("193365026"),
            leadType: "Web Lead", firstName: "Dana", lastName: "Whitfield", phone: phone, email: try EmailAddress("dana@example.com"),
            subject: "New Web Lead", from: "Booking System <leads@booking.example.com>", recipient: "lead-tracking+ot0423@example.org",
            rawBody: body, receivedAt: time)
        let task = try TaskID(taskPH)
        let staff = try EventActor.staff(userId: "u-17")
        let taskCreated = TaskCreated(
            taskId: task, storeId: store, contactPhone: phone, taskType: .followUp, sourceType: .manual, priority: .medium,
            actionNeeded: true, actionNeededReason: "call back about membership", suggestedActions: [], dueAt: time, createdAt: time)
        let request = try RequestID(idPH)
        let kinds: [String: (DomainEvent, String, StreamKind)] = [
            "lead": (DomainEvent(lead, actor: .imapPoller), "lead.received:", .lead),
            "smsOut": (DomainEvent(message(.outbound, "See you at 6am tomorrow! Reply STOP to opt out."), actor: .ringcentral), "message.logged:", .contact),
            "smsIn": (DomainEvent(message(.inbound, "Can I move my class to Thursday?"), actor: .ringcentral), "message.logged:", .contact),
            "optOutSMS": (DomainEvent(message(.inbound, "STOP"), actor: .ringcentral), "message.logged:", .contact),
            "optInSMS": (DomainEvent(message(.inbound, "START"), actor: .ringcentral), "message.logged:", .contact),
            "smsUpdated": (DomainEvent(MessageUpdated(messageId: id, storeId: store, customerPhone: phone, lastModifiedTime: time, messageStatus: .delivered), actor: .ringcentral), "message.updated:", .contact),
            "callOut": (DomainEvent(call(.outbound), actor: .ringcentral), "call.logged:", .contact),
            "callIn": (DomainEvent(call(.inbound), actor: .ringcentral), "call.logged:", .contact),
            "callAnalyzed": (DomainEvent(CallAnalyzed(analysisId: id, callId: id, storeId: store, customerPhone: phone, callState: .humanConversation, firstName: "Dana", summary: "Asked about class times.", analyzedAt: time), actor: .ai), "call.analyzed:", .contact),
            "contactAnalyzed": (DomainEvent(ContactAnalyzed(analysisId: id, storeId: store, phone: phone, analyzedAt: time, leadStatus: .connected, customerSummary: "Interested in mornings.", actionNeeded: true), actor: .ai), "contact.analyzed:", .contact),
            "contactAnalyzedDNC": (DomainEvent(ContactAnalyzed(analysisId: id, storeId: store, phone: phone, analyzedAt: time, leadStatus: .notInterested, doNotContact: true), actor: .ai), "contact.analyzed:", .contact),
            "contactAnalyzedClear": (DomainEvent(ContactAnalyzed(analysisId: id, storeId: store, phone: phone, analyzedAt: time, leadStatus: .connected, doNotContact: false), actor: .ai), "contact.analyzed:", .contact),
            "optOut": (DomainEvent(ContactOptedOut(storeId: store, phone: phone, messageId: id, keyword: "STOP", receivedAt: time), actor: .system), "contact.opted_out:", .contact),
            "optIn": (DomainEvent(ContactOptedIn(storeId: store, phone: phone, messageId: id, keyword: "START", receivedAt: time), actor: .system), "contact.opted_in:", .contact),
            "staffDNC": (DomainEvent(ContactDNCSet(storeId: store, phone: phone, reason: "asked not to be called"), requestId: request, actor: staff, occurredAt: Timestamp(time)), "contact.dnc_set:", .contact),
            "staffClear": (DomainEvent(ContactDNCCleared(storeId: store, phone: phone, reason: "customer asked to be called"), requestId: request, actor: staff, occurredAt: Timestamp(time)), "contact.dnc_cleared:", .contact),
            "taskCreated": (DomainEvent(taskCreated, requestId: request, actor: staff, occurredAt: Timestamp(time)), "task.created:", .task),
            "taskCompleted": (DomainEvent(TaskCompleted(taskId: task, storeId: store, completedAt: time), requestId: request, actor: staff, occurredAt: Timestamp(time)), "task.completed:", .task),
        ]
        var result: [String: Prototype] = [:]
        for (name, (event, keyPrefix, streamKind)) in kinds {
            let proposed = event.proposed()
            let p = Prototype(
                type: proposed.type, payload: proposed.payload, actor: proposed.actor,
                storeOffsets: offsets(of: storePH, in: proposed.payload), phoneOffsets: offsets(of: phonePH, in: proposed.payload),
                idOffsets: offsets(of: idPH, in: proposed.payload), timeOffsets: offsets(of: timePH, in: proposed.payload),
                keyPrefix: keyPrefix, streamKind: streamKind)
            let sample = instantiate(p, store: "5b0f3c1e-8d4a-4c3e-9a1b-000000000001", phone: "+14155550123", id: 42,
                                     time: ISOTime.parseTimestamp("2025-05-05T17:00:00Z")!.microsecondsSinceEpoch)
            _ = try DomainEvent(proposed: sample)  // throws if the patched payload is not valid
            result[name] = p
        }
        return result
    }

    static func offsets(of placeholder: String, in payload: [UInt8]) -> [Int] {
        let needle = Array(placeholder.utf8)
        var found: [Int] = []
        var start = 0
        while let range = payload[start...].firstRange(of: needle) {
            found.append(range.lowerBound)
            start = range.upperBound
        }
        return found
    }
}
