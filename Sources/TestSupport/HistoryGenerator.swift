import Domain
import EventStore
import Foundation
import TestSupport

/// A seeded, realistic event history for projection tests: three stores in three zones,
/// leads (with and without phones, redeliveries, mapping updates), SMS in both directions
/// with late deliveries (event times earlier than events already recorded), status updates,
/// short codes, STOP/START, calls and their analyses (some analyses before their call),
/// contact analyses (AI DNC set and clear attempts), staff notes, DNC, complaints,
/// conversions, manual tasks and task actions (on lead tasks too), merges and lead cooling.
/// Used by the projection tests and tools/bench/ProjectionBench.
/// Events are built as payloads (the log is the projections' only input); redeliveries
/// reuse the original's key, so the store answers them as duplicates.
public struct HistoryGenerator {
    public var random: SplitMix64
    public private(set) var time: Date
    private var phones: [(StoreID, PhoneNumber)] = []
    private var leads: [(LeadReceived, EventActor)] = []
    private var messages: [MessageLogged] = []
    private var calls: [CallLogged] = []
    private var tasks: [(TaskID, StoreID)] = []
    private var counter = 0
    public let stores: [StoreProfile]

    public init(seed: UInt64, contactsPerStore: Int = 400) {
        random = SplitMix64(seed: seed)
        time = Date(timeIntervalSince1970: 1_772_409_600)  // 2026-03-02T00:00:00Z
        let zones = [("America/Los_Angeles", "415"), ("America/New_York", "212"), ("America/Chicago", "312")]
        stores = zones.enumerated().map { index, zone in
            try! StoreProfile(
                storeId: StoreID(String(format: "00000000-0000-4000-8000-%012d", index + 1)), name: "Store \(index + 1)",
                franchiseId: FranchiseID("orangeTheory"), accountId: AccountID("acct\(index + 1)"),
                timeZone: StoreTimeZone(zone.0))
        }
        for (index, store) in stores.enumerated() {
            for n in 0..<contactsPerStore {
                let areaCode = zones[index].1
                phones.append((store.storeId, PhoneNumber("+1\(areaCode)55\(String(format: "%05d", n))")!))
            }
        }
    }

    /// The store registrations, first.
    public mutating func registrations() -> [DomainEvent] {
        stores.map { DomainEvent(StoreRegistered(profile: $0), actor: .system, occurredAt: Timestamp(time)) }
    }

    /// The next batch of 1–`sizeMax` events.
    public mutating func next(sizeMax: Int = 40) -> [DomainEvent] {
        let count = Int.random(in: 1...sizeMax, using: &random)
        return (0..<count).flatMap { _ in nextEvent() }
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    private mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
    private mutating func id(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }
    private func store(_ id: StoreID) -> StoreProfile { stores.first { $0.storeId == id }! }

    private mutating func nextEvent() -> [DomainEvent] {
        time = time.addingTimeInterval(Double(Int.random(in: 1...300, using: &random)))
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<12: return lead()
        case 12..<15: return redelivery()
        case 15..<40: return message()
        case 40..<45: return messageUpdate()
        case 45..<60: return call()
        case 60..<68: return callAnalysis()
        case 68..<78: return contactAnalysis()
        case 78..<88: return staffContactAction()
        case 88..<96: return taskAction()
        case 96..<98: return cooling()
        default: return merge()
        }
    }

