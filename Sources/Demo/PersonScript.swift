import Commands
import Domain
import EventStore

/// One person's story at one store, as the inputs ContactLedger receives: a lead email (or a
/// first call or text), staff calling back inside store hours, SMS both ways with delivery
/// updates, voicemails, AI analyses moving leadStatus new → attempted → connected → booked →
/// showed → converted (or not_interested, bad_timing), notes, tasks, Do-Not-Contact, opt-outs
/// and opt-ins, complaints — plus redeliveries, retried staff requests and late webhooks.
///
/// The script keeps the facts the handlers will fold (who set Do-Not-Contact) so that each
/// input's expected outcome is known up front, and so that ordinary traffic is TCPA-clean:
/// outbound contact only 09:00–19:30 local, never while DNC is in force except the one
/// opt-out confirmation, at most one call a day. The three planted violations
/// (`Scenario`) break exactly one rule each. Built from the person's own random stream, so it
/// does not depend on any other person. Not thread-safe (a mutable builder).
struct PersonScript {
    enum Scenario: Sendable {
        case ordinary
        case callWhileDoNotContact
        case callAfterHours
        case smsAfterOptOut
    }

    enum Persona { case lead, caller, texter }

    /// Branches forced for the showcase people (`DemoRun.showcase`), so that even a small
    /// history holds every event type the real flows produce; everyone else draws them.
    enum Showcase: Hashable, Sendable {
        case answered, missedFirst, converted, doNotContactCleared, aiRefused, aiDoNotContact, complaint, optOutAndBack
        case mappingRedelivery, redeliveries, lateDelivery, staleVersion, taskSnoozed, taskReassigned, taskCancelled
    }

    enum CallOutcome { case connected, voicemail, noAnswer }

    let store: DemoStorePlan
    let person: Int
    let scenario: Scenario
    let forced: Set<Showcase>
    let phone: String
    let firstName: String
    let lastName: String
    let email: String
    let conversationId: String
    var random: DemoRandom
    var inputs: [DemoInput] = []
    /// Ids handed out so far (message, call and analysis ids are unique per step).
    var step = 0
    /// The Do-Not-Contact in force, as the handlers' fold will see it (`DoNotContactRule`).
    var dnc: DoNotContactSource?
    /// When the story first puts the contact under Do-Not-Contact (`withoutOutreachAfterDoNotContact`).
    var doNotContactFrom: Timestamp?
    var leadId: LeadID?
    var leadStore: Bool = false
    /// Whether the contact's stream has events (a staff edit's If-Match needs one).
    var contactStreamStarted = false
    var sentSMS = false
    /// Inputs delivered hours after they happened (late webhooks).
    var lateDeliveries = 0

    var storeIndex: Int { store.index }
    var calendar: StoreCalendar { store.calendar }
    var canContact: Bool { dnc == nil }

    init(store: DemoStorePlan, person: Int, scenario: Scenario, forced: Set<Showcase> = [], seed: UInt64) {
        self.store = store
        self.person = person
        self.scenario = scenario
        self.forced = forced
        random = Self.stream(store: store.index, person: person, seed: seed)
        _ = random.next()  // the first-touch draw (`firstTouch`)
        _ = random.next()
        phone = store.customerPhones[person]
        firstName = random.pick(DemoNames.first)
        lastName = random.pick(DemoNames.last)
        let local = "\(firstName).\(lastName)".lowercased().filter { $0.isASCII && ($0.isLetter || $0 == ".") }
        email = "\(local).\(random.int(1...999))@\(random.pick(DemoNames.emailDomains))"
        conversationId = String(random.int64(1_000_000_000_000_000_000...9_000_000_000_000_000_000))
    }

    static func stream(store: Int, person: Int, seed: UInt64) -> DemoRandom {
        DemoRandom(seed: seed, 0x5045_5253_4F4E &+ UInt64(store), UInt64(person))
    }

