import Audit
import Domain
import Testing

/// HOURS-1 and the state sets: the called party's local time, DST days, split-zone area codes,
/// unknown prefixes, and the 3-calls-per-24-hours limit.
@Suite struct CallingHoursRuleTests {
    typealias S = AuditScenario
    /// 605 (South Dakota) is split between Mountain and Central time.
    static let splitZone = PhoneNumber("+16055550100")!
    static let florida = PhoneNumber("+18135550111")!

    @Test func at205959LocalItIsAllowedAndAt210000ItIsHours1() async throws {
        try await S.with { s in
            // 2026-03-10 is PDT (UTC−7).
            try await s.sms(S.dana, at: "2026-03-11T03:59:59Z")
            let nine = try await s.call(S.dana, at: "2026-03-11T04:00:00Z")
            let early = try await s.call(S.dana, at: "2026-03-11T14:59:59Z")
            try await s.call(S.dana, at: "2026-03-11T15:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.hours1).map(\.position) == [nine, early])
            #expect(report.violations(.hours1).first?.localTimes.map(\.time) == ["2026-03-10T21:00:00-07:00"])
            #expect(report.violations(.hours1).last?.localTimes.map(\.time) == ["2026-03-11T07:59:59-07:00"])
        }
    }

    @Test func dstTransitionDaysUseTheOffsetInForceAtTheCall() async throws {
        try await S.with { s in
            // Spring forward 2026-03-08 in Los Angeles: 21:00 PDT is 04:00Z (at PST it would read 20:00).
            try await s.call(S.dana, at: "2026-03-09T03:59:59Z")
            let springNine = try await s.call(S.dana, at: "2026-03-09T04:00:00Z")
            // Fall back 2026-11-01: 07:59:59 PST is 15:59:59Z (at PDT it would read 08:59:59).
            let fallEarly = try await s.call(S.dana, at: "2026-11-01T15:59:59Z")
            try await s.call(S.dana, at: "2026-11-01T16:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.hours1).map(\.position) == [springNine, fallEarly])
            #expect(report.violations(.hours1).map { $0.localTimes[0].time } == ["2026-03-08T21:00:00-07:00", "2026-11-01T07:59:59-08:00"])
        }
    }

    @Test func aSplitZoneAreaCodeIsCompliantOnlyInsideTheWindowInEveryZone() async throws {
        try await S.with { s in
            #expect(NANPZoneTable.embedded.zones(for: Self.splitZone) == ["America/Denver", "America/North_Dakota/Center"])
            // 07:30 Mountain is 08:30 Central; 20:30 Mountain is 21:30 Central; 09:00/10:00 is fine.
            let mountainEarly = try await s.call(Self.splitZone, at: "2026-03-10T13:30:00Z")
            let centralLate = try await s.call(Self.splitZone, at: "2026-03-11T02:30:00Z")
            try await s.call(Self.splitZone, at: "2026-03-11T15:00:00Z")
            let report = try s.audit()
            #expect(report.violations(.hours1).map(\.position) == [mountainEarly, centralLate])
            let zones = report.violations(.hours1).first?.localTimes.map(\.zone)
            #expect(zones == ["America/Denver", "America/North_Dakota/Center"])
            #expect(report.violations(.hours1).first?.localTimes.map(\.time) == ["2026-03-10T07:30:00-06:00", "2026-03-10T08:30:00-05:00"])
        }
    }

    @Test func aNumberWithoutAZoneFallsBackToTheStoreZoneAndIsMarkedUncertain() async throws {
        let unknown = PhoneNumber("+15555550100")!
        #expect(NANPZoneTable.embedded.zones(for: unknown) == nil)
        try await S.with { s in
            let late = try await s.call(unknown, at: "2026-03-11T04:00:00Z")
            let report = try s.audit()
            let violation = try #require(report.violations(.hours1).first)
            #expect(violation.position == late)
            #expect(violation.timeZoneUncertain)
            #expect(violation.localTimes.map(\.zone) == ["America/Los_Angeles"])
        }
    }

    @Test func floridaHoursEndAt20LocalForFloridaNumbersOfAFloridaStore() async throws {
        try await S.with { s in
            // Tampa (EDT from 2026-03-08): 19:59:59 allowed, 20:00:00 is FL-HOURS but not HOURS-1.
            try await s.sms(Self.florida, at: "2026-03-10T23:59:59Z", store: S.tampa)
            let eight = try await s.sms(Self.florida, at: "2026-03-11T00:00:00Z", store: S.tampa)
            // A California number of the Florida store: Florida's set does not apply.
            try await s.sms(S.dana, at: "2026-03-11T03:30:00Z", store: S.tampa)
            let report = try s.audit()
            #expect(report.violations(.floridaHours).map(\.position) == [eight])
            #expect(report.violations(.hours1).isEmpty)
            // Naming the rule sets overrides the store's configuration.
            let federalOnly = try s.audit(TCPAAuditOptions(ruleSets: [.federal]))
            #expect(federalOnly.violations.isEmpty)
            #expect(federalOnly.requestedRuleSets == ["federal"])
        }
    }

    @Test func aFourthCallWithinTwentyFourHoursIsFloridaCallsAndOneJustOutsideIsNot() async throws {
        try await S.with { s in
            try await s.call(Self.florida, at: "2026-03-10T14:00:00Z", store: S.tampa)
            let second = try await s.call(Self.florida, at: "2026-03-10T15:00:00Z", store: S.tampa)
            let third = try await s.call(Self.florida, at: "2026-03-10T16:00:00Z", store: S.tampa)
            // Exactly 24 h after the first: the first has left the window, three calls in it.
            let fourth = try await s.call(Self.florida, at: "2026-03-11T14:00:00Z", store: S.tampa)
            // One more second: four calls in (t − 24 h, t].
            let fifth = try await s.call(Self.florida, at: "2026-03-11T14:00:01Z", store: S.tampa)
            let report = try s.audit()
            #expect(report.violations(.floridaCalls).map(\.position) == [fifth])
            #expect(report.violations(.floridaCalls).first?.evidence.map(\.position) == [second, third, fourth])
        }
    }
}
