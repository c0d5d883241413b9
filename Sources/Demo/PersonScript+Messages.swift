import Commands
import Domain
import EventStore

/// SMS, voicemail, AI contact analyses and staff commands of a story.
extension PersonScript {
    // MARK: Messages

    /// A first text from a stranger and the studio's reply.
    mutating func inboundFirstText(at t: Timestamp) -> Timestamp {
        inboundSMS(at: t, text: random.pick(DemoNames.inboundTexts), late: false)
        let replyAt = DemoTime.outboundSlot(DemoTime.plus(t, seconds: Int64(random.int(120...1800))), in: calendar, random: &random)
        outboundSMS(at: replyAt, text: "Hi! This is \(store.shortName). Happy to help. Is it OK if we give you a quick call?")
        return replyAt
    }

    /// An inbound SMS; opt-out and opt-in keywords record their consent event in the same batch.
    /// `late`: nil = now and then (4 %) delivered hours after it was sent.
    mutating func inboundSMS(at t: Timestamp, text: String, late: Bool? = nil, mark: DemoInput.Mark? = nil) {
        var expected: [EventType] = [.messageLogged]
        var isKeyword = false
        if let keyword = ConsentKeyword.detect(in: text) {
            isKeyword = true
            switch keyword.intent {
            case .optOut:
                expected.append(.contactOptedOut)
                dnc = DoNotContactRule.set(dnc, by: .system)
                doNotContactComesIntoForce(at: t)
            case .optIn where DoNotContactRule.wouldClear(dnc, by: .system):
                expected.append(.contactOptedIn)
                dnc = DoNotContactRule.clear(dnc, by: .system)
            case .optIn:
                break
            }
        }
        let delayed = !isKeyword && (late ?? random.chance(0.04))
        let delaySeconds = delayed ? Int64(random.int(7200...72_000)) : Int64(random.int(1...8))
        message(
            inbound: true, voicemail: false, text: text, at: t, status: "Received", deliverAfterSeconds: delaySeconds, expect: expected,
            mark: mark, late: delayed)
    }

    /// An outbound SMS (Queued), and its delivery status a few seconds later. Skipped while
    /// Do-Not-Contact is in force, unless it is the opt-out confirmation (TCPA.md OPTOUT-CONFIRM)
    /// or a planted violation.
    mutating func outboundSMS(at t: Timestamp, text: String, confirmation: Bool = false, mark: DemoInput.Mark? = nil) {
        guard canContact || confirmation else { return }
        let id = message(
            inbound: false, voicemail: false, text: text, at: t, status: "Queued", deliverAfterSeconds: Int64(random.int(1...5)),
            expect: [.messageLogged], mark: mark)
        sentSMS = true
        let status = random.chance(0.97) ? "Delivered" : "DeliveryFailed"
        let updatedAt = DemoTime.plus(t, seconds: Int64(random.int(6...20)))  // after the Queued notification (≤ 5 s)
        update(id, inbound: false, voicemail: false, text: text, created: t, modified: updatedAt, status: status)
    }

    /// A voicemail left for the studio (`to[]` without a number: the store comes from the
    /// account), then its transcription finishing (`message.updated`).
    mutating func inboundVoicemail(at t: Timestamp) {
        let id = message(
            inbound: true, voicemail: true, text: nil, at: t, status: "Received", deliverAfterSeconds: Int64(random.int(20...40)),
            expect: [.messageLogged], transcription: "InProgress")
        let finished = DemoTime.plus(t, seconds: Int64(random.int(60...300)))
        update(id, inbound: true, voicemail: true, text: nil, created: t, modified: finished, status: "Received", transcription: "Completed")
    }