    private mutating func lead() -> [DomainEvent] {
        let (storeId, phone) = pick(phones)
        let profile = store(storeId)
        let names = [("Dana", "Whitfield"), ("Marisol", "Peña"), ("Jordan", "Alvarez"), ("Zoë", "Brontë"), ("Sam", "Lee")]
        let (first, last) = pick(names)
        let hasPhone = !chance(5)
        let routable = !chance(5)
        let email = try! EmailAddress("\(id("lead"))@example.com")
        let lead = LeadReceived(
            leadId: LeadID.derive(email: email, phone: hasPhone ? phone : nil, receivedAt: time),
            storeId: routable ? storeId : nil, franchiseId: routable ? profile.franchiseId : nil,
            accountId: routable ? profile.accountId : nil, leadType: pick(["Web Lead", "Online Intro", "Class Pass"]),
            firstName: chance(90) ? first : nil, lastName: chance(80) ? last : nil, phone: hasPhone ? phone : nil,
            email: email, subject: "New lead", from: "leads@booking.example.com", recipient: "frontdesk@example.org",
            rawBody: "Name: \(first) \(last)", receivedAt: time)
        leads.append((lead, .imapPoller))
        return [DomainEvent(lead, actor: .imapPoller)]
    }

    private mutating func redelivery() -> [DomainEvent] {
        guard !leads.isEmpty else { return lead() }
        let (original, actor) = pick(leads)
        if chance(50) { return [DomainEvent(original, actor: actor)] }  // exact: a duplicate
        let update = LeadUpdated(
            leadId: original.leadId, leadType: "Updated \(original.leadType)", franchiseId: original.franchiseId,
            accountId: original.accountId, storeId: original.storeId, receivedAt: original.receivedAt.addingTimeInterval(60))
        return [DomainEvent(update, actor: actor)]
    }

    private mutating func message() -> [DomainEvent] {
        let (storeId, phone) = pick(phones)
        let profile = store(storeId)
        let inbound = chance(55)
        let shortCode = chance(3)
        // A late delivery: the message happened up to two days before now.
        let created = chance(10) ? time.addingTimeInterval(-Double(Int.random(in: 60...172_800, using: &random))) : time
        let text = inbound ? pick(["Hi", "STOP", "START", "What time is class?", "stop please", "unsubscribe"]) : "Reply"
        let message = MessageLogged(
            messageId: try! RingCentralID(id("m")), storeId: storeId, franchiseId: profile.franchiseId,
            accountId: profile.accountId, messageType: chance(90) ? .sms : .voiceMail,
            direction: inbound ? .inbound : .outbound, from: MessageParty(phoneNumber: inbound ? phone.e164 : "+10000000000"),
            to: [MessageParty(phoneNumber: inbound ? "+10000000000" : phone.e164)],
            customerPhone: shortCode ? nil : phone, shortCode: shortCode ? "22395" : nil, subject: text,
            creationTime: created, lastModifiedTime: created, messageStatus: .received)
        messages.append(message)
        var events = [DomainEvent(message, actor: .ringcentral)]
        guard inbound, !shortCode, message.messageType == .sms else { return events }
        let keyword = text.lowercased()
        if keyword.hasPrefix("stop") || keyword == "unsubscribe" {
            events.append(DomainEvent(
                ContactOptedOut(storeId: storeId, phone: phone, messageId: message.messageId, keyword: "STOP", receivedAt: created),
                actor: .system))
        } else if keyword == "start" {
            events.append(DomainEvent(
                ContactOptedIn(storeId: storeId, phone: phone, messageId: message.messageId, keyword: "START", receivedAt: created),
                actor: .system))
        }
        return events
    }

    private mutating func messageUpdate() -> [DomainEvent] {
        guard !messages.isEmpty else { return message() }
        let original = pick(messages)
        // The key is (message, lastModifiedTime): the same revision must carry the same fields.
        let offset = Int.random(in: 1...600, using: &random)
        let statuses: [MessageStatus] = [.delivered, .sent, .deliveryFailed]
        let update = MessageUpdated(
            messageId: original.messageId, storeId: original.storeId, customerPhone: original.customerPhone,
            lastModifiedTime: original.lastModifiedTime.addingTimeInterval(Double(offset)),
            messageStatus: statuses[offset % 3], readStatus: offset % 2 == 0 ? .read : .unread)
        return [DomainEvent(update, actor: .ringcentral)]
    }

