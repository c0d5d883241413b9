import Domain
import EventStore

/// The rule half of the audit: walks each contact's timeline in event-time order and reports
/// what breaks a rule (TCPA.md "Rules"). Do-Not-Contact is folded with `DoNotContactRule`
/// (staff > system > ai) as it stood at each event's occurredAt — "the stricter reading": a STOP
/// that happened before a call is in force for it even if the webhook delivered it later.
///
/// Violations and revocations are reported only for events whose occurredAt is inside the
/// requested range; state is always built from the whole log. Not thread-safe: one per audit.
struct ContactEvaluator {
    let replayer: AuditReplay
    let parameters: TCPAParameters
    let ruleSetsByStore: [[AuditRuleSet]]
    let from: Int64
    let to: Int64
    let horizon: Int64
    var clocks: ZoneClocks
    private(set) var violations: [TCPAReport.Violation] = []
    private(set) var revocations: [TCPAReport.Revocation] = []
    private(set) var counts = TCPAReport.Counts()

    init(replay replayer: AuditReplay, parameters: TCPAParameters, ruleSetsByStore: [[AuditRuleSet]], from: Int64, to: Int64, clocks: ZoneClocks) {
        self.replayer = replayer
        self.parameters = parameters
        self.ruleSetsByStore = ruleSetsByStore
        self.from = from
        self.to = to
        self.horizon = replayer.maxRecordedAt
        self.clocks = clocks
    }

    /// What the walk knows about one contact at the current record.
    struct Walk {
        let contact: Int
        let sets: [AuditRuleSet]
        let federal: Bool
        /// State sets that apply to this number (its area code is in the state).
        let stateSets: [AuditRuleSet]
        let zones: [Int]
        let uncertain: Bool
        let storeZone: Int
        var doNotContact: DoNotContactSource?
        /// Record that began the current DNC period, and the one that set its current owner.
        var periodStart: Int?
        var owner: Int?
        /// The latest SMS opt-out and whether its one confirmation SMS has been sent.
        var confirmation: (optOut: Int, used: Bool)?
        var lastOptOutAt: Int64 = .min
        var pending: [(record: Int, receipt: Int64)] = []
        var recentCalls: [(at: Int64, record: Int)] = []
    }

    mutating func evaluate(_ contact: Int) {
        let slot = replayer.contacts[contact]
        let records = replayer.records(of: contact)
        guard !records.isEmpty else { return }
        let sets = ruleSetsByStore[Int(slot.store)]
        let region = clocks.table.region(for: slot.phone)
        let resolved = clocks.zones(for: slot.phone)
        let storeZone = clocks.storeZone(Int(slot.store))
        var walk = Walk(
            contact: contact, sets: sets, federal: sets.contains(.federal),
            stateSets: sets.filter { $0.stateCode != nil && $0.stateCode == region?.stateCode },
            zones: resolved.isEmpty ? [storeZone] : resolved, uncertain: resolved.isEmpty, storeZone: storeZone)
        if records.contains(where: inRange) { counts.contactsAudited += 1 }
        for index in records.indices { step(index, records, &walk) }
        for (record, receipt) in walk.pending { finishUnhonoured(record, receipt: receipt, records, walk) }
    }

    private func inRange(_ record: TimelineRecord) -> Bool { record.occurredAt >= from && record.occurredAt < to }

    private mutating func step(_ index: Int, _ records: ArraySlice<TimelineRecord>, _ walk: inout Walk) {
        let record = records[index]
        switch record.kind {
        case .optedOut:
            if inRange(record) { counts.optOuts += 1 }
            set(.system, at: index, records, &walk)
            walk.confirmation = (index, false)
            walk.lastOptOutAt = record.occurredAt
            revocation(index, records, &walk)
        case .optedIn:
            clear(by: .system, at: index, records, &walk)
            for (pendingRecord, receipt) in walk.pending { report(revocationAt: pendingRecord, receipt: receipt, honoured: nil, outcome: "withdrawn", records, walk) }
            walk.pending = []
        case .dncSetStaff:
            set(.staff, at: index, records, &walk)
            revocation(index, records, &walk)
        case .dncSetAI:
            set(.ai, at: index, records, &walk)
        case .dncClearedStaff:
            clear(by: .staff, at: index, records, &walk)
        case .dncClearedAI:
            if let current = walk.doNotContact, current != .ai {
                if walk.federal && inRange(record) {
                    var evidence: [TCPAReport.Evidence] = []
                    if let owner = walk.owner { evidence.append(self.evidence("dnc_owner", records[owner])) }
                    add(.dncAI, index, records, walk, evidence: evidence, actor: "ai",
                        detail: "the AI asked to clear a Do-Not-Contact set by \(current.rawValue); the rule kept it in force (a bug report: the intake should have refused it)")
                }
            } else {
                clear(by: .ai, at: index, records, &walk)
            }
        case .mergedFrom:
            let source = dncAt(Int(record.aux), before: record, depth: 0)
            if let source {
                let strongest = DoNotContactRule.strongest(walk.doNotContact, source)
                if strongest != walk.doNotContact { set(source, at: index, records, &walk) }
            }
        case .outboundCall, .outboundSMS:
            outbound(index, records, &walk)
        case .inboundKeywordSMS:
            // The intake records a contact.opted_out at the same instant for the same SMS; that
            // one (sorted first) already opened the revocation.
            if record.occurredAt != walk.lastOptOutAt { revocation(index, records, &walk) }
        }
    }