    /// One message notification (and now and then its exact redelivery); returns its id.
    @discardableResult
    mutating func message(
        inbound: Bool, voicemail: Bool, text: String?, at t: Timestamp, status: String, deliverAfterSeconds: Int64,
        expect: [EventType], mark: DemoInput.Mark? = nil, late: Bool = false, transcription: String? = nil
    ) -> String {
        let id = messageId(nextStep())
        let modified = voicemail ? DemoTime.plus(t, seconds: 20) : t
        var notification = notificationBase(id: id, inbound: inbound, voicemail: voicemail, text: text, created: t, modified: modified)
        notification.messageStatus = status
        notification.vmTranscriptionStatus = transcription
        notification.sentAt = DemoTime.plus(modified, seconds: 2)
        let deliverAt = DemoTime.plus(t, seconds: deliverAfterSeconds)
        let bytes = notification.bytes
        push(.message(bytes), at: deliverAt, occurredAt: t, expect: .appended(expect), ids: ["customerPhone": phone], mark: mark,
             what: "\(inbound ? "inbound" : "outbound") \(voicemail ? "voicemail" : "SMS") \(id)\(late ? " (late)" : "")")
        if late { lateDeliveries += 1 }
        contactStreamStarted = true
        if happens(.redeliveries, 0.04) {
            push(.message(bytes), at: DemoTime.plus(deliverAt, seconds: Int64(random.int(1...120))), occurredAt: t, expect: .duplicate,
                 what: "message \(id) redelivered")
        }
        return id
    }

    /// A later notification of the same message with a newer lastModifiedTime.
    mutating func update(
        _ id: String, inbound: Bool, voicemail: Bool, text: String?, created: Timestamp, modified: Timestamp, status: String,
        transcription: String? = nil
    ) {
        var notification = notificationBase(id: id, inbound: inbound, voicemail: voicemail, text: text, created: created, modified: modified)
        notification.messageStatus = status
        notification.vmTranscriptionStatus = transcription
        notification.readStatus = "Read"
        notification.sentAt = DemoTime.plus(modified, seconds: 1)
        push(.message(notification.bytes), at: DemoTime.plus(modified, seconds: Int64(random.int(1...6))), occurredAt: modified,
             expect: .appended([.messageUpdated]), what: "message \(id) \(status) update")
    }

    mutating func notificationBase(id: String, inbound: Bool, voicemail: Bool, text: String?, created: Timestamp, modified: Timestamp)
        -> RingCentralNotification
    {
        let shape: RingCentralNotification.Shape = random.weighted([(.envelope, 60), (.bare, 25), (.webSocket, 15)])
        return RingCentralNotification(
            shape: shape, id: id, conversationId: voicemail ? nil : conversationId, isVoicemail: voicemail, inbound: inbound,
            customerNumber: phone, customerName: inbound ? (random.chance(0.4) ? "\(firstName) \(lastName)" : nil) : firstName,
            storeNumber: store.mainPhone, storeName: store.shortName, storeLocation: "\(store.region.city), \(store.region.state)",
            subject: text, creationTime: created, lastModifiedTime: modified, readStatus: "Unread", messageStatus: "Received",
            vmDurationSeconds: voicemail ? random.int(8...90) : 0, vmTranscriptionStatus: nil,
            clientId: random.chance(0.92) ? store.clientId : nil, accountId: store.accountId,
            ownerId: "6284" + DemoTime.pad(storeIndex, 3) + "7004", uuid: DemoStorePlan.uuid(&random),
            subscriptionId: "a81c5e2f-0b9d-4e7a-8c31-" + DemoTime.pad(storeIndex, 12), sentAt: modified)
    }

    // MARK: AI contact analysis

