import Commands
import Domain
import EventStore

/// The building blocks of a story: each appends the inputs of one real-world thing (an email,
/// a call with its log record and analysis, an SMS with its delivery update) with their
/// expected outcomes, and keeps the Do-Not-Contact state the handlers will fold.
extension PersonScript {
    var storeId: String { store.storeId }
    var contactStream: String { "contact/\(store.storeId)/\(phone)" }

    mutating func nextStep() -> Int {
        step += 1
        precondition(step < 1000, "a person's story hands out at most 999 ids")
        return step
    }

    /// A RingCentral message id: unique per store, person and step (14–15 digits).
    func messageId(_ step: Int) -> String {
        "17" + DemoTime.pad(storeIndex, 3) + DemoTime.pad(person, 7) + DemoTime.pad(step, 3)
    }

    /// A RingCentral call id (`Y3s4Bq9xKf2mPA`-like): five random letters and a base-62
    /// rendering of store, person and step, which keeps it unique.
    mutating func callId(_ step: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var value = (UInt64(storeIndex) * 10_000_000 + UInt64(person)) * 1000 + UInt64(step)
        var digits: [Character] = []
        for _ in 0..<9 {
            digits.append(alphabet[Int(value % 62)])
            value /= 62
        }
        return random.string(5, from: "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") + String(digits.reversed())
    }

    func label(_ what: String) -> String { "store \(storeIndex) person \(person) step \(step) \(what)" }

    mutating func push(
        _ action: DemoInput.Action, at deliverAt: Timestamp, occurredAt: Timestamp? = nil, expect: DemoInput.Expectation,
        ids: [String: String] = [:], mark: DemoInput.Mark? = nil, what: String
    ) {
        inputs.append(
            DemoInput(
                deliverAt: deliverAt, occurredAt: occurredAt ?? deliverAt, action: action, expect: expect, expectIds: ids, mark: mark,
                label: label(what)))
    }

    /// The customer's number as a source system might spell it.
    mutating func spelled(_ e164: String) -> String {
        let d = Array(e164.dropFirst(2))
        let area = String(d[0..<3]), exchange = String(d[3..<6]), line = String(d[6..<10])
        return random.pick([
            "(\(area)) \(exchange)-\(line)", "\(area).\(exchange).\(line)", "+1 \(area) \(exchange) \(line)",
            "1-\(area)-\(exchange)-\(line)", "\(area)\(exchange)\(line)", "\(area)-\(exchange)-\(line)",
        ])
    }

    // MARK: Leads

