import Domain
import EventStore

/// The TCPA auditor (TCPA.md): replays the log — never the SQLite read models — and reports
/// violations with evidence positions, so anyone can re-run it and get the same answer.
///
/// Two halves: `AuditReplayer`s fold the log — split in chunks of positions read by one worker
/// per core — into per-contact timelines, joined into one `AuditReplay`; `ContactEvaluator`
/// walks each timeline in event-time order and applies the rules. Pure: no clock (the caller passes `generatedAt`), no randomness, no SQLite.
/// Thread-safe: stateless; each call works on its own values (the store is thread-safe).
public enum TCPAAudit {
    /// How far a scan has come: `position` of `lastPosition`.
    public typealias Progress = (_ position: UInt64, _ lastPosition: UInt64) -> Void

    /// Runs the audit over every durable event (or one store's) and returns the report.
    public static func run(
        store: EventStore, options: TCPAAuditOptions = TCPAAuditOptions(), generatedAt: Timestamp, progress: Progress? = nil
    ) throws(AuditError) -> TCPAReport {
        try run(store: store, options: options, generatedAt: generatedAt, plan: nil, progress: progress)
    }

    /// `plan`: how the scan is split (nil: one worker per core); the report does not depend on it.
    static func run(
        store: EventStore, options: TCPAAuditOptions, generatedAt: Timestamp, plan: ReplayPlan?, progress: Progress?
    ) throws(AuditError) -> TCPAReport {
        let replayer = try replay(
            store: store, storeId: options.storeId, parameters: options.parameters, keepsEveryContact: false, foldsDoNotContact: false,
            plan: plan, progress: progress)
        let ruleSets = replayer.stores.map { slot in options.ruleSets ?? slot.profile?.ruleSets ?? [.federal] }
        let clocks = ZoneClocks(table: options.zoneTable, storeZoneNames: replayer.stores.map { $0.profile?.timeZone.rawValue })
        let evaluated = evaluate(
            replayer, parameters: options.parameters, ruleSetsByStore: ruleSets, from: options.from?.microsecondsSinceEpoch ?? .min,
            to: options.to?.microsecondsSinceEpoch ?? .max, clocks: clocks,
            threads: (plan ?? ReplayPlan.automatic(lastPosition: replayer.lastPosition)).workers)

        let violations = sortedViolations(evaluated.violations + gapViolations(replayer))
        var counts = evaluated.counts
        counts.violations = violations.count
        counts.violationsByRule = Dictionary(grouping: violations, by: \.rule).mapValues(\.count)
        let revocations = evaluated.revocations.sorted { $0.position < $1.position }

        let checksum: BatchChecksum?
        do { checksum = replayer.lastPosition > 0 ? try store.batchChecksum(containing: replayer.lastPosition) : nil } catch {
            throw AuditError.wrap(error)
        }
        let requested = options.ruleSets
        let usedSets = Set(ruleSets.flatMap { $0 })
        return TCPAReport(
            generatedAt: ISOTime.string(generatedAt),
            requestedRuleSets: requested?.map(\.rawValue),
            rules: AuditRule.allCases.filter { usedSets.contains($0.ruleSet) }.map {
                TCPAReport.RuleInfo(id: $0.rawValue, ruleSet: $0.ruleSet.rawValue, summary: $0.summary, basis: $0.basis)
            },
            parameters: reportParameters(options.parameters),
            filters: TCPAReport.Filters(
                storeId: options.storeId?.rawValue, from: options.from.map(ISOTime.string), to: options.to.map(ISOTime.string)),
            range: TCPAReport.ReplayedRange(
                firstPosition: replayer.firstPosition, lastPosition: replayer.lastPosition, eventsReplayed: replayer.eventCount,
                lastBatchChecksum: checksum.map {
                    TCPAReport.Checksum(
                        crc32: hex32($0.frameCRC), segmentFirstPosition: $0.segmentFirstPosition, segmentSealed: $0.segmentSealed,
                        batchFirstPosition: $0.batchFirstPosition, batchLastPosition: $0.batchLastPosition)
                },
                horizon: replayer.maxRecordedAt == .min ? nil : ContactEvaluator.iso(replayer.maxRecordedAt)),
            zoneTable: TCPAReport.ZoneTableInfo(source: options.zoneTable.source, prefixes: options.zoneTable.zonePrefixCount),
            stores: zip(replayer.stores, ruleSets).map { slot, sets in
                TCPAReport.StoreInfo(
                    storeId: slot.storeId, name: slot.profile?.name, timeZone: slot.profile?.timeZone.rawValue,
                    ruleSets: sets.map(\.rawValue), registered: slot.profile != nil)
            }.sorted { $0.storeId < $1.storeId },
            counts: counts, revocations: revocations, violations: violations)
    }