    // MARK: Do-Not-Contact

    private mutating func set(_ source: DoNotContactSource, at index: Int, _ records: ArraySlice<TimelineRecord>, _ walk: inout Walk) {
        let before = walk.doNotContact
        let after = DoNotContactRule.set(before, by: source)
        if before == nil { walk.periodStart = index }
        if before != after || before == nil { walk.owner = index }
        walk.doNotContact = after
        // Pending revocations are honoured now: when this event was recorded, DNC was in force.
        let record = records[index]
        for (pendingRecord, receipt) in walk.pending {
            report(revocationAt: pendingRecord, receipt: receipt, honoured: index, outcome: nil, records, walk)
        }
        walk.pending = []
        _ = record
    }

    private mutating func clear(by clearer: DoNotContactSource, at index: Int, _ records: ArraySlice<TimelineRecord>, _ walk: inout Walk) {
        guard let current = walk.doNotContact, DoNotContactRule.clear(current, by: clearer) == nil else { return }
        let record = records[index]
        // DNC-RETAIN: only the customer's own opt-in (system) may end a DNC inside the period.
        if clearer != .system, walk.federal, inRange(record), let start = walk.periodStart,
           record.occurredAt < Self.adding(years: parameters.retainYears, to: records[start].occurredAt) {
            var evidence = [self.evidence("dnc_set", records[start])]
            if let owner = walk.owner, owner != start { evidence.append(self.evidence("dnc_owner", records[owner])) }
            add(.dncRetain, index, records, walk, evidence: evidence, actor: actorLabel(record),
                detail: "Do-Not-Contact (set by \(current.rawValue)) cleared by \(clearer.rawValue) before \(parameters.retainYears) years without the customer opting back in")
        }
        walk.doNotContact = nil
        walk.periodStart = nil
        walk.owner = nil
        walk.confirmation = nil
    }

    /// The contact's DNC just before `limit` in event order (for a merge into another contact).
    private func dncAt(_ contact: Int, before limit: TimelineRecord, depth: Int) -> DoNotContactSource? {
        var dnc: DoNotContactSource?
        for record in replayer.records(of: contact) {
            guard TimelineRecord.eventOrder(record, limit) else { break }
            if record.kind == .mergedFrom {
                guard depth < 4 else { continue }
                dnc = DoNotContactRule.strongest(dnc, dncAt(Int(record.aux), before: record, depth: depth + 1))
            } else {
                dnc = record.kind.doNotContact(after: dnc)
            }
        }
        return dnc
    }

    // MARK: Outbound contact

