import Commands
import Domain
import EventStore

/// One generation: schedules the store-level inputs and every person's first touch, then
/// delivers inputs in time order — building a person's script when their story starts —
/// checking each outcome against what the script expected, and tallying the summary.
/// Not thread-safe (one run, one task).
struct DemoRun {
    let store: EventStore
    let options: DemoOptions
    let clock: DemoClock
    let handlers: CommandHandlers
    let leads: LeadEmailHandler
    var plans: [DemoStorePlan]
    var queue = InputQueue()
    var summary: DemoSummary
    var violationInputs: [(input: DemoInput, kind: DemoViolation.Kind, storeIndex: Int, phone: String, position: UInt64, type: String)] = []
    var evidence: [DemoViolation.Kind: [UInt64]] = [:]
    var peopleStarted = 0

    static let progressEveryInputs = 512

    init(store: EventStore, options: DemoOptions, clock: DemoClock) throws(DemoError) {
        self.store = store
        self.options = options
        self.clock = clock
        do {
            handlers = try CommandHandlers(store: store, clock: clock)
        } catch {
            throw .handlerFailed(input: "opening the command handlers", error: error)
        }
        leads = LeadEmailHandler(store: store, registry: handlers.registry)
        var plans = (0..<options.stores).map { DemoStorePlan(index: $0, seed: options.seed) }
        DemoStorePlan.assignCustomerPhones(&plans, people: options.contactsPerStore, seed: options.seed)
        self.plans = plans
        summary = DemoSummary(
            options: options, stores: plans.map(\.summary), people: options.stores * options.contactsPerStore, contacts: 0, inputs: 0,
            eventsAppended: 0, eventCounts: [:], deduplicated: [:], refused: [:], lateDeliveries: 0, violations: [],
            firstPosition: store.durablePosition + 1, lastPosition: store.durablePosition, endedAt: clock.now())
    }

    /// Which person plays which planted violation (the first three people of their stores).
    func scenario(store s: Int, person p: Int) -> PersonScript.Scenario {
        let count = options.stores
        if s == 2 % count && p == 0 { return .callWhileDoNotContact }
        if s == 0 && p == 1 { return .callAfterHours }
        if s == 1 % count && p == 2 { return .smsAfterOptOut }
        return .ordinary
    }

    /// The showcase people of the first store (persons 3–9): each forces a few rare branches,
    /// so every event type the real flows produce is present once a store has 10 people.
    static func showcase(store s: Int, person p: Int) -> Set<PersonScript.Showcase> {
        guard s == 0 else { return [] }
        switch p {
        case 3: return [.answered, .converted, .staleVersion]
        case 4: return [.answered, .doNotContactCleared, .aiRefused]
        case 5: return [.answered, .converted, .complaint, .optOutAndBack]
        case 6: return [.answered, .mappingRedelivery, .redeliveries, .aiDoNotContact]
        case 7: return [.missedFirst, .taskSnoozed, .lateDelivery]
        case 8: return [.missedFirst, .taskReassigned]
        case 9: return [.missedFirst, .taskCancelled]
        default: return []
        }
    }

    mutating func run(progress: (DemoProgress) -> Void) async throws(DemoError) -> DemoSummary {
        scheduleStoreInputs()
        for s in plans.indices {
            for p in 0..<options.contactsPerStore {
                let t = PersonScript.firstTouch(store: plans[s], person: p, options: options)
                queue.push(DemoInput(deliverAt: t, occurredAt: t, action: .startPerson(storeIndex: s, person: p), expect: .duplicate, label: "start"))
            }
        }
        while let input = queue.pop() {
            if case .startPerson(let s, let p) = input.action {
                var script = PersonScript(
                    store: plans[s], person: p, scenario: scenario(store: s, person: p), forced: Self.showcase(store: s, person: p),
                    seed: options.seed)
                script.build(from: input.deliverAt)
                peopleStarted += 1
                if script.contactStreamStarted || script.leadId != nil { summary.contacts += 1 }
                summary.lateDeliveries += script.lateDeliveries
                for scripted in script.inputs { queue.push(scripted) }
                continue
            }
            clock.advance(to: input.deliverAt)
            try await deliver(input)
            if summary.inputs % Self.progressEveryInputs == 0 { progress(snapshot()) }
        }
        summary.lastPosition = store.durablePosition
        summary.endedAt = clock.now()
        summary.violations = violationInputs.map { entry in
            let plan = plans[entry.storeIndex]
            return DemoViolation(
                kind: entry.kind, rule: DemoViolation.rule(of: entry.kind), storeId: plan.storeId, phone: entry.phone,
                position: entry.position, eventType: entry.type, occurredAt: entry.input.occurredAt,
                localTime: DemoTime.localDescription(entry.input.occurredAt, in: plan.calendar),
                evidencePositions: evidence[entry.kind, default: []].sorted())
        }
        progress(snapshot())
        return summary
    }