    private mutating func call() -> [DomainEvent] {
        let (storeId, phone) = pick(phones)
        let outbound = chance(60)
        let call = CallLogged(
            callId: try! RingCentralID(id("c")), sessionId: id("s"), storeId: storeId, franchiseId: store(storeId).franchiseId,
            accountId: store(storeId).accountId, startTime: chance(8) ? time.addingTimeInterval(-7200) : time,
            durationSeconds: Int.random(in: 0...900, using: &random), direction: outbound ? .outbound : .inbound,
            result: pick(["Accepted", "Missed", "Voicemail", "Call connected", "No Answer"]),
            from: CallParty(phoneNumber: outbound ? "+10000000000" : phone.e164),
            to: CallParty(phoneNumber: outbound ? phone.e164 : "+10000000000"), customerPhone: phone)
        calls.append(call)
        return [DomainEvent(call, actor: .ringcentral)]
    }

    private mutating func callAnalysis() -> [DomainEvent] {
        if chance(10) || calls.isEmpty {
            // An analysis whose call arrives later (or never).
            let (storeId, phone) = pick(phones)
            let analysis = CallAnalyzed(
                analysisId: try! AnalysisID(id("a")), callId: try! RingCentralID("c\(counter + 3)"), storeId: storeId,
                customerPhone: phone, callState: .voicemail, analyzedAt: time)
            return [DomainEvent(analysis, actor: .ai)]
        }
        let call = pick(calls)
        let analysis = CallAnalyzed(
            analysisId: try! AnalysisID(id("a")), callId: call.callId, storeId: call.storeId, customerPhone: call.customerPhone,
            callState: pick([.humanConversation, .voicemail, .noAnswer, .busy]), firstName: chance(50) ? "Alex" : nil,
            lastName: chance(30) ? "Kim" : nil, analyzedAt: time)
        return [DomainEvent(analysis, actor: .ai)]
    }

    private mutating func contactAnalysis() -> [DomainEvent] {
        let (storeId, phone) = pick(phones)
        let priority: TaskPriority = pick([.high, .medium, .low])
        let analysis = ContactAnalyzed(
            analysisId: try! AnalysisID(id("ca")), storeId: storeId, phone: phone, analyzedAt: time,
            lifecycleStage: chance(50) ? pick([.lead, .member, .churned]) : nil,
            lifecycleState: chance(30) ? pick([.active, .frozen, .terminal]) : nil,
            leadStatus: chance(70) ? pick([.attempted, .connected, .booked, .badTiming, .notInterested, .lostContact]) : nil,
            leadStatusReason: chance(50) ? "reason \(counter)" : nil, leadObjections: chance(40) ? ["price", "time"] : nil,
            leadRejectionReasons: chance(20) ? ["moved away"] : nil, purchaseIntent: chance(50) ? pick([.high, .medium, .low]) : nil,
            goals: chance(30) ? [ContactGoal(goal: "lose weight", reason: "summer")] : nil,
            customerSummary: chance(60) ? "Summary \(counter) likes yoga" : nil, actionNeeded: chance(50),
            suggestedActions: chance(60) ? [SuggestedAction(action: "Call back", priority: priority, reason: "asked")] : nil,
            hasOpenComplaint: chance(15) ? chance(50) : nil, doNotContact: chance(8) ? chance(50) : nil)
        return [DomainEvent(analysis, actor: .ai)]
    }

