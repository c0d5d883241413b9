import Audit
import Domain
import Testing

/// DNC-1, DNC-AI and DNC-RETAIN at their boundaries.
@Suite struct DoNotContactRuleTests {
    typealias S = AuditScenario

    @Test func aCallOneSecondAfterAStaffDNCIsDNC1AndOneSecondBeforeIsNot() async throws {
        try await S.with { s in
            try await s.call(S.dana, at: "2026-03-10T17:59:59Z")
            let dnc = try await s.staffDNC(S.dana, at: "2026-03-10T18:00:00Z")
            let after = try await s.call(S.dana, at: "2026-03-10T18:00:01Z")
            let report = try s.audit()
            #expect(report.violations(.dnc1).map(\.position) == [after])
            let violation = try #require(report.violations(.dnc1).first)
            #expect(violation.evidence.map(\.position) == [dnc])
            #expect(violation.evidence.first?.actor == "staff:u-7")
            #expect(violation.actor == "Front Desk (ext 101)")
            #expect(violation.detail.contains("set by staff 0m01s earlier"))
        }
    }

    @Test func aLateDeliveredStopIsInForceByEventTimeForACallLoggedBeforeIt() async throws {
        try await S.with { s in
            try await s.call(S.jordan, at: "2026-03-10T16:59:59Z")
            let call = try await s.call(S.jordan, at: "2026-03-10T18:00:00Z")
            // The STOP happened at 17:00 but the webhook delivered it at 19:00.
            let optOut = try await s.optOut(S.jordan, at: "2026-03-10T17:00:00Z", recordedAt: "2026-03-10T19:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.dnc1).map(\.position) == [call])
            let violation = try #require(report.violations(.dnc1).first)
            #expect(violation.evidence.map(\.position) == [optOut])
            #expect(violation.detail.contains("recorded later"))
            // Honoured from receipt by event time; the entry shows the 2-hour delivery lag.
            let revocation = try #require(report.revocations.first)
            #expect(revocation.seconds == 0)
            #expect(revocation.honouredRecordedAt == "2026-03-10T19:00:00.000Z")
            #expect(revocation.outcome == "honoured")
        }
    }

    @Test func aCustomerStartDoesNotClearAStaffDNC() async throws {
        try await S.with { s in
            try await s.staffDNC(S.dana, at: "2026-03-10T18:00:00Z")
            try await s.optIn(S.dana, at: "2026-03-10T19:00:00Z")
            let call = try await s.call(S.dana, at: "2026-03-10T20:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.dnc1).map(\.position) == [call])
        }
    }

    @Test func callsAfterAStaffClearAreNotDNC1ButTheEarlyClearIsDNCRetain() async throws {
        try await S.with { s in
            let set = try await s.staffDNC(S.dana, at: "2026-03-10T18:00:00Z")
            let clear = try await s.staffDNC(S.dana, at: "2027-03-10T18:00:00Z", set: false, user: "u-9")
            try await s.call(S.dana, at: "2027-03-11T18:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.dnc1).isEmpty)
            #expect(report.violations(.dncRetain).map(\.position) == [clear])
            #expect(report.violations(.dncRetain).first?.evidence.map(\.position) == [set])
            #expect(report.violations(.dncRetain).first?.actor == "staff:u-9")
        }
    }

    @Test func aClearAfterFiveYearsOrByTheCustomersOptInIsNotDNCRetain() async throws {
        try await S.with { s in
            try await s.staffDNC(S.dana, at: "2020-03-10T18:00:00Z")
            try await s.staffDNC(S.dana, at: "2025-03-10T18:00:00Z", set: false)  // exactly five years: kept long enough
            try await s.optOut(S.jordan, at: "2026-03-10T18:00:00Z")
            try await s.optIn(S.jordan, at: "2026-03-11T18:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.dncRetain).isEmpty)
            #expect(report.violations.isEmpty)
        }
    }

    @Test func theAIClearingAStaffDNCIsDNCAIButClearingItsOwnIsNot() async throws {
        try await S.with { s in
            try await s.staffDNC(S.dana, at: "2026-03-10T18:00:00Z")
            let aiClear = try await s.analysis(S.dana, at: "2026-03-10T19:00:00Z", doNotContact: false)
            let call = try await s.call(S.dana, at: "2026-03-10T20:00:00Z")
            try await s.analysis(S.jordan, at: "2026-03-10T18:00:00Z", doNotContact: true)
            try await s.analysis(S.jordan, at: "2026-03-10T19:00:00Z", doNotContact: false)
            let report = try s.audit()
            #expect(report.violations(.dncAI).map(\.position) == [aiClear])
            #expect(report.violations(.dncAI).first?.eventType == "contact.analyzed")
            // The staff DNC stayed in force.
            #expect(report.violations(.dnc1).map(\.position) == [call])
            // The AI's own DNC, cleared by the AI a day later, is reported for retention review.
            #expect(report.violations(.dncRetain).map(\.phone) == [S.jordan.e164])
        }
    }

    @Test func finalDoNotContactFollowsTheLogOrderTheReadModelUses() async throws {
        try await S.with { s in
            // Log order: clear (10:00), then a STOP that happened at 09:59 but arrived at 10:05.
            try await s.staffDNC(S.dana, at: "2026-03-10T09:00:00Z")
            try await s.staffDNC(S.dana, at: "2026-03-10T10:00:00Z", set: false)
            let stop = try await s.optOut(S.dana, at: "2026-03-10T09:59:00Z", recordedAt: "2026-03-10T10:05:00Z")
            let final = try TCPAAudit.finalDoNotContact(store: s.store)
            let dana = try #require(final.first { $0.phone == S.dana })
            #expect(dana.setBy == .system)
            #expect(dana.position == stop)
            let state = try ContactStateAudit.reconstruct(
                store: s.store, query: ContactStateQuery(storeId: S.mossBeach, phone: S.dana, at: S.time("2026-03-10T11:00:00Z")))
            // By event time the STOP (09:59) came before the clear (10:00): nothing in force.
            #expect(!state.doNotContact)
        }
    }
}