    func snapshot() -> DemoProgress {
        DemoProgress(
            peopleStarted: peopleStarted, peopleTotal: summary.people, inputs: summary.inputs, eventsAppended: summary.eventsAppended,
            simulatedTime: clock.now())
    }

    /// Registrations (the day before), a re-sent registration (a duplicate), the first store's
    /// update halfway (a new line: `store.updated`), and short-code traffic (≈ 0.3 % of SMS).
    mutating func scheduleStoreInputs() {
        let registerAt = DemoGenerator.clockStart(for: options)
        for plan in plans {
            let at = DemoTime.plus(registerAt, seconds: Int64(plan.index) * 60)
            queue.push(DemoInput(
                deliverAt: at, occurredAt: at, action: .register(storeIndex: plan.index, updated: false), expect: .appended([.storeRegistered]),
                expectIds: ["storeId": plan.storeId], label: "register store \(plan.index)"))
        }
        let again = DemoTime.plus(registerAt, seconds: 3 * 3600)
        queue.push(DemoInput(
            deliverAt: again, occurredAt: again, action: .register(storeIndex: plans.count - 1, updated: false), expect: .duplicate,
            label: "register store \(plans.count - 1) again"))
        let update = DemoTime.plus(options.start, seconds: Int64(options.days) * 43_200 + 3600)
        queue.push(DemoInput(
            deliverAt: update, occurredAt: update, action: .register(storeIndex: 0, updated: true), expect: .appended([.storeUpdated]),
            label: "update store 0"))
        for plan in plans {
            var random = DemoRandom(seed: options.seed, 0x5348_4F52_54, UInt64(plan.index))
            let count = max(1, options.contactsPerStore / 60)
            for n in 0..<count {
                let t = DemoTime.plus(options.start, seconds: Int64(random.int(0...(options.days * 86_400 - 1))))
                let code = random.pick(["447267", "22395", "73940", "898287", "32665"])
                let text = random.pick([
                    "Your verification code is \(random.int(100...999))-\(random.int(100...999))", "Your package was delivered.",
                    "Reply YES to confirm your appointment",
                ])
                let notification = RingCentralNotification(
                    shape: random.chance(0.5) ? .envelope : .bare, id: "18" + DemoTime.pad(plan.index, 3) + DemoTime.pad(n, 8),
                    conversationId: nil, isVoicemail: false, inbound: true, customerNumber: code, customerName: nil,
                    storeNumber: plan.mainPhone, storeName: plan.shortName, storeLocation: "\(plan.region.city), \(plan.region.state)",
                    subject: text, creationTime: t, lastModifiedTime: t, readStatus: "Unread", messageStatus: "Received",
                    clientId: plan.clientId, accountId: plan.accountId, ownerId: "6284" + DemoTime.pad(plan.index, 3) + "7004",
                    uuid: DemoStorePlan.uuid(&random), subscriptionId: "a81c5e2f-0b9d-4e7a-8c31-" + DemoTime.pad(plan.index, 12),
                    sentAt: DemoTime.plus(t, seconds: 2))
                let at = DemoTime.plus(t, seconds: 3)
                queue.push(DemoInput(
                    deliverAt: at, occurredAt: t, action: .message(notification.bytes), expect: .appended([.messageLogged]),
                    expectIds: ["customerPhone": ""], label: "store \(plan.index) short code \(n)"))
            }
        }
    }
}