    /// A contact analysis moving the lead along; `doNotContact` as the analyzer sends it (an
    /// AI clear of a staff or system DNC is refused, 422).
    mutating func contactAnalysis(
        at t: Timestamp, status: String?, stage: String = "lead", complaint: Bool = false, doNotContact: Bool? = nil,
        mark: DemoInput.Mark? = nil
    ) {
        let step = nextStep()
        var expect = DemoInput.Expectation.appended([.contactAnalyzed])
        let flag = doNotContact
        if flag == true {
            dnc = DoNotContactRule.set(dnc, by: .ai)
            doNotContactComesIntoForce(at: t)
        } else if flag == false, let current = dnc {
            if DoNotContactRule.wouldClear(current, by: .ai) {
                dnc = nil
            } else {
                expect = .refused(.unprocessable)
            }
        }
        let converted = status == "converted"
        let intent = random.pick(["low", "medium", "high"])
        let objections = random.chance(0.5) ? [random.pick(DemoNames.objections)] : []
        let goal = random.pick(DemoNames.goals)
        let suggested: [DemoJSON] =
            status == "attempted"
            ? [action("Call \(firstName) again tomorrow morning", "high", "Not reached yet.", "Leads cool after 5 days.")]
            : [
                action("Text \(firstName) a booking link", random.pick(["high", "medium"]), "Asked about classes.", "Classes fill up."),
                action("Mention the intro pricing", "low", "Price came up.", "Addresses the main objection."),
            ]
        let json = DemoJSON.members([
            ("analysisId", .string("ca-\(storeIndex)-\(person)-\(step)")),
            ("storeId", .string(storeId)),
            ("phone", .string(random.chance(0.8) ? phone : spelledParenthesised)),
            ("analyzedAt", .string(DemoTime.iso(t))),
            ("lifecycleStage", .string(converted ? "member" : stage)),
            ("lifecycleState", .string("active")),
            ("leadStatus", status.map { .string($0) }),
            ("leadStatusReason", status.map { .string("AI: \($0.replacingOccurrences(of: "_", with: " ")) after the latest interaction.") }),
            ("leadObjections", .strings(objections)),
            ("leadRejectionReasons", .strings(status == "not_interested" ? [random.pick(["too expensive", "moved away", "joined another gym"])] : [])),
            ("purchaseIntent", .string(intent)),
            ("purchaseIntentReason", .string("Intent \(intent) from the conversation.")),
            ("goals", .array([.object([("goal", .string(goal.0)), ("reason", .string(goal.1))])])),
            ("customerSummary", .string("\(firstName) \(lastName): \(status ?? "update"); wants to \(goal.0).")),
            ("actionNeeded", .bool(!converted && status != "not_interested")),
            ("actionNeededReason", converted ? nil : .string("Follow up on the \(status ?? "open") lead.")),
            ("suggestedActions", .array(suggested)),
            ("hasOpenComplaint", .bool(complaint)),
            ("doNotContact", flag.map { .bool($0) }),
        ]).bytes
        let deliverAt = DemoTime.plus(t, seconds: Int64(random.int(1...20)))
        push(.analysis(json), at: deliverAt, occurredAt: t, expect: expect, mark: mark, what: "contact analysis (\(status ?? "no status"))")
        if case .appended = expect { contactStreamStarted = true }
        if case .appended = expect, happens(.redeliveries, 0.02) {
            push(.analysis(json), at: DemoTime.plus(deliverAt, seconds: 90), occurredAt: t, expect: .duplicate, what: "contact analysis redelivered")
        }
    }

    func action(_ text: String, _ priority: String, _ reason: String, _ priorityReason: String) -> DemoJSON {
        .object([("action", .string(text)), ("priority", .string(priority)), ("reason", .string(reason)), ("priorityReason", .string(priorityReason))])
    }

    // MARK: Staff

    mutating func staffRequest(version: DemoStaffRequest.Version, stream: String) -> DemoStaffRequest {
        DemoStaffRequest(requestId: DemoStorePlan.uuid(&random), staff: random.pick(store.staff), version: version, stream: stream)
    }

    /// A staff action on the contact; `.stale` first gets a 409 and is retried with the
    /// current version (two people editing at once).
    mutating func staffContact(_ action: ContactAction, at t: Timestamp, version: DemoStaffRequest.Version, mark: DemoInput.Mark? = nil) {
        let first: DemoStaffRequest.Version = version == .stale && !contactStreamStarted ? .current : version
        var request = staffRequest(version: first, stream: contactStream)
        let type = Self.eventType(of: action)
        let what = "staff \(type.rawValue)"
        if first == .stale {
            push(.contact(storeIndex: storeIndex, phone: phone, action: action, request: request), at: t, expect: .refused(.conflict), what: what + " (stale If-Match)")
            request.version = .current
            push(.contact(storeIndex: storeIndex, phone: phone, action: action, request: request), at: DemoTime.plus(t, seconds: 25),
                 expect: .appended([type]), mark: mark, what: what + " (retried)")
        } else {
            push(.contact(storeIndex: storeIndex, phone: phone, action: action, request: request), at: t, expect: .appended([type]), mark: mark, what: what)
        }
        contactStreamStarted = true
        if happens(.redeliveries, 0.02) {
            request.version = .none
            push(.contact(storeIndex: storeIndex, phone: phone, action: action, request: request), at: DemoTime.plus(t, seconds: 40),
                 expect: .duplicate, what: what + " retried by the client")
        }
    }