    /// When the person's story starts: a day of the window, at a local hour weighted towards
    /// the day (web forms arrive at night too; calls and texts in the daytime).
    static func firstTouch(store: DemoStorePlan, person: Int, options: DemoOptions) -> Timestamp {
        var random = stream(store: store.index, person: person, seed: options.seed)
        let day = random.int(0...(options.days - 1))
        let secondOfDay = Int(random.next() % 86_400)
        let hour = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0][secondOfDay % 19]
        let noon = DemoTime.plus(options.start, seconds: Int64(day) * 86_400 + 12 * 3600)
        let date = store.calendar.localTime(at: noon).date
        let t = store.calendar.instant(on: date, secondOfDay: hour * 3600 + secondOfDay % 3600)
        return max(t, DemoTime.plus(options.start, seconds: 60))
    }

    /// True when forced, else with probability `p` (one draw either way).
    mutating func happens(_ showcase: Showcase, _ p: Double) -> Bool {
        let drawn = random.chance(p)
        return forced.contains(showcase) || drawn
    }

    // MARK: The story

    mutating func build(from t0: Timestamp) {
        defer { withoutOutreachAfterDoNotContact() }
        let persona: Persona
        switch scenario {
        case .ordinary:
            let drawn: Persona = random.weighted([(.lead, 70), (.caller, 15), (.texter, 15)])
            persona = forced.isEmpty ? drawn : .lead
        case .callWhileDoNotContact, .callAfterHours: persona = .lead
        case .smsAfterOptOut: persona = .texter
        }
        var t = t0
        switch persona {
        case .lead:
            guard let received = leadEmail(at: t0) else { return }
            t = received
        case .caller:
            guard let missed = inboundFirstCall(at: DemoTime.outboundSlot(t0, in: calendar, random: &random)) else { return }
            t = missed
        case .texter:
            t = inboundFirstText(at: DemoTime.outboundSlot(t0, in: calendar, random: &random))
        }
        switch scenario {
        case .ordinary: engage(after: t)
        case .callWhileDoNotContact: plantCallWhileDoNotContact(after: t)
        case .callAfterHours: plantCallAfterHours(after: t)
        case .smsAfterOptOut: plantSMSAfterOptOut(after: t)
        }
    }

    /// Staff make no callback or follow-up task for a person under Do-Not-Contact (the handler
    /// refuses it, issue 15). A story is written in its own order, and a late-delivered STOP can
    /// land before a task written earlier; so once the story is complete, every manual outreach
    /// task created at or after the first Do-Not-Contact — and every action on it — is dropped.
    mutating func doNotContactComesIntoForce(at t: Timestamp) {
        doNotContactFrom = min(doNotContactFrom ?? t, t)
    }

    private mutating func withoutOutreachAfterDoNotContact() {
        guard let from = doNotContactFrom else { return }
        var dropped: Set<String> = []
        for input in inputs {
            guard case .task(_, .create(let task), let request) = input.action, input.deliverAt >= from,
                let type = TaskType(rawValue: task.taskType), type.isOutreach
            else { continue }
            dropped.insert(request.stream)
        }
        guard !dropped.isEmpty else { return }
        inputs.removeAll { input in
            if case .task(_, _, let request) = input.action { return dropped.contains(request.stream) }
            return false
        }
    }

    /// Staff call back until someone answers (up to three days), texting after a missed call.
    mutating func engage(after start: Timestamp) {
        var t = DemoTime.plus(start, seconds: Int64(random.int(120...2400)))
        let attemptsMax = random.int(1...3)
        for attempt in 0..<(forced.contains(.missedFirst) ? 2 : attemptsMax) where canContact {
            let callAt = DemoTime.outboundSlot(t, in: calendar, random: &random)
            var outcome: CallOutcome = random.weighted([(.connected, 45), (.voicemail, 30), (.noAnswer, 25)])
            if forced.contains(.answered) { outcome = .connected }
            if forced.contains(.missedFirst) { outcome = attempt == 0 ? .noAnswer : .connected }
            let end = outboundCall(at: callAt, outcome: outcome)
            if attempt == 0, let leadId, leadStore {
                completeLeadOutreach(leadId, at: DemoTime.plus(end, seconds: Int64(random.int(60...600))))
            }
            let analyzedAt = DemoTime.plus(end, seconds: Int64(random.int(300...1800)))
            if outcome == .connected {
                contactAnalysis(at: analyzedAt, status: "connected")
                afterConnect(at: analyzedAt)
                return
            }
            contactAnalysis(at: analyzedAt, status: "attempted")
            if random.chance(0.7) {
                outboundSMS(at: DemoTime.outboundSlot(DemoTime.plus(end, seconds: Int64(random.int(60...300))), in: calendar, random: &random),
                            text: "Hi \(firstName), this is \(store.shortName)! Sorry we missed you. When is a good time to chat about your free intro class?")
            }
            if happens(.lateDelivery, 0.5) {
                inboundSMS(at: DemoTime.plus(end, seconds: Int64(random.int(600...18_000))), text: random.pick(DemoNames.inboundTexts),
                           late: forced.contains(.lateDelivery) ? true : nil)
            }
            if random.chance(0.08) { inboundVoicemail(at: DemoTime.plus(end, seconds: Int64(random.int(3600...30_000)))) }
            if attempt == 0, happens(.taskSnoozed, 0.3) || forced.contains(.taskReassigned) || forced.contains(.taskCancelled) {
                manualTask(type: "callback", priority: "medium", at: DemoTime.plus(end, seconds: Int64(random.int(120...900))),
                           reason: "Call \(firstName) back after the missed call")
            }
            t = DemoTime.plus(end, seconds: Int64(random.int(64_800...108_000)))
        }
        if canContact, sentSMS, random.chance(0.05) { optOut(at: DemoTime.plus(t, seconds: Int64(random.int(3600...86_400)))) }
    }

    /// After a conversation: notes, then one of the lead's outcomes.
    mutating func afterConnect(at t0: Timestamp) {
        var t = t0
        if happens(.staleVersion, 0.6) {
            t = DemoTime.plus(t, seconds: Int64(random.int(60...1200)))
            let goal = random.pick(DemoNames.goals).0
            staffContact(.updateNotes("Spoke with \(firstName): wants to \(goal). Prefers \(random.pick(["mornings", "evenings", "weekends"])).") ,
                         at: t, version: happens(.staleVersion, 0.06) ? .stale : .current)
        }
        var roll = random.unit()
        if forced.contains(.doNotContactCleared) { roll = 0 }
        if forced.contains(.aiDoNotContact) { roll = 0.03 }
        if forced.contains(.converted) { roll = 0.5 }
        if roll < 0.025 {
            staffDoNotContact(at: DemoTime.plus(t, seconds: Int64(random.int(300...1800))))
            return
        }
        if roll < 0.04 {
            aiDoNotContact(at: DemoTime.plus(t, seconds: Int64(random.int(600...2400))))
            return
        }
        if roll < 0.62 {
            booked(at: t)
        } else if roll < 0.82 {
            contactAnalysis(at: DemoTime.plus(t, seconds: Int64(random.int(3600...86_400))), status: "not_interested")
        } else {
            contactAnalysis(at: DemoTime.plus(t, seconds: Int64(random.int(3600...86_400))), status: "bad_timing")
            if random.chance(0.5) {
                manualTask(type: "follow_up", priority: "low", at: DemoTime.plus(t, seconds: Int64(random.int(3600...7200))),
                           reason: "Check in with \(firstName) next month")
            }
        }
        if happens(.complaint, 0.04) { complaint(at: DemoTime.plus(t, seconds: Int64(random.int(86_400...432_000)))) }
        if canContact, sentSMS, happens(.optOutAndBack, 0.04) {
            optOut(at: DemoTime.plus(t, seconds: Int64(random.int(86_400...259_200))))
        }
    }

    /// Booked an intro class: confirmation SMS, the class a few days later, then showed (and
    /// maybe converted) or a no-show.
    mutating func booked(at t0: Timestamp) {
        let analyzedAt = DemoTime.plus(t0, seconds: Int64(random.int(300...3600)))
        contactAnalysis(at: analyzedAt, status: "booked")
        let classDay = random.int(1...5)
        let classAt = DemoTime.local(t0, dayOffset: classDay, hour: random.pick([6, 7, 9, 12, 17, 18]), minute: random.pick([0, 15, 30]), in: calendar)
        if canContact {
            outboundSMS(at: DemoTime.outboundSlot(DemoTime.plus(analyzedAt, seconds: Int64(random.int(30...600))), in: calendar, random: &random),
                        text: "You're booked for \(DemoTime.outlook(classAt, in: calendar)). See you then!")
        }
        if random.chance(0.3) {
            inboundSMS(at: DemoTime.plus(classAt, seconds: -Int64(random.int(1800...7200))), text: "Running 5 min late, sorry!")
        }
        let after = DemoTime.plus(classAt, seconds: Int64(random.int(3 * 3600...8 * 3600)))
        if happens(.converted, 0.7) {
            contactAnalysis(at: after, status: random.chance(0.5) ? "showed" : "trialed")
            if happens(.converted, 0.45) {
                let convertAt = DemoTime.plus(after, seconds: Int64(random.int(86_400...259_200)))
                staffContact(.convert(leadId: leadId?.rawValue, note: "Signed up for the \(random.pick(["Elite", "Premier", "Basic"])) plan"),
                             at: convertAt, version: .none)
                contactAnalysis(at: DemoTime.plus(convertAt, seconds: Int64(random.int(600...3600))), status: "converted")
            }
        } else {
            contactAnalysis(at: after, status: "lost_contact")
            manualTask(type: "follow_up", priority: "medium", at: DemoTime.plus(after, seconds: Int64(random.int(600...3600))),
                       reason: "\(firstName) missed the intro class; offer another slot")
        }
    }

    /// A complaint by SMS, flagged by the AI, resolved by staff with a complaint task.
    mutating func complaint(at t: Timestamp) {
        inboundSMS(at: t, text: random.pick(DemoNames.complaintTexts), late: false)
        let analyzedAt = DemoTime.plus(t, seconds: Int64(random.int(300...1800)))
        contactAnalysis(at: analyzedAt, status: nil, complaint: true)
        let taskId = manualTask(type: "complaint", priority: "high", at: DemoTime.plus(analyzedAt, seconds: 120),
                                reason: "Open complaint from \(firstName)", followUp: false)
        let resolvedAt = DemoTime.plus(analyzedAt, seconds: Int64(random.int(3600...172_800)))
        staffContact(.resolveComplaint(resolution: "Refunded the duplicate charge and apologised"), at: resolvedAt, version: .current)
        taskAction(.complete(taskId: taskId, note: "Resolved"), at: DemoTime.plus(resolvedAt, seconds: 60), taskId: taskId)
    }

    /// Staff set Do-Not-Contact after the customer asked; sometimes the AI later tries to
    /// clear it (refused, 422); the showcase person's is cleared by staff later.
    mutating func staffDoNotContact(at t: Timestamp) {
        let planted = forced.contains(.doNotContactCleared)
        staffContact(.setDoNotContact(reason: "Asked not to be called again"), at: t, version: .current,
                     mark: planted ? .evidence(.doNotContactClearedByStaff) : nil)
        dnc = DoNotContactRule.set(dnc, by: .staff)
        doNotContactComesIntoForce(at: t)
        if happens(.aiRefused, 0.25) {
            contactAnalysis(at: DemoTime.plus(t, seconds: Int64(random.int(3600...86_400))), status: nil, doNotContact: false)
        }
        // Clearing a DNC inside its five years is DNC-RETAIN (TCPA.md: only the customer's own
        // opt-in ends it), so only the showcase person does it, and it is a declared violation.
        if forced.contains(.doNotContactCleared) {
            let clearedAt = DemoTime.plus(t, seconds: Int64(random.int(5 * 86_400...9 * 86_400)))
            staffContact(.clearDoNotContact(reason: "Customer called back and asked to hear about offers"), at: clearedAt, version: .current,
                         mark: .violation(.doNotContactClearedByStaff, storeIndex: storeIndex, phone: phone))
            dnc = DoNotContactRule.clear(dnc, by: .staff)
        }
    }

    /// The AI heard "don't call me" on a call; the showcase person's DNC is later cleared by the AI.
    mutating func aiDoNotContact(at t: Timestamp) {
        let planted = forced.contains(.aiDoNotContact)
        contactAnalysis(at: t, status: "not_interested", doNotContact: true, mark: planted ? .evidence(.doNotContactClearedByAI) : nil)
        // The AI may clear its own DNC (the handler accepts it) but TCPA.md's DNC-RETAIN flags it:
        // the showcase person only, declared as a violation.
        if planted {
            contactAnalysis(at: DemoTime.plus(t, seconds: Int64(random.int(3 * 86_400...6 * 86_400))), status: "bad_timing", doNotContact: false,
                            mark: .violation(.doNotContactClearedByAI, storeIndex: storeIndex, phone: phone))
        }
    }

    /// STOP in the daytime, the one confirmation, and sometimes START (and its confirmation).
    mutating func optOut(at t: Timestamp) {
        let stopAt = DemoTime.local(t, hour: random.int(9...18), minute: random.int(0...59), in: calendar)
        let stopTime = stopAt > t ? stopAt : DemoTime.local(t, dayOffset: 1, hour: random.int(9...18), minute: random.int(0...59), in: calendar)
        inboundSMS(at: stopTime, text: random.pick(DemoNames.stopTexts), late: false)
        outboundSMS(at: DemoTime.plus(stopTime, seconds: Int64(random.int(5...90))),
                    text: "\(store.shortName): You have been unsubscribed and will receive no further messages. Reply START to resubscribe.",
                    confirmation: true)
        guard happens(.optOutAndBack, 0.35) else { return }
        let startAt = DemoTime.local(stopTime, dayOffset: random.int(3...10), hour: random.int(9...18), minute: random.int(0...59), in: calendar)
        inboundSMS(at: startAt, text: random.pick(DemoNames.startTexts), late: false)
        if dnc == nil {
            outboundSMS(at: DemoTime.plus(startAt, seconds: Int64(random.int(5...60))),
                        text: "\(store.shortName): You are resubscribed. Reply STOP to opt out.")
        }
    }

    // MARK: Planted violations

    /// DNC-1: staff set Do-Not-Contact after a call; the next day someone calls anyway.
    mutating func plantCallWhileDoNotContact(after start: Timestamp) {
        let end = outboundCall(at: DemoTime.outboundSlot(DemoTime.plus(start, seconds: 900), in: calendar, random: &random), outcome: .connected)
        contactAnalysis(at: DemoTime.plus(end, seconds: 600), status: "connected")
        staffContact(.setDoNotContact(reason: "Asked not to be called again"), at: DemoTime.plus(end, seconds: 1200), version: .current,
                     mark: .evidence(.callWhileDoNotContact))
        dnc = DoNotContactRule.set(dnc, by: .staff)
        let callAt = DemoTime.local(end, dayOffset: 1, hour: 11, minute: random.int(0...45), in: calendar)
        _ = outboundCall(at: callAt, outcome: .connected, mark: .violation(.callWhileDoNotContact, storeIndex: storeIndex, phone: phone))
    }

    /// HOURS-1: a call at 21:30 store-local (the customer's area code is in the store's zone).
    mutating func plantCallAfterHours(after start: Timestamp) {
        let end = outboundCall(at: DemoTime.outboundSlot(DemoTime.plus(start, seconds: 900), in: calendar, random: &random), outcome: .connected)
        contactAnalysis(at: DemoTime.plus(end, seconds: 600), status: "connected")
        let callAt = DemoTime.local(end, dayOffset: 1, hour: 21, minute: 30, in: calendar)
        _ = outboundCall(at: callAt, outcome: .noAnswer, mark: .violation(.callAfterHours, storeIndex: storeIndex, phone: phone))
    }

    /// DNC-1 (OPTOUT-CONFIRM): after STOP and its confirmation, one more marketing SMS.
    mutating func plantSMSAfterOptOut(after start: Timestamp) {
        let stopAt = DemoTime.local(start, dayOffset: 1, hour: 10, minute: random.int(0...50), in: calendar)
        inboundSMS(at: stopAt, text: "STOP", late: false, mark: .evidence(.smsAfterOptOut))
        outboundSMS(at: DemoTime.plus(stopAt, seconds: 20),
                    text: "\(store.shortName): You have been unsubscribed and will receive no further messages. Reply START to resubscribe.",
                    confirmation: true, mark: .evidence(.smsAfterOptOut))
        let smsAt = DemoTime.local(stopAt, dayOffset: 1, hour: 14, minute: 0, in: calendar)
        outboundSMS(at: smsAt, text: "Reminder: your free class is tomorrow! Reply YES to confirm.", confirmation: true,
                    mark: .violation(.smsAfterOptOut, storeIndex: storeIndex, phone: phone))
    }
}