    private mutating func outbound(_ index: Int, _ records: ArraySlice<TimelineRecord>, _ walk: inout Walk) {
        let record = records[index]
        let counted = inRange(record)
        let isSMS = record.kind == .outboundSMS
        if counted {
            if isSMS { counts.outboundSMS += 1 } else { counts.outboundCalls += 1 }
        }
        if let current = walk.doNotContact {
            if isSMS, let confirmation = walk.confirmation, !confirmation.used {
                walk.confirmation = (confirmation.optOut, true)
                let optOut = records[confirmation.optOut]
                let seconds = (record.occurredAt - optOut.occurredAt) / 1_000_000
                if record.occurredAt - optOut.occurredAt > Int64(parameters.confirmationWindowSeconds) * 1_000_000, walk.federal, counted {
                    add(.optOutConfirm, index, records, walk, evidence: [evidence("opt_out", optOut)], actor: actorLabel(record),
                        detail: "confirmation SMS sent \(Self.duration(seconds)) after the opt-out (limit \(Self.duration(Int64(parameters.confirmationWindowSeconds))))")
                }
            } else if walk.federal && counted {
                var evidence: [TCPAReport.Evidence] = []
                if let start = walk.periodStart { evidence.append(self.evidence("dnc_in_force", records[start])) }
                if let owner = walk.owner, owner != walk.periodStart { evidence.append(self.evidence("dnc_owner", records[owner])) }
                if let confirmation = walk.confirmation {
                    if confirmation.optOut != walk.periodStart && confirmation.optOut != walk.owner {
                        evidence.append(self.evidence("opt_out", records[confirmation.optOut]))
                    }
                }
                let owner = walk.owner.map { records[$0] }
                let since = owner.map { (record.occurredAt - $0.occurredAt) / 1_000_000 } ?? 0
                var detail = "outbound \(isSMS ? "SMS" : "call") while Do-Not-Contact was in force (set by \(current.rawValue) \(Self.duration(since)) earlier)"
                if let owner, owner.recordedAt > record.recordedAt { detail += "; the DNC event was recorded later (late delivery): the system did not know yet" }
                if isSMS, walk.confirmation?.used == true { detail += "; the one confirmation SMS had already been sent" }
                add(.dnc1, index, records, walk, evidence: evidence, actor: actorLabel(record), detail: detail)
            }
        }
        guard counted || (!isSMS && !walk.stateSets.isEmpty) else { return }
        let locals = walk.zones.map { clocks.local($0, at: record.occurredAt) }
        if counted && walk.federal, locals.contains(where: { !parameters.federalWindow.contains(microOfDay: $0.microOfDay) }) {
            add(.hours1, index, records, walk, evidence: [], actor: actorLabel(record),
                detail: "outside \(parameters.federalWindow) in the called party's local time\(walk.zones.count > 1 ? " (in at least one of its zones)" : "")")
        }
        for set in walk.stateSets {
            if counted, let rule = set.hoursRule, locals.contains(where: { !parameters.stateWindow.contains(microOfDay: $0.microOfDay) }) {
                add(rule, index, records, walk, evidence: [], actor: actorLabel(record),
                    detail: "outside \(parameters.stateWindow) in the called party's local time (\(set.rawValue))")
            }
        }
        if !isSMS && !walk.stateSets.isEmpty {
            let dayMicros: Int64 = 86_400_000_000
            walk.recentCalls.removeAll { $0.at <= record.occurredAt - dayMicros }
            walk.recentCalls.append((record.occurredAt, index))
            if walk.recentCalls.count > parameters.stateCallsPer24HoursMax && counted {
                let earlier = walk.recentCalls.dropLast().map { evidence("earlier_call", records[$0.record]) }
                for set in walk.stateSets {
                    guard let rule = set.callsRule else { continue }
                    add(rule, index, records, walk, evidence: earlier, actor: actorLabel(record),
                        detail: "call \(walk.recentCalls.count) within 24 hours (limit \(parameters.stateCallsPer24HoursMax), \(set.rawValue))")
                }
            }
        }
    }

    // MARK: Revocations (OPTOUT-HONOR)

    private mutating func revocation(_ index: Int, _ records: ArraySlice<TimelineRecord>, _ walk: inout Walk) {
        let record = records[index]
        guard walk.federal else { return }
        if walk.doNotContact != nil, let start = walk.periodStart {
            // In force at receipt: set by this event, or already by an earlier one.
            report(revocationAt: index, receipt: record.occurredAt, honoured: start, outcome: nil, records, walk)
        } else {
            walk.pending.append((index, record.occurredAt))
        }
    }

    private mutating func finishUnhonoured(_ index: Int, receipt: Int64, _ records: ArraySlice<TimelineRecord>, _ walk: Walk) {
        let days = businessDays(walk, from: receipt, to: horizon)
        report(revocationAt: index, receipt: receipt, honoured: nil, outcome: days > parameters.honorBusinessDaysMax ? "not_honoured" : "pending", records, walk)
    }

