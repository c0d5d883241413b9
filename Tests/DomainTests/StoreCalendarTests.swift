import Domain
import EventStore
import Foundation
import Testing

/// Worked examples of the store-hours calendar: the fixture expectations
/// (fixtures/README.md), READMODELS.md's 20:58 → 08:03 and 23:10 → 08:05, each priority's SLA,
/// and DST days in America/Los_Angeles and America/New_York.
@Suite struct StoreCalendarTests {
    static func calendar(_ zone: String, quiet: (String, String) = ("21:00", "08:00")) throws -> StoreCalendar {
        StoreCalendar(timeZone: try #require(TimeZone(identifier: zone)), quietHours: try QuietHours(start: quiet.0, end: quiet.1))
    }

    static func at(_ text: String) throws -> Timestamp { try #require(ISOTime.parseTimestamp(text)) }

    static let mossBeach = { try! calendar("America/Los_Angeles") }()
    /// fixtures/stores/tampa.json: quiet 20:00–08:00.
    static let tampa = { try! calendar("America/New_York", quiet: ("20:00", "08:00")) }()

    func due(_ calendar: StoreCalendar, _ received: String, minutes: Int = 5) throws -> String {
        ISOTime.string(calendar.dueAt(from: try Self.at(received), slaMinutes: minutes))
    }

    @Test func mossBeachWebLeadAtLocalMorningIsDueFiveMinutesLater() throws {
        #expect(try due(Self.mossBeach, "2026-03-02T16:58:00Z") == "2026-03-02T17:03:00.000Z")
    }

    @Test func mossBeachLeadAt2058IsDueAt0803NextMorning() throws {
        #expect(try due(Self.mossBeach, "2026-03-04T04:58:00Z") == "2026-03-04T16:03:00.000Z")
    }

    @Test func leadReceivedAt2310IsDueAt0805() throws {
        // 23:10 PST on 2026-03-03 is 07:10Z on 2026-03-04; 08:05 PST is 16:05Z.
        #expect(try due(Self.mossBeach, "2026-03-04T07:10:00Z") == "2026-03-04T16:05:00.000Z")
    }

    @Test func tampaLeadOneMinuteBeforeItsEarlierQuietHoursIsDueAt0804() throws {
        #expect(try due(Self.tampa, "2026-03-07T00:59:00Z") == "2026-03-07T13:04:00.000Z")
    }

    @Test func prioritiesUseTheirDefaultSLAs() throws {
        let received = try Self.at("2026-03-03T03:00:00Z")  // 19:00 PST
        #expect(ISOTime.string(Self.mossBeach.dueAt(from: received, priority: .high)) == "2026-03-03T03:05:00.000Z")
        // medium, 4 h: 2 h until 21:00, 2 h after 08:00 → 10:00 PST.
        #expect(ISOTime.string(Self.mossBeach.dueAt(from: received, priority: .medium)) == "2026-03-03T18:00:00.000Z")
        // low, 24 h: 2 h tonight, 13 h tomorrow, 9 h the day after → 17:00 PST on 03-04.
        #expect(ISOTime.string(Self.mossBeach.dueAt(from: received, priority: .low)) == "2026-03-05T01:00:00.000Z")
    }

    @Test func slaThatRunsOutExactlyAtQuietStartIsDueWhenQuietHoursEnd() throws {
        // 20:55 PST + 5 min = 21:00, the first quiet instant → due at 08:00.
        #expect(try due(Self.mossBeach, "2026-03-03T04:55:00Z") == "2026-03-03T16:00:00.000Z")
        #expect(try due(Self.mossBeach, "2026-03-03T04:54:59Z") == "2026-03-03T04:59:59.000Z")
    }

    @Test func leadReceivedDuringQuietHoursStartsCountingAtOpening() throws {
        #expect(try due(Self.mossBeach, "2026-03-03T12:00:00Z") == "2026-03-03T16:05:00.000Z")  // 04:00 PST
    }

    @Test func springForwardNightInLosAngelesIsTenRealHours() throws {
        // 2026-03-08: 02:00 PST → 03:00 PDT. 20:58 PST on 03-07 → 2 min, then 08:03 PDT.
        #expect(try due(Self.mossBeach, "2026-03-08T04:58:00Z") == "2026-03-08T15:03:00.000Z")
    }

    @Test func fallBackNightInLosAngelesIsTwelveRealHours() throws {
        // 2026-11-01: 02:00 PDT → 01:00 PST. 20:58 PDT on 10-31 → 2 min, then 08:03 PST.
        #expect(try due(Self.mossBeach, "2026-11-01T03:58:00Z") == "2026-11-01T16:03:00.000Z")
    }

    @Test func dstNightsInNewYorkFollowTheLocalClock() throws {
        // Spring forward 2026-03-08: 19:59 EST → 1 min, then 08:04 EDT (12:04Z).
        #expect(try due(Self.tampa, "2026-03-08T00:59:00Z") == "2026-03-08T12:04:00.000Z")
        // Fall back 2026-11-01: 19:59 EDT on 10-31 → 1 min, then 08:04 EST (13:04Z).
        #expect(try due(Self.tampa, "2026-10-31T23:59:00Z") == "2026-11-01T13:04:00.000Z")
    }

    @Test func quietWindowCutShortBySpringForwardEndsAtTheJump() throws {
        // Quiet 01:00–02:30; on 2026-03-08 local time jumps 02:00 PST → 03:00 PDT (10:00Z),
        // past 02:30, so quiet ends at the jump. 00:58 PST = 08:58Z → 2 min, then 10:03Z.
        let calendar = try Self.calendar("America/Los_Angeles", quiet: ("01:00", "02:30"))
        #expect(try due(calendar, "2026-03-08T08:58:00Z") == "2026-03-08T10:03:00.000Z")
    }

    @Test func quietWindowRepeatedByFallBackLastsTwoRealHours() throws {
        // Quiet 01:00–02:00; on 2026-11-01 01:00–02:00 happens twice (PDT 08:00Z, PST 09:00Z).
        let calendar = try Self.calendar("America/Los_Angeles", quiet: ("01:00", "02:00"))
        #expect(try due(calendar, "2026-11-01T07:58:00Z") == "2026-11-01T10:03:00.000Z")
    }

    @Test func quietWindowWithinOneDayDoesNotWrapMidnight() throws {
        let lunch = try Self.calendar("America/New_York", quiet: ("12:00", "13:00"))
        #expect(try due(lunch, "2026-03-02T16:58:00Z") == "2026-03-02T18:03:00.000Z")  // 11:58 EST
        #expect(!lunch.isQuiet(at: try Self.at("2026-03-03T04:00:00Z")))  // 23:00 EST
    }

    @Test func equalStartAndEndMeansNoQuietHours() throws {
        let open = try Self.calendar("America/New_York", quiet: ("08:00", "08:00"))
        #expect(try due(open, "2026-03-03T04:00:00Z", minutes: 240) == "2026-03-03T08:00:00.000Z")
        #expect(!open.isQuiet(at: try Self.at("2026-03-03T04:00:00Z")))
    }

    @Test func quietHoursIncludeTheirStartAndExcludeTheirEnd() throws {
        #expect(Self.mossBeach.isQuiet(at: try Self.at("2026-03-03T05:00:00Z")))  // 21:00:00
        #expect(!Self.mossBeach.isQuiet(at: try Self.at("2026-03-03T04:59:59Z")))  // 20:59:59
        #expect(!Self.mossBeach.isQuiet(at: try Self.at("2026-03-03T16:00:00Z")))  // 08:00:00
        #expect(Self.mossBeach.isQuiet(at: try Self.at("2026-03-03T15:59:59Z")))  // 07:59:59
    }

    @Test func localTimeShowsTheStoresWallClockAndOffset() throws {
        #expect(Self.mossBeach.localTime(at: try Self.at("2026-03-02T16:58:00Z")).description == "2026-03-02 08:58:00 -08:00")
        #expect(Self.mossBeach.localTime(at: try Self.at("2026-07-01T03:30:00Z")).description == "2026-06-30 20:30:00 -07:00")
        #expect(Self.tampa.localTime(at: try Self.at("2026-03-07T00:59:00Z")).description == "2026-03-06 19:59:00 -05:00")
    }

    @Test func localWallClockTimesResolveAcrossDSTGapsAndOverlaps() throws {
        let day = CivilDate(year: 2026, month: 3, day: 8)
        #expect(ISOTime.string(Self.mossBeach.instant(on: day, secondOfDay: 8 * 3600)) == "2026-03-08T15:00:00.000Z")
        // 02:30 does not exist on spring-forward day: it resolves to 03:30 PDT.
        #expect(ISOTime.string(Self.mossBeach.instant(on: day, secondOfDay: 9000)) == "2026-03-08T10:30:00.000Z")
        // 01:30 happens twice on fall-back day: the earlier (PDT) one.
        let fallBack = CivilDate(year: 2026, month: 11, day: 1)
        #expect(ISOTime.string(Self.mossBeach.instant(on: fallBack, secondOfDay: 5400)) == "2026-11-01T08:30:00.000Z")
    }

    @Test func nextOpenIsTheEndOfTheCurrentQuietStretch() throws {
        #expect(ISOTime.string(Self.mossBeach.nextOpen(from: try Self.at("2026-03-03T07:10:00Z"))) == "2026-03-03T16:00:00.000Z")
        #expect(ISOTime.string(Self.mossBeach.nextOpen(from: try Self.at("2026-03-03T17:00:00Z"))) == "2026-03-03T17:00:00.000Z")
    }

    @Test func storeProfileCalendarUsesItsZoneQuietHoursAndSLA() throws {
        let profile = try StoreProfile(json: Array(StoreFixtures.tampa.utf8))
        #expect(ISOTime.string(profile.calendar.dueAt(from: try Self.at("2026-03-07T00:59:00Z"), priority: .high)) == "2026-03-07T13:04:00.000Z")
    }
}