    private mutating func staffContactAction() -> [DomainEvent] {
        let (storeId, phone) = pick(phones)
        let staff = try! EventActor.staff(userId: pick(["u1", "u2", "u3"]))
        let request = try! RequestID(id("r"))
        let now = Timestamp(time)
        switch Int.random(in: 0..<5, using: &random) {
        case 0:
            return [DomainEvent(ContactNotesUpdated(storeId: storeId, phone: phone, notes: "note \(counter) prefers mornings"),
                requestId: request, actor: staff, occurredAt: now)]
        case 1:
            return [DomainEvent(ContactDNCSet(storeId: storeId, phone: phone, reason: "asked"), requestId: request, actor: staff, occurredAt: now)]
        case 2:
            return [DomainEvent(ContactDNCCleared(storeId: storeId, phone: phone), requestId: request, actor: staff, occurredAt: now)]
        case 3:
            return [DomainEvent(ContactComplaintResolved(storeId: storeId, phone: phone), requestId: request, actor: staff, occurredAt: now)]
        default:
            return [DomainEvent(ContactConverted(storeId: storeId, phone: phone), requestId: request, actor: staff, occurredAt: now)]
        }
    }

    private mutating func taskAction() -> [DomainEvent] {
        let staff = try! EventActor.staff(userId: "u1")
        let now = Timestamp(time)
        if chance(30) || (tasks.isEmpty && leads.isEmpty) {
            let (storeId, phone) = pick(phones)
            let request = try! RequestID(id("t"))
            let key = IdempotencyKeys.request(.taskCreated, scope: storeId.rawValue, requestId: request)
            let taskId = DeterministicIDs.task(idempotencyKey: key)
            tasks.append((taskId, storeId))
            let task = TaskCreated(
                taskId: taskId, storeId: storeId, contactPhone: chance(90) ? phone : nil,
                taskType: pick([.followUp, .callback, .complaint, .other]), priority: pick([.high, .medium, .low]),
                dueAt: time.addingTimeInterval(3600), createdAt: time)
            return [DomainEvent(task, requestId: request, actor: staff, occurredAt: now)]
        }
        // A staff task, or a lead's outreach task (derived by the projection, not in the log).
        let (taskId, storeId): (TaskID, StoreID)
        if chance(50), !tasks.isEmpty {
            (taskId, storeId) = pick(tasks)
        } else if let (lead, _) = leads.isEmpty ? nil : pick(leads), let leadStore = lead.storeId {
            (taskId, storeId) = (DeterministicIDs.leadOutreachTask(leadId: lead.leadId), leadStore)
        } else {
            return call()
        }
        let request = try! RequestID(id("ta"))
        let payload: any EventPayload =
            switch Int.random(in: 0..<4, using: &random) {
            case 0: TaskCompleted(taskId: taskId, storeId: storeId, completedAt: time, note: "done")
            case 1: TaskSnoozed(taskId: taskId, storeId: storeId, snoozedUntil: time.addingTimeInterval(7200))
            case 2: TaskReassigned(taskId: taskId, storeId: storeId, assignee: pick(["u1", "u2"]))
            default: TaskCancelled(taskId: taskId, storeId: storeId, reason: "duplicate")
            }
        return [DomainEvent(payload, requestId: request, actor: staff, occurredAt: now)]
    }

    private mutating func cooling() -> [DomainEvent] {
        guard let (lead, _) = leads.isEmpty ? nil : pick(leads), let storeId = lead.storeId, let phone = lead.phone else {
            return message()
        }
        let cooled = try! LeadCooled(storeId: storeId, phone: phone, fromStatus: lead.rawBody.count % 2 == 0 ? .new : .attempted, contactCreatedAt: lead.receivedAt)
        return [DomainEvent(cooled, actor: .system)]
    }

    private mutating func merge() -> [DomainEvent] {
        let (storeId, source) = pick(phones)
        let (_, target) = pick(phones.filter { $0.0 == storeId && $0.1 != source })
        let staff = try! EventActor.staff(userId: "u2")
        let request = try! RequestID(id("mg"))
        return [MergeSide.source, .target].map { side in
            let merged = try! ContactMerged(storeId: storeId, sourcePhone: source, targetPhone: target, recordedOn: side)
            return DomainEvent(merged, requestId: request, actor: staff, occurredAt: Timestamp(time))
        }
    }
}
