import Commands
import Foundation
import Testing

/// RFC 5322 dates (current and obsolete syntax) and the human dates of forwarded headers.
@Suite struct EmailDateTests {
    static let utcZone = TimeZone(identifier: "UTC")!
    static let tampa = TimeZone(identifier: "America/New_York")!

    @Test(arguments: [
        ("Mon, 02 Mar 2026 08:58:00 -0800", "2026-03-02T16:58:00Z"),
        ("2 Mar 2026 08:58:00 -0800", "2026-03-02T16:58:00Z"),  // no day name
        ("Mon, 2 Mar 2026 08:58 -0800", "2026-03-02T16:58:00Z"),  // no seconds
        ("Mon,  2 Mar 2026 16:58:00 +0000 (UTC)", "2026-03-02T16:58:00Z"),  // comment
        ("Mon, 02 Mar 26 08:58:00 PST", "2026-03-02T16:58:00Z"),  // two-digit year, zone name
        ("Mon, 02 Mar 126 11:58:00 EST", "2026-03-02T16:58:00Z"),  // three-digit year (+1900)
        ("02 Mar 2026 09:58:00 CDT", "2026-03-02T14:58:00Z"),
        ("02 Mar 2026 16:58:00 GMT", "2026-03-02T16:58:00Z"),
        ("02 Mar 2026 16:58:00 UT", "2026-03-02T16:58:00Z"),
        ("02 Mar 2026 16:58:00 Z", "2026-03-02T16:58:00Z"),  // military letters read as -0000
        ("02 Mar 2026 16:58:00 Q", "2026-03-02T16:58:00Z"),
        ("02 Mar 2026 22:28:00 +0530", "2026-03-02T16:58:00Z"),
        ("Tue, 31 Dec 2024 23:59:60 +0000", "2024-12-31T23:59:59Z"),  // leap second
        ("Thu, 29 Feb 2024 12:00:00 -0500", "2024-02-29T17:00:00Z"),
        ("Wed, 4 Mar 2026 09:31:00 +0000 GMT", "2026-03-04T09:31:00Z"),  // first zone wins
    ])
    func rfc5322Dates(_ text: String, _ expected: String) {
        #expect(EmailDate.parse(text, timeZoneIfAbsent: Self.tampa) == utc(expected))
    }

    @Test(arguments: [
        ("Wed, Mar 4, 2026 at 9:31 AM", "2026-03-04T14:31:00Z"),  // Gmail
        ("March 4, 2026 at 9:31:00 AM PST", "2026-03-04T17:31:00Z"),  // Apple Mail, with zone
        ("Wednesday, March 4, 2026 9:31 PM", "2026-03-05T02:31:00Z"),  // Outlook
        ("3/4/2026 12:05 AM", "2026-03-04T05:05:00Z"),  // US numeric, midnight hour
        ("2026-03-04 12:05 PM", "2026-03-04T17:05:00Z"),  // ISO date, noon hour
        ("Sun, Mar 8, 2026 at 3:30 AM", "2026-03-08T07:30:00Z"),  // after the DST change
        ("Wed, 4 Mar 2026 9:31am", "2026-03-04T14:31:00Z"),
        ("Wed, Mar 4, 2026 at 9:31 AM GMT+1", "2026-03-04T08:31:00Z"),
    ])
    func forwardedHeaderDatesWithoutZoneUseTheGivenZone(_ text: String, _ expected: String) {
        #expect(EmailDate.parse(text, timeZoneIfAbsent: Self.tampa) == utc(expected))
    }

    @Test(arguments: [
        "", "yesterday", "Mon, 30 Feb 2026 10:00:00 +0000", "Mon, 2 Mar 2026 24:00:00 +0000",
        "Mon, 2 Mar 2026 10:60:00 +0000", "Mon, 2 Mar 2026 +0000", "2 Foo 2026 10:00 +0000",
        "Mon, 2 Mar 2026 13:00 PM", "Mon, 2 Mar 2026 10:00:00 +2400", "99999999999999999999 Mar 2026 10:00",
        "Mon, 2 Mar 2026 10:00 10:00", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
    ])
    func impossibleOrUnknownDatesAreNil(_ text: String) {
        #expect(EmailDate.parse(text, timeZoneIfAbsent: Self.utcZone) == nil)
    }
}
