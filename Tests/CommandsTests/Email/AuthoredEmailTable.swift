import Commands
import Foundation
import Testing

/// One authored fixture in `Fixtures/email/` and the core lead fields it must give.
struct AuthoredEmail: Sendable, CustomTestStringConvertible {
    let file: String
    let leadType: String?
    let firstName: String?
    let lastName: String?
    let phone: String?
    let trackingId: String?
    /// ISO-8601 UTC, or nil when the message gives no time.
    let receivedAt: String?
    /// The `code` of every warning, in order.
    let warnings: [String]

    var testDescription: String { file }

    init(
        _ file: String, _ leadType: String?, _ firstName: String?, _ lastName: String?, _ phone: String?,
        tracking: String? = "ot0423", at receivedAt: String? = AuthoredEmail.standardReceivedAt, warnings: [String] = []
    ) {
        self.file = file
        self.leadType = leadType
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.trackingId = tracking
        self.receivedAt = receivedAt
        self.warnings = warnings
    }

    /// The `Received:` date most fixtures share (`Tue, 10 Mar 2026 09:15:00 -0700`).
    static let standardReceivedAt = "2026-03-10T16:15:00Z"
    static let web = "Web Lead"

    /// Every authored fixture that parses (the over-limit one is in the structure tests).
    static let all: [AuthoredEmail] = [
        .init("7bit-lf.eml", web, "Priya", "Raman", "+14155550109", at: "2026-03-11T14:45:00Z"),
        .init("8bit-latin1.eml", web, "Fran\u{E7}ois", "L\u{E9}vesque", "+14155550107"),
        .init("8bit-utf8.eml", web, "Ana Luc\u{ED}a", "G\u{F3}mez", "+14155550106"),
        .init("8bit-windows1252.eml", web, "Ren\u{E9}e", "O\u{2019}Hara", "+14155550108"),
        .init("alternative-blank-plain.eml", web, "Omar", "Haddad", "+14155550122"),
        .init("base64-utf8.eml", web, "Chlo\u{E9}", "Zhang", "+14155550104"),
        .init("base64-windows1252.eml", web, "Gianluca", "D\u{2019}Angelo", "+14155550105"),
        .init("boundary-not-found.eml", web, "Lara", "Voss", "+14155550147", warnings: ["boundary_not_found"]),
        .init("date-missing.eml", web, "Ivo", "Petrov", "+14155550144", at: nil, warnings: ["missing_received_at"]),
        .init("date-obsolete.eml", web, "Hana", "Sato", "+14155550143", at: "2026-03-16T15:58:00Z"),
        .init("folded-headers.eml", web, "Harper", "Quinn", "+14155550118", at: "2026-03-13T15:00:05Z"),
        .init("forward-apple-mail.eml", "Online Intro", "Mia", "Larsen", "+14155550127", at: "2026-03-14T18:00:00Z"),
        .init("forward-gmail-html.eml", web, "Lucas", "Moreau", "+14155550126", at: "2026-03-14T17:02:00Z"),
        .init("forward-outlook-bare-block.eml", web, "Ava", "Novak", "+14155550131", at: "2026-03-14T22:00:00Z"),
        .init("forward-outlook-html.eml", web, "Grace", "Kelly", "+14155550129", at: "2026-03-14T20:10:00Z"),
        .init(
            "forward-outlook-original-message.eml", web, "Ethan", "Walker", "+14155550128",
            at: "2026-03-14T19:00:00Z"),
        .init("forward-outlook-underscore.eml", web, "Liam", "Byrne", "+14155550130", at: "2026-03-14T21:00:00Z"),
        .init("forward-quoted.eml", web, "Isla", "Murray", "+14155550132", tracking: "ot0988", at: "2026-03-15T16:00:00Z"),
        .init("forward-twice.eml", web, "Leo", "Silva", "+14155550133", at: "2026-03-15T17:00:00Z"),
        .init("header-lines-at-limit.eml", web, "Nina", "Ross", "+14155550149", at: "2026-03-16T17:00:00Z"),
        .init("html-only-base64-latin1.eml", web, "In\u{E9}s", "Garc\u{ED}a", "+14155550125"),
        .init("html-only-table.eml", web, "\u{C9}lo\u{EF}se", "Martin", "+14155550124"),
        .init(
            "invalid-utf8.eml", web, "Lena", "Berg\u{FFFD}", "+14155550112", warnings: ["invalid_bytes_for_charset"]),
        .init("label-synonyms.eml", web, "Paula", "Mendes", "+14155550151"),
        .init("lead-value-next-line.eml", web, "Rosa", "Diaz", "+14155550154"),
        .init("mbox-from-line.eml", web, "Oscar", "Lund", "+14155550150"),
        .init(
            "missing-boundary-param.eml", web, "Milo", "Grant", "+14155550148", warnings: ["missing_boundary_parameter"]),
        .init(
            "missing-closing-boundary.eml", web, "Jana", "Novak", "+14155550145", warnings: ["missing_closing_boundary"]),
        .init("mixed-alternative-attachment.eml", web, "Mateo", "Rossi", "+14155550119"),
        .init("name-forms.eml", web, "Cher", nil, "+14155550152"),
        .init("name-last-comma-first.eml", web, "Quinn", "Harlow", "+14155550153"),
        .init("nested-three-levels.eml", web, "Noah", "Fischer", "+14155550121"),
        .init("phone-bare-digits.eml", web, "Maya", "Cohen", "+15551234567"),
        .init("phone-dashes-leading-one.eml", web, "Felix", "Braun", "+15551234567"),
        .init("phone-dots-cell.eml", web, "Jack", "Olsen", "+15551234567"),
        .init("phone-invalid-area-code.eml", web, "Owen", "Price", nil, warnings: ["invalid_phone"]),
        .init("phone-invalid-length.eml", web, "Hugo", "Lind", nil, warnings: ["invalid_phone"]),
        .init("phone-invalid-letters.eml", web, "Ella", "Ward", nil, warnings: ["invalid_phone"]),
        .init("phone-invalid-then-valid.eml", web, "Iris", "Vance", "+14155550134"),
        .init("phone-parens.eml", web, "Ruby", "Chen", "+15551234567"),
        .init("phone-plus-one-spaces.eml", web, "Nora", "Patel", "+15551234567"),
        .init("qp-latin1.eml", web, "Ren\u{E9}e", "Dupr\u{E9}", "+14155550102"),
        .init("qp-utf8.eml", web, "Jos\u{E9}", "N\u{FA}\u{F1}ez", "+14155550101"),
        .init("qp-windows1252.eml", web, "Siobh\u{E1}n", "O\u{2019}Brien", "+14155550103"),
        .init("received-multiple.eml", web, "Finn", "Hale", "+14155550140", at: "2026-03-16T16:30:09Z"),
        .init(
            "received-unparseable.eml", web, "Gia", "Moss", "+14155550141", at: "2026-03-16T13:40:00Z",
            warnings: ["unparseable_date"]),
        .init("related-html-only.eml", web, "Aiko", "Tanaka", "+14155550120"),
        .init("rfc2047-adjacent.eml", web, "Zo\u{EB}", "Br\u{F6}nte", "+14155550115", at: "2026-03-12T10:10:00Z"),
        .init("rfc2047-b-utf8.eml", web, "\u{141}ukasz", "W\u{F3}jcik", "+14155550113", at: "2026-03-12T10:00:00Z"),
        .init(
            "rfc2047-malformed.eml", web, "Min-jun", "Kim", "+14155550117", at: "2026-03-12T10:20:00Z",
            warnings: ["malformed_encoded_word"]),
        .init("rfc2047-q-latin1.eml", web, "Renee", "Lefevre", "+14155550114", at: "2026-03-12T10:05:00Z"),
        .init(
            "rfc2047-windows1252.eml", "Online Intro", "Ren\u{E9}e", "Fa\u{E7}on", "+14155550116",
            at: "2026-03-12T10:15:00Z"),
        .init("tracking-cc.eml", web, "Carl", "Berg", "+14155550137", tracking: "ot0888", at: "2026-03-16T16:10:00Z"),
        .init("tracking-none.eml", web, "Emil", "Dahl", "+14155550139", tracking: nil, at: "2026-03-16T16:20:00Z"),
        .init(
            "tracking-order.eml", web, "Dora", "Vik", "+14155550138", tracking: "ot0423+campaign7",
            at: "2026-03-16T16:15:00Z"),
        .init("tracking-to-list.eml", web, "Bea", "Holm", "+14155550136", tracking: "OT0777", at: "2026-03-16T16:05:00Z"),
        .init(
            "tracking-x-original-to.eml", web, "Adam", "Reid", "+14155550135", tracking: "ot0555",
            at: "2026-03-16T16:00:00Z"),
        .init(
            "truncated-mid-part.eml", web, "Kai", "Berger", "+14155550146", warnings: ["missing_closing_boundary"]),
        .init("undeclared-8bit.eml", web, "Jos\u{E9}", "Pe\u{F1}a", "+14155550111", warnings: ["undeclared_8bit_text"]),
        .init("unknown-charset.eml", web, "Tomasz", "Nowak", "+14155550110", warnings: ["unknown_charset"]),
        .init("unquoted-boundary.eml", web, "Sofia", "Costa", "+14155550123"),
    ]

