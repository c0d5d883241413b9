import Domain
import EventStore

/// The TCPA auditor (TCPA.md): replays the log — never the SQLite read models — and reports
/// violations with evidence positions, so anyone can re-run it and get the same answer.
///
/// Two halves: `AuditReplayer` folds the log in one `EventStore.scan` into per-contact
/// timelines; `ContactEvaluator` walks each timeline in event-time order and applies the
/// rules. Pure: no clock (the caller passes `generatedAt`), no randomness, no SQLite.
/// Thread-safe: stateless; each call works on its own values (the store is thread-safe).
public enum TCPAAudit {
    /// How far a scan has come: `position` of `lastPosition`.
    public typealias Progress = (_ position: UInt64, _ lastPosition: UInt64) -> Void

    /// Runs the audit over every durable event (or one store's) and returns the report.
    public static func run(
        store: EventStore, options: TCPAAuditOptions = TCPAAuditOptions(), generatedAt: Timestamp, progress: Progress? = nil
    ) throws(AuditError) -> TCPAReport {
        var replayer = try replay(store: store, storeId: options.storeId, parameters: options.parameters, progress: progress)
        for index in replayer.contacts.indices { replayer.sortTimeline(of: index) }
        let ruleSets = replayer.stores.map { slot in options.ruleSets ?? slot.profile?.ruleSets ?? [.federal] }
        let clocks = ZoneClocks(table: options.zoneTable, storeZoneNames: replayer.stores.map { $0.profile?.timeZone.rawValue })
        var evaluator = ContactEvaluator(
            replayer: replayer, parameters: options.parameters, ruleSetsByStore: ruleSets,
            from: options.from?.microsecondsSinceEpoch ?? .min, to: options.to?.microsecondsSinceEpoch ?? .max, clocks: clocks)
        for index in replayer.contacts.indices { evaluator.evaluate(index) }

        let violations = sortedViolations(evaluator.violations + gapViolations(replayer))
        var counts = evaluator.counts
        counts.violations = violations.count
        counts.violationsByRule = Dictionary(grouping: violations, by: \.rule).mapValues(\.count)
        let revocations = evaluator.revocations.sorted { $0.position < $1.position }

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

    /// One scan of the log into a replayer.
    static func replay(store: EventStore, storeId: StoreID?, parameters: TCPAParameters, progress: Progress?) throws(AuditError) -> AuditReplayer {
        var replayer = AuditReplayer(keywords: OptOutKeywords(parameters.optOutKeywords), checksGaps: storeId == nil)
        let last = store.durablePosition
        var failure: AuditError?
        do {
            try store.scan(through: last, filter: EventFilter(storeId: storeId?.rawValue)) { event in
                do {
                    try replayer.apply(event)
                } catch {
                    failure = AuditError.wrap(error)
                    return false
                }
                if event.position & 0xFFFF == 0 { progress?(event.position, last) }
                return true
            }
        } catch {
            throw AuditError.wrap(error)
        }
        if let failure { throw failure }
        progress?(last, last)
        return replayer
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
    static func gapViolations(_ replayer: AuditReplayer) -> [TCPAReport.Violation] {
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

extension AuditReplayer {
    mutating func sortTimeline(of index: Int) {
        let records = contacts[index].records
        var sorted = true
        for i in records.indices.dropFirst() where TimelineRecord.eventOrder(records[i], records[i - 1]) {
            sorted = false
            break
        }
        if !sorted { sortRecords(index) }
    }
}