    /// Reports one revocation; `honoured` is the record that put DNC in force. Honouring is
    /// measured by event time, like DNC-1: a STOP the webhook delivered late was in force from
    /// its receipt (calls in between are DNC-1); the entry shows when it was recorded.
    private mutating func report(
        revocationAt index: Int, receipt: Int64, honoured: Int?, outcome fixed: String?, _ records: ArraySlice<TimelineRecord>, _ walk: Walk
    ) {
        let record = records[index]
        guard inRange(record) else { return }
        counts.revocations += 1
        let slot = replayer.contacts[walk.contact]
        let honouredAt = honoured.map { max(receipt, records[$0].occurredAt) }
        let days = businessDays(walk, from: receipt, to: honouredAt ?? horizon)
        let late = days > parameters.honorBusinessDaysMax
        let outcome = fixed ?? (late ? "late" : "honoured")
        revocations.append(TCPAReport.Revocation(
            storeId: replayer.stores[Int(slot.store)].storeId, phone: slot.phone.e164, position: record.position,
            eventType: record.typeName,
            keyword: record.kind == .optedOut || record.kind == .inboundKeywordSMS ? replayer.strings[Int(record.aux)] : nil,
            actor: actorLabel(record), receivedAt: Self.iso(receipt), honouredAt: honouredAt.map(Self.iso),
            honouredPosition: honoured.map { records[$0].position },
            honouredRecordedAt: honoured.map { Self.iso(records[$0].recordedAt) }, seconds: honouredAt.map { ($0 - receipt) / 1_000_000 },
            businessDays: days, outcome: outcome))
        guard outcome == "late" || outcome == "not_honoured" else { return }
        var evidence: [TCPAReport.Evidence] = []
        if let honoured { evidence.append(self.evidence("dnc_in_force", records[honoured])) }
        add(.optOutHonor, index, records, walk, evidence: evidence, actor: actorLabel(record),
            detail: outcome == "late"
                ? "revocation honoured on business day \(days) (limit \(parameters.honorBusinessDaysMax))"
                : "revocation not honoured after \(days) business days (limit \(parameters.honorBusinessDaysMax))")
    }

    /// Business days between two instants' dates in the store's zone.
    private mutating func businessDays(_ walk: Walk, from: Int64, to: Int64) -> Int {
        let start = clocks.local(walk.storeZone, at: from).date
        let end = clocks.local(walk.storeZone, at: to).date
        return USBusinessCalendar.businessDays(after: start, through: end)
    }

    // MARK: Report rows

    private mutating func add(
        _ rule: AuditRule, _ index: Int, _ records: ArraySlice<TimelineRecord>, _ walk: Walk, evidence: [TCPAReport.Evidence], actor: String?,
        detail: String
    ) {
        let record = records[index]
        let slot = replayer.contacts[walk.contact]
        let locals = walk.zones.map { TCPAReport.LocalTime(zone: clocks.identifier($0), time: clocks.localText($0, at: record.occurredAt)) }
        violations.append(TCPAReport.Violation(
            rule: rule.rawValue, ruleSet: rule.ruleSet.rawValue, storeId: replayer.stores[Int(slot.store)].storeId,
            phone: slot.phone.e164, position: record.position, eventType: record.typeName, occurredAt: Self.iso(record.occurredAt),
            recordedAt: Self.iso(record.recordedAt), localTimes: locals, timeZoneUncertain: walk.uncertain, actor: actor,
            evidence: evidence, detail: detail))
        counts.violations += 1
        counts.violationsByRule[rule.rawValue, default: 0] += 1
    }

    private func evidence(_ role: String, _ record: TimelineRecord) -> TCPAReport.Evidence {
        TCPAReport.Evidence(
            role: role, position: record.position, eventType: record.typeName, occurredAt: Self.iso(record.occurredAt),
            recordedAt: Self.iso(record.recordedAt), actor: actorLabel(record))
    }

    private func actorLabel(_ record: TimelineRecord) -> String? {
        switch record.kind {
        case .outboundCall, .outboundSMS, .dncSetStaff, .dncClearedStaff:
            let label = replayer.strings[Int(record.aux)]
            return label.isEmpty ? nil : label
        case .dncSetAI, .dncClearedAI: return "ai"
        case .optedOut, .optedIn: return "system"
        case .inboundKeywordSMS: return "customer"
        case .mergedFrom: return nil
        }
    }

    static func iso(_ micros: Int64) -> String { ISOTime.string(Timestamp(microsecondsSinceEpoch: micros)) }

    static func duration(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 3600 { return "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s" }
        if s < 86_400 { return "\(s / 3600)h\(s % 3600 / 60 < 10 ? "0" : "")\(s % 3600 / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s" }
        return "\(s / 86_400)d\(s % 86_400 / 3600)h"
    }

    /// The same UTC wall-clock instant `years` later (February 29 → February 28).
    static func adding(years: Int, to micros: Int64) -> Int64 {
        let day: Int64 = 86_400_000_000
        let days = micros >= 0 ? micros / day : (micros - day + 1) / day
        let date = CivilDate(daysSinceEpoch: days)
        let target = CivilDate(year: date.year + years, month: date.month, day: min(date.day, date.month == 2 ? 28 : date.day))
        return target.daysSinceEpoch * day + (micros - days * day)
    }
}