    /// Fixtures that must be rejected, and the error code.
    static let rejected: [String: String] = ["header-lines-over-limit.eml": "email_too_many_header_lines"]
}

/// Every authored fixture gives its lead type, names, E.164 phone, tracking id, received time
/// and exactly the warnings listed; the quirk-specific suites check the rest of each one.
@Suite struct AuthoredEmailTableTests {
    @Test(arguments: AuthoredEmail.all)
    func authoredFixtureGivesItsLeadFields(_ expected: AuthoredEmail) throws {
        let lead = try EmailFixtures.lead(expected.file)
        #expect(lead.leadType == expected.leadType)
        #expect(lead.firstName == expected.firstName)
        #expect(lead.lastName == expected.lastName)
        #expect(lead.phone?.e164 == expected.phone)
        #expect(lead.trackingId == expected.trackingId)
        #expect(lead.receivedAt == expected.receivedAt.map(utc))
        #expect(lead.warnings.map(\.code) == expected.warnings)
        #expect(lead.leadEmail != nil)
    }

    @Test func atLeastFortyAuthoredFixturesExistAndEachIsInTheTable() throws {
        let files = try EmailFixtures.paths(in: "email").map { String($0.dropFirst("email/".count)) }
        #expect(files.count >= 40)
        let covered = Set(AuthoredEmail.all.map(\.file)).union(AuthoredEmail.rejected.keys)
        #expect(Set(files) == covered)
    }
}