    /// The lead email (and its redeliveries). Returns when it was recorded, or nil when it has
    /// no valid phone (recorded with a parse warning; nobody can call it back).
    mutating func leadEmail(at t0: Timestamp) -> Timestamp? {
        let receivedAt = DemoTime.wholeSeconds(t0)
        let ordinary = scenario == .ordinary && forced.isEmpty
        let phoneRoll = random.unit()
        let phoneValid = !ordinary || phoneRoll >= 0.05
        let phoneText: String? =
            phoneValid ? spelled(phone) : phoneRoll < 0.02 ? nil : random.pick(["\(phone.dropFirst(2).prefix(3))-555-01", "555-0199-12", "(013) 555-0142"])
        let leadType = random.weighted(DemoNames.leadTypes)
        let booked = leadType == "Online Intro" || leadType == "Free Class"
        let classAt = DemoTime.local(t0, dayOffset: random.int(1...4), hour: random.pick([6, 7, 9, 17, 18]), minute: random.pick([0, 15, 30]), in: calendar)
        let mappingRedelivery = (ordinary && phoneValid && random.chance(0.03)) || forced.contains(.mappingRedelivery)
        var variant = random.weighted([
            (LeadEmail.Variant.plain, 30), (.quotedPrintableAlternative, 20), (.base64Latin1, 12), (.htmlOnly, 10), (.gmailForward, 14),
            (.outlookForward, 14),
        ])
        if mappingRedelivery, variant == .gmailForward || variant == .outlookForward { variant = .plain }
        var mail = LeadEmail(
            variant: variant, storeName: store.name, calendar: calendar, trackingId: mappingRedelivery ? nil : store.trackingId,
            sender: store.brand.sender, senderName: store.brand.senderName, managerAddress: "manager.\(store.trackingId)@studios.example.org",
            firstName: firstName, lastName: lastName, phoneText: phoneText, email: email, leadType: leadType,
            bookedDate: booked ? DemoTime.localDate(classAt, in: calendar) : nil,
            bookedTime: booked ? DemoTime.clock12(calendar.localTime(at: classAt)) : nil,
            comments: random.chance(0.3) ? "Interested in \(random.pick(["early morning", "lunchtime", "evening"])) classes." : nil,
            sentAt: DemoTime.plus(receivedAt, seconds: -Int64(random.int(5...90))), receivedAt: receivedAt,
            messageId: "lead-\(storeIndex)-\(person)@\(store.brand.sender.split(separator: "@").last ?? "booking.example.com")")
        let address = try? EmailAddress(email)
        let parsedPhone = phoneValid ? PhoneNumber(phone) : nil
        let leadId = LeadID.derive(email: address, phone: parsedPhone, receivedAt: receivedAt.date)
        let firstStore: String? = mail.trackingId != nil || !store.senderShared ? storeId : nil
        let deliverAt = DemoTime.plus(receivedAt, seconds: Int64(random.int(10...300)))
        // No store for it yet (no tracking id, a sender several stores share): kept unrouted
        // (CDP.md §8), not a lead.
        push(.email(mail.bytes), at: deliverAt, occurredAt: receivedAt, expect: .appended([firstStore == nil ? .inputUnrouted : .leadReceived]),
             ids: ["leadId": leadId.rawValue, "storeId": firstStore ?? ""], what: "lead email (\(variant))")
        if happens(.redeliveries, 0.05) {
            // Before any corrected copy (below): a stale copy after it would be a change back.
            push(.email(mail.bytes), at: DemoTime.plus(deliverAt, seconds: Int64(random.int(120...600))), occurredAt: receivedAt,
                 expect: .duplicate, ids: ["leadId": leadId.rawValue], what: "lead email redelivered")
        }
        var recordedAt = deliverAt
        if mappingRedelivery {
            // Re-sent through the tracking alias: the store is now known (lead.received; the kept
            // copy stays listed as unrouted). Where the sender alone already told the store, the
            // booking system re-sent it with a corrected lead type instead (lead.updated).
            mail.trackingId = store.trackingId
            if firstStore != nil { mail.leadType = leadType == "Online Intro" ? "Web Lead" : "Online Intro" }
            recordedAt = DemoTime.plus(deliverAt, seconds: Int64(random.int(900...7200)))
            push(.email(mail.bytes), at: recordedAt, occurredAt: receivedAt, expect: .appended([firstStore == nil ? .leadReceived : .leadUpdated]),
                 ids: ["leadId": leadId.rawValue, "storeId": storeId], what: "lead email redelivered with its tracking id")
        }
        guard phoneValid else { return nil }
        self.leadId = leadId
        leadStore = true
        return recordedAt
    }

    mutating func completeLeadOutreach(_ leadId: LeadID, at t: Timestamp) {
        let taskId = DeterministicIDs.leadOutreachTask(leadId: leadId).rawValue
        taskAction(.complete(taskId: taskId, note: random.chance(0.5) ? "Called within the golden window" : nil), at: t, taskId: taskId)
    }

    // MARK: Calls

    /// An outbound call's log record and AI analysis; returns when the call ended.
    @discardableResult
    mutating func outboundCall(at start: Timestamp, outcome: CallOutcome, mark: DemoInput.Mark? = nil) -> Timestamp {
        let duration: Int
        let result: String
        let callState: String
        switch outcome {
        case .connected:
            duration = random.int(90...900)
            result = "Call connected"
            callState = "human_conversation"
        case .voicemail:
            duration = random.int(20...70)
            result = random.pick(["Call connected", "Voicemail"])
            callState = "voicemail"
        case .noAnswer:
            duration = random.int(8...40)
            result = random.weighted([("No Answer", 70), ("Busy", 15), ("Hang Up", 15)])
            callState = result == "Busy" ? "busy" : "no_answer"
        }
        return call(at: start, inbound: false, duration: duration, result: result, callState: callState, mark: mark)
    }

