import Audit
import Domain
import Testing

/// OPTOUT-CONFIRM and OPTOUT-HONOR at their boundaries, and the federal holiday calendar.
@Suite struct OptOutRuleTests {
    typealias S = AuditScenario
    static let a = PhoneNumber("+14155550101")!
    static let b = PhoneNumber("+14155550102")!
    static let c = PhoneNumber("+14155550103")!
    static let d = PhoneNumber("+14155550104")!

    @Test func aConfirmationAt4m59IsAllowedAt5m01IsOptOutConfirmAndASecondOneIsDNC1() async throws {
        try await S.with { s in
            try await s.optOut(Self.a, at: "2026-03-10T18:00:00Z")
            try await s.optOut(Self.b, at: "2026-03-10T18:00:00Z")
            try await s.optOut(Self.c, at: "2026-03-10T18:00:00Z")
            try await s.optOut(Self.d, at: "2026-03-10T18:00:00Z")
            try await s.sms(Self.a, at: "2026-03-10T18:04:59Z", text: "You are unsubscribed.")
            let late = try await s.sms(Self.b, at: "2026-03-10T18:05:01Z", text: "You are unsubscribed.")
            try await s.sms(Self.c, at: "2026-03-10T18:05:00Z", text: "You are unsubscribed.")
            let second = try await s.sms(Self.c, at: "2026-03-10T18:05:00.500Z", text: "Reply START to resubscribe.")
            let call = try await s.call(Self.d, at: "2026-03-10T18:01:00Z")
            let report = try s.audit()
            #expect(report.violations(.optOutConfirm).map(\.position) == [late])
            #expect(report.violations(.optOutConfirm).first?.detail.contains("5m01s") == true)
            #expect(report.violations(.dnc1).map(\.position).sorted() == [second, call].sorted())
            #expect(report.violations(.dnc1).first { $0.position == second }?.detail.contains("confirmation SMS had already been sent") == true)
            #expect(report.violations.count == 3)
        }
    }

    /// Receipt Friday 2026-05-15 (PDT). Business days: May 18–22 are 1–5, Monday May 25 is
    /// Memorial Day, May 26–29 are 6–9, Monday June 1 is 10, Tuesday June 2 is 11.
    @Test func aRevocationHonouredOnBusinessDay10IsOnTimeAndOnDay11IsLate() async throws {
        try await S.with { s in
            let onTime = try await s.sms(Self.a, at: "2026-05-15T19:00:00Z", direction: .inbound, text: "Revoke")
            let late = try await s.sms(Self.b, at: "2026-05-15T19:00:00Z", direction: .inbound, text: "  opt-out! ")
            try await s.sms(Self.c, at: "2026-05-15T19:00:00Z", direction: .inbound, text: "stop by tomorrow")
            let day10 = try await s.staffDNC(Self.a, at: "2026-06-01T17:00:00Z")
            let day11 = try await s.staffDNC(Self.b, at: "2026-06-02T17:00:00Z")
            let report = try s.audit()
            let a = try #require(report.revocations.first { $0.position == onTime })
            #expect(a.businessDays == 10)
            #expect(a.outcome == "honoured")
            #expect(a.keyword == "REVOKE")
            #expect(a.honouredPosition == day10)
            let b = try #require(report.revocations.first { $0.position == late })
            #expect(b.businessDays == 11)
            #expect(b.outcome == "late")
            #expect(b.keyword == "OPT OUT")
            #expect(report.violations(.optOutHonor).map(\.position) == [late])
            #expect(report.violations(.optOutHonor).first?.evidence.map(\.position) == [day11])
            // "stop by tomorrow" is a message, not a revocation.
            #expect(!report.revocations.contains { $0.phone == Self.c.e164 })
        }
    }

    @Test func aStopDeliveredLateIsHonouredByEventTimeAndShowsWhenItWasRecorded() async throws {
        try await S.with { s in
            let stop = try await s.optOut(Self.a, at: "2026-05-15T19:00:00Z", recordedAt: "2026-06-03T17:00:00Z")
            let report = try s.audit()
            let revocation = try #require(report.revocations.first)
            #expect(revocation.position == stop)
            #expect(revocation.businessDays == 0)
            #expect(revocation.outcome == "honoured")
            #expect(revocation.honouredRecordedAt == "2026-06-03T17:00:00.000Z")
            #expect(report.violations(.optOutHonor).isEmpty)
        }
    }

    @Test func aRevocationNeverHonouredIsReportedOnceTheDeadlineHasPassedAtTheLogsHorizon() async throws {
        try await S.with { s in
            let revoke = try await s.sms(Self.a, at: "2026-05-15T19:00:00Z", direction: .inbound, text: "UNSUBSCRIBE")
            // Horizon: the log's latest recordedAt, day 10 → still pending.
            try await s.call(Self.b, at: "2026-06-01T17:00:00Z")
            #expect(try s.audit().revocations.first?.outcome == "pending")
            try await s.call(Self.b, at: "2026-06-02T17:00:00Z")
            let report = try s.audit()
            #expect(report.revocations.first?.outcome == "not_honoured")
            #expect(report.violations(.optOutHonor).map(\.position) == [revoke])
        }
    }

    @Test func federalHolidaysFollowTheirRulesAndWeekendObservance() {
        func d(_ y: Int, _ m: Int, _ day: Int) -> CivilDate { CivilDate(year: y, month: m, day: day) }
        #expect(USBusinessCalendar.observedHolidays(in: 2026) == [
            d(2026, 1, 1), d(2026, 1, 19), d(2026, 2, 16), d(2026, 5, 25), d(2026, 6, 19), d(2026, 7, 3), d(2026, 9, 7),
            d(2026, 10, 12), d(2026, 11, 11), d(2026, 11, 26), d(2026, 12, 25),
        ])
        // New Year's Day 2022 was a Saturday: observed Friday 2021-12-31.
        #expect(USBusinessCalendar.isHoliday(d(2021, 12, 31)))
        #expect(!USBusinessCalendar.isHoliday(d(2022, 1, 3)))
        // Juneteenth 2027 is a Saturday (observed Friday the 18th); none before 2021.
        #expect(USBusinessCalendar.isHoliday(d(2027, 6, 18)))
        #expect(!USBusinessCalendar.isHoliday(d(2020, 6, 19)))
        // Christmas 2022 was a Sunday: observed Monday the 26th.
        #expect(USBusinessCalendar.isHoliday(d(2022, 12, 26)))
        #expect(USBusinessCalendar.businessDays(after: d(2026, 5, 15), through: d(2026, 6, 1)) == 10)
        #expect(USBusinessCalendar.businessDay(10, after: d(2026, 5, 15)) == d(2026, 6, 1))
        #expect(USBusinessCalendar.businessDays(after: d(2026, 5, 16), through: d(2026, 5, 16)) == 0)
    }
}