    static func eventType(of action: ContactAction) -> EventType {
        switch action {
        case .updateNotes: .contactNotesUpdated
        case .setDoNotContact: .contactDNCSet
        case .clearDoNotContact: .contactDNCCleared
        case .tag: .contactTagged
        case .untag: .contactUntagged
        case .resolveComplaint: .contactComplaintResolved
        case .convert: .contactConverted
        case .merge: .contactMerged
        }
    }

    /// A manual task and (with `followUp`) what staff later do with it: complete it, snooze or
    /// reassign it first, or cancel it. Returns the task id.
    @discardableResult
    mutating func manualTask(type: String, priority: String, at t: Timestamp, reason: String, followUp: Bool = true) -> String {
        var request = staffRequest(version: .none, stream: "")
        let key = IdempotencyKeys.request(.taskCreated, scope: storeId, requestId: try! RequestID(request.requestId, field: "Idempotency-Key"))
        let taskId = DeterministicIDs.task(idempotencyKey: key).rawValue
        request.stream = "task/\(taskId)"
        let task = NewTask(
            taskType: type, priority: priority, contactPhone: random.chance(0.7) ? phone : spelledParenthesised, actionNeeded: true,
            actionNeededReason: reason, dueAt: nil, assignee: random.chance(0.5) ? random.pick(store.staff) : nil)
        push(.task(storeIndex: storeIndex, action: .create(task), request: request), at: t, expect: .appended([.taskCreated]), what: "manual \(type) task")
        guard followUp else { return taskId }
        var next = DemoTime.plus(t, seconds: Int64(random.int(1800...86_400)))
        var choice = random.weighted([("complete", 60), ("snooze", 12), ("reassign", 13), ("cancel", 15)])
        if forced.contains(.taskSnoozed) { choice = "snooze" }
        if forced.contains(.taskReassigned) { choice = "reassign" }
        if forced.contains(.taskCancelled) { choice = "cancel" }
        switch choice {
        case "snooze":
            let until = DemoTime.plus(next, seconds: Int64(random.int(3600...86_400)))
            taskAction(.snooze(taskId: taskId, until: DemoTime.iso(until), note: "Customer asked for later"), at: next, taskId: taskId)
            next = DemoTime.plus(until, seconds: Int64(random.int(600...7200)))
            taskAction(.complete(taskId: taskId, note: nil), at: next, taskId: taskId)
        case "reassign":
            taskAction(.reassign(taskId: taskId, assignee: random.pick(store.staff)), at: next, taskId: taskId)
            taskAction(.complete(taskId: taskId, note: "Done"), at: DemoTime.plus(next, seconds: Int64(random.int(600...86_400))), taskId: taskId)
        case "cancel":
            taskAction(.cancel(taskId: taskId, reason: "No longer needed"), at: next, taskId: taskId)
        default:
            taskAction(.complete(taskId: taskId, note: random.chance(0.5) ? "Talked to \(firstName)" : nil), at: next, taskId: taskId)
        }
        return taskId
    }

    mutating func taskAction(_ action: TaskAction, at t: Timestamp, taskId: String) {
        let request = staffRequest(version: random.chance(0.5) ? .current : .none, stream: "task/\(taskId)")
        let type: EventType =
            switch action {
            case .create: .taskCreated
            case .complete: .taskCompleted
            case .snooze: .taskSnoozed
            case .reassign: .taskReassigned
            case .cancel: .taskCancelled
            }
        push(.task(storeIndex: storeIndex, action: action, request: request), at: t, expect: .appended([type]), what: "staff \(type.rawValue)")
        if happens(.redeliveries, 0.02) {
            var retry = request
            retry.version = .none
            push(.task(storeIndex: storeIndex, action: action, request: retry), at: DemoTime.plus(t, seconds: 30), expect: .duplicate,
                 what: "staff \(type.rawValue) retried by the client")
        }
    }
}