    /// Walks every contact's timeline: the contacts cut into ranges that `threads` workers
    /// take in turn, each with its own evaluator (and zone caches); the results joined in
    /// contact order, as one evaluator walking them all would have produced them.
    static func evaluate(
        _ replay: AuditReplay, parameters: TCPAParameters, ruleSetsByStore: [[AuditRuleSet]], from: Int64, to: Int64, clocks: ZoneClocks,
        threads: Int
    ) -> (violations: [TCPAReport.Violation], revocations: [TCPAReport.Revocation], counts: TCPAReport.Counts) {
        let parts = ParallelWork.ranges(count: replay.contacts.count, parts: threads * 8)
        let evaluated = ParallelWork.map(count: parts.count, workers: threads) { part in
            var evaluator = ContactEvaluator(
                replay: replay, parameters: parameters, ruleSetsByStore: ruleSetsByStore, from: from, to: to, clocks: clocks)
            for index in parts[part] { evaluator.evaluate(index) }
            return (evaluator.violations, evaluator.revocations, evaluator.counts)
        }
        var violations: [TCPAReport.Violation] = [], revocations: [TCPAReport.Revocation] = [], counts = TCPAReport.Counts()
        for (partViolations, partRevocations, partCounts) in evaluated {
            violations += partViolations
            revocations += partRevocations
            counts.outboundCalls += partCounts.outboundCalls
            counts.outboundSMS += partCounts.outboundSMS
            counts.optOuts += partCounts.optOuts
            counts.revocations += partCounts.revocations
            counts.contactsAudited += partCounts.contactsAudited
        }
        return (violations, revocations, counts)
    }

    /// By (position, rule order, phone): a key per row computed once, then an index sort.
    static func sortedViolations(_ violations: [TCPAReport.Violation]) -> [TCPAReport.Violation] {
        let order = Dictionary(uniqueKeysWithValues: AuditRule.allCases.enumerated().map { ($1.rawValue, $0) })
        let keys = violations.map { ($0.position, order[$0.rule] ?? Int.max) }
        let indices = violations.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            return violations[a].phone < violations[b].phone
        }
        return indices.map { violations[$0] }
    }

    /// DNC-RETAIN's "nothing deleted": positions are dense, so a hole means events are missing.
    static func gapViolations(_ replayer: AuditReplay) -> [TCPAReport.Violation] {
        replayer.gaps.map { gap in
            TCPAReport.Violation(
                rule: AuditRule.dncRetain.rawValue, ruleSet: AuditRuleSet.federal.rawValue, storeId: "", phone: "",
                position: gap.lowerBound, eventType: "", occurredAt: "", recordedAt: "", localTimes: [], timeZoneUncertain: false,
                actor: nil, evidence: [], detail: "positions \(gap.lowerBound)–\(gap.upperBound) are missing from the log")
        }
    }

    static func reportParameters(_ p: TCPAParameters) -> TCPAReport.Parameters {
        TCPAReport.Parameters(
            federalWindow: p.federalWindow.description, stateWindow: p.stateWindow.description,
            stateCallsPer24HoursMax: p.stateCallsPer24HoursMax, confirmationWindowSeconds: p.confirmationWindowSeconds,
            honorBusinessDaysMax: p.honorBusinessDaysMax,
            businessDays: "Monday–Friday except US federal holidays (observed), in the store's time zone",
            retainYears: p.retainYears, optOutKeywords: p.optOutKeywords)
    }

    static func hex32(_ value: UInt32) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 8 - text.count) + text
    }
}