    /// A walk-in caller: answered (a conversation) or missed (they leave a voicemail).
    /// Returns nil when the call was answered (the story went on from the conversation).
    mutating func inboundFirstCall(at start: Timestamp) -> Timestamp? {
        if random.chance(0.65) {
            let end = call(at: start, inbound: true, duration: random.int(60...600), result: "Accepted", callState: "human_conversation")
            let analyzedAt = DemoTime.plus(end, seconds: Int64(random.int(300...1800)))
            contactAnalysis(at: analyzedAt, status: "connected", stage: "lead")
            afterConnect(at: analyzedAt)
            return nil
        }
        let end = call(at: start, inbound: true, duration: random.int(5...30), result: "Missed", callState: "no_answer", analyzed: false)
        inboundVoicemail(at: DemoTime.plus(end, seconds: 5))
        return end
    }

    mutating func call(
        at start: Timestamp, inbound: Bool, duration: Int, result: String, callState: String, analyzed: Bool = true,
        mark: DemoInput.Mark? = nil
    ) -> Timestamp {
        let step = nextStep()
        let id = callId(step)
        let end = DemoTime.plus(start, seconds: Int64(duration))
        let record = RingCentralCallRecord(
            inEnvelope: random.chance(0.2), id: id, sessionId: String(random.int64(40_000_000_000...49_999_999_999)),
            telephonySessionId: "s-" + random.string(20, from: "0123456789abcdef") + "Z" + random.string(8, from: "0123456789abcdef"),
            accountId: store.accountId, ownerId: "6284" + DemoTime.pad(storeIndex, 3) + "7004", startTime: start, durationSeconds: duration,
            inbound: inbound, result: result,
            customerNumber: random.weighted([(phone, 70), (String(phone.dropFirst()), 20), (spelledParenthesised, 10)]),
            customerName: inbound ? random.pick(DemoNames.callerLabels) : (random.chance(0.5) ? "\(firstName) \(lastName)" : nil),
            customerLocation: inbound ? "\(store.region.city), \(store.region.state)" : nil, storeNumber: store.mainPhone,
            storeName: store.shortName, extensionNumber: String(101 + random.int(0...3)),
            recordingId: duration > 60 && random.chance(0.6) ? String(random.int64(2_700_000_000...2_799_999_999)) : nil)
        let deliverAt = DemoTime.plus(end, seconds: Int64(random.int(30...600)))
        let bytes = record.bytes
        push(.call(bytes), at: deliverAt, occurredAt: start, expect: .appended([.callLogged]), ids: ["customerPhone": phone], mark: mark,
             what: "\(inbound ? "inbound" : "outbound") call \(id)")
        contactStreamStarted = true
        if happens(.redeliveries, 0.03) {
            push(.call(bytes), at: DemoTime.plus(deliverAt, seconds: Int64(random.int(60...900))), occurredAt: start, expect: .duplicate,
                 what: "call \(id) redelivered")
        }
        guard analyzed, random.chance(0.85) else { return end }
        let analyzedAt = DemoTime.plus(deliverAt, seconds: Int64(random.int(60...600)))
        let heard = callState == "human_conversation"
        let analysis = DemoJSON.members([
            ("analysisId", .string("pca-\(DemoTime.localDate(start, in: calendar))-\(id)")),
            ("callId", .string(id)),
            ("storeId", random.chance(0.8) ? .string(storeId) : nil),
            ("callState", .string(callState)),
            ("firstName", heard ? .string(firstName) : nil),
            ("lastName", heard && random.chance(0.7) ? .string(lastName) : nil),
            ("summary", .string(heard ? "\(firstName) asked about \(random.pick(["class times", "pricing", "the intro offer", "parking"])); staff offered to book." : "No conversation (\(callState)).")),
            ("analyzedAt", .string(DemoTime.iso(analyzedAt))),
        ]).bytes
        let analysisAt = DemoTime.plus(analyzedAt, seconds: Int64(random.int(1...30)))
        push(.analysis(analysis), at: analysisAt, occurredAt: analyzedAt, expect: .appended([.callAnalyzed]), what: "call analysis of \(id)")
        if happens(.redeliveries, 0.02) {
            push(.analysis(analysis), at: DemoTime.plus(analysisAt, seconds: 120), occurredAt: analyzedAt, expect: .duplicate,
                 what: "call analysis of \(id) redelivered")
        }
        return end
    }

    var spelledParenthesised: String {
        let d = Array(phone.dropFirst(2))
        return "(\(String(d[0..<3]))) \(String(d[3..<6]))-\(String(d[6..<10]))"
    }
}

