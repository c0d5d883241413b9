import Domain
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Projections

/// The hand-written page and profile JSON (`ContactJSON`) says what `JSONEncoder` says: both
/// texts parse (JSONSerialization) to the same object, and decode back to the same value.
/// Values are drawn from a seeded generator: `CL_TEST_SEED=<n>` replays a failure.
@Suite struct ContactJSONTests {
    /// Strings that need escaping or are easy to get wrong.
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / and </script>", "line\nbreak\r\ttab",
        "\u{00}\u{01}\u{08}\u{0C}\u{1F}\u{7F}", "Zoë Brontë — Peña", "🏋️‍♀️ emoji 👍🏽", "\u{2028}\u{2029}", "\\u0041",
        "ends with backslash \\", "日本語のメモ",
    ]

    struct Values {
        var random: SplitMix64
        mutating func bool() -> Bool { Bool.random(using: &random) }
        mutating func string() -> String { ContactJSONTests.awkward.randomElement(using: &random)! }
        mutating func optional() -> String? { bool() ? nil : string() }
        mutating func int() -> Int64 {
            [0, 1, -1, 42, Int64.max, Int64.min, 9_007_199_254_740_993, Int64.random(in: .min ... .max, using: &random)]
                .randomElement(using: &random)!
        }
        mutating func strings() -> [String] { (0..<Int.random(in: 0...3, using: &random)).map { _ in string() } }
        mutating func actions() -> [SuggestedAction] {
            (0..<Int.random(in: 0...2, using: &random)).map { _ in
                var action = SuggestedAction(action: "call", priority: TaskPriority.allCases.randomElement(using: &random)!)
                action.action = string()
                action.reason = optional()
                action.priorityReason = optional()
                return action
            }
        }

        mutating func contact() -> ContactView {
            var pipeline: LeadPipeline? = bool() ? nil : LeadPipeline(status: .attempted)
            if bool() { pipeline?.current = nil }
            return ContactView(
                storeId: string(), phone: string(), franchiseId: optional(), accountId: optional(), firstName: optional(),
                lastName: optional(), email: optional(), lifecycleStage: optional(), lifecycleState: optional(),
                notes: optional(), doNotContact: bool(), doNotContactUpdatedBy: optional(), hasCardOnFile: bool(),
                lastActivityAt: optional(), actionNeeded: bool(), actionNeededReason: optional(), suggestedActions: actions(),
                priority: optional(), leadStatus: optional(), leadStatusReason: optional(), leadObjections: strings(),
                leadRejectionReasons: strings(), purchaseIntent: optional(), purchaseIntentReason: optional(),
                goals: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    var goal = ContactGoal(goal: "x")
                    goal.goal = string()
                    goal.reason = optional()
                    return goal
                },
                customerSummary: optional(), lastContactAnalysisAt: optional(), hasOpenComplaint: bool(), createdAt: string(),
                updatedAt: string(), version: int(), lastComplaintAt: optional(), firstAttemptedAt: optional(),
                firstConnectedAt: optional(), callCount: int(), smsCount: int(), leadTemperature: optional(),
                leadPipeline: pipeline)
        }

        mutating func json(depth: Int = 0) -> JSONValue {
            switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &random) {
            case 0: return .null
            case 1: return .bool(bool())
            case 2: return .int(int())
            case 3: return .double([0.1, -2.5e-7, 1.5e20, 123456.789, 0, -0.0].randomElement(using: &random)!)
            case 4: return .string(string())
            case 5: return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in json(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...3, using: &random) { members[string()] = json(depth: depth + 1) }
                return .object(members)
            }
        }

        mutating func profile() -> ContactProfile {
            let entries = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                TimelineEntryView(
                    timelineId: string(), eventType: string(), eventCategory: string(), entityType: string(), entityId: string(),
                    occurredAt: string(), actorType: string(), actorId: string(), oldValue: bool() ? nil : json(),
                    newValue: bool() ? nil : json(), logPosition: [0, 7, UInt64.max].randomElement(using: &random)!)
            }
            let items = (0..<Int.random(in: 0...3, using: &random)).map { _ in
                CommunicationView(
                    kind: string(), id: string(), time: string(), direction: string(), type: string(), result: optional(),
                    callState: optional(), durationSeconds: bool() ? nil : int(), subject: optional(), messageStatus: optional(),
                    readStatus: optional(), hasRecording: bool() ? nil : bool(), logPosition: UInt64.random(in: 0...UInt64.max, using: &random))
            }
            let tasks = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                TaskView(
                    taskId: string(), storeId: string(), franchiseId: optional(), accountId: optional(), contactPhone: optional(),
                    taskType: string(), typeCategory: string(), sourceType: string(), sourceLeadId: optional(), status: string(),
                    priority: string(), actionNeeded: bool(), actionNeededReason: optional(), suggestedActions: actions(),
                    dueAt: string(), createdAt: string(), completedAt: optional(), snoozedUntil: optional(), assignee: optional(),
                    overdue: bool())
            }
            let leads = (0..<Int.random(in: 0...2, using: &random)).map { _ in
                LeadView(
                    leadId: string(), leadType: string(), receivedAt: string(), firstName: optional(), lastName: optional(),
                    email: optional(), bookedDate: optional(), bookedTime: optional(), subject: string(), isForwarded: bool())
            }
            return ContactProfile(
                contact: contact(), timeline: TimelinePage(entries: entries, nextCursor: optional()),
                communications: CommunicationsPage(items: items, nextCursor: optional()), openTasks: tasks, leads: leads)
        }
    }

    /// `CL_TEST_SEED` when set (TestSupport's `SplitMix64`), else a random seed.
    static let seed = SplitMix64.fromEnvironment().seed

    /// Both texts parse to equal objects (keys, nulls, numbers, strings) and decode to equal
    /// values. Returns whether they did (the random rounds stop at the first difference).
    @discardableResult
    static func expectSame<T: Codable & Equatable>(_ bytes: [UInt8], as value: T, _ comment: Comment) throws -> Bool {
        let expected = try JSONEncoder().encode(value)
        let fast = Data(bytes)
        let parsedExpected = try JSONSerialization.jsonObject(with: expected, options: [.fragmentsAllowed]) as! NSObject
        let parsedFast = try JSONSerialization.jsonObject(with: fast, options: [.fragmentsAllowed]) as! NSObject
        let sameObject = parsedFast.isEqual(parsedExpected)
        #expect(sameObject, comment)
        // JSONSerialization on Linux reads `true` and `1` as the same NSNumber; JSONDecoder does
        // not. (Against the decoded JSONEncoder text, not `value`: JSONValue reads an integral
        // double back as .int either way.)
        let decoded = try JSONDecoder().decode(T.self, from: fast)
        let sameValue = decoded == (try JSONDecoder().decode(T.self, from: expected))
        #expect(sameValue, comment)
        return sameObject && sameValue
    }

    @Test func pagesOfVariedContactsParseToWhatJSONEncoderWrites() throws {
        var values = Values(random: SplitMix64(seed: Self.seed))
        for round in 0..<200 {
            let count = round == 0 ? 0 : Int.random(in: 1...5, using: &values.random)
            let page = ContactsPage(contacts: (0..<count).map { _ in values.contact() }, nextCursor: values.optional())
            guard try Self.expectSame(ContactJSON.page(page), as: page, "seed \(Self.seed), round \(round)") else { break }
        }
    }

    @Test func profilesOfVariedValuesParseToWhatJSONEncoderWrites() throws {
        var values = Values(random: SplitMix64(seed: Self.seed))
        for round in 0..<200 {
            let profile = values.profile()
            let bytes = try #require(ContactJSON.profile(profile), "seed \(Self.seed), round \(round)")
            guard try Self.expectSame(bytes, as: profile, "seed \(Self.seed), round \(round)") else { break }
        }
    }

    @Test func nullsOfAContactAreWrittenAndOmittedOptionalsOfOtherTypesAreNot() throws {
        var values = Values(random: SplitMix64(seed: 1))
        var contact = values.contact()
        contact.franchiseId = nil
        contact.leadPipeline = nil
        let text = String(decoding: ContactJSON.page(ContactsPage(contacts: [contact], nextCursor: nil)), as: UTF8.self)
        #expect(text.contains("\"franchiseId\":null"))
        #expect(text.contains("\"leadPipeline\":null"))
        #expect(!text.contains("nextCursor"))
    }

    @Test func aProfileWithANonFiniteNumberIsLeftToJSONEncoder() {
        var values = Values(random: SplitMix64(seed: 2))
        var profile = values.profile()
        profile.timeline.entries = [
            TimelineEntryView(
                timelineId: "t", eventType: "e", eventCategory: "c", entityType: "x", entityId: "y", occurredAt: "z",
                actorType: "a", actorId: "b", oldValue: .array([.double(.infinity)]), newValue: nil, logPosition: 1)
        ]
        #expect(ContactJSON.profile(profile) == nil)
    }

    @Test func emptyJSONArrayColumnsNeedNoDecoderAndOthersDecodeAsBefore() {
        #expect(JSONColumn.array(nil as String?) as [String] == [])
        #expect(JSONColumn.array("[]") as [String] == [])
        #expect(JSONColumn.array("not json") as [String] == [])
        #expect(JSONColumn.array(#"["a","b \"q\""]"#) as [String] == ["a", "b \"q\""])
        let goals: [ContactGoal] = JSONColumn.array(#"[{"goal":"lose weight","reason":"said so"}]"#)
        #expect(goals == [ContactGoal(goal: "lose weight", reason: "said so")])
    }

    /// The read model's own rows: the query's columns are the ones `init(row:now:)` reads by
    /// index, and the page and the profile the API would send match JSONEncoder's.
    @Test func pagesAndProfilesFromTheReadModelMatchJSONEncoder() async throws {
        try await ProjectionHarness.with { h in
            try await ContactsQueryTests.seed(h)
            let names = try h.readModel.read { db in
                Array(try Row.fetchOne(db, sql: "\(ContactView.selectSQL) LIMIT 1")!.columnNames)
            }
            #expect(names == ContactView.Column.allCases.map(\.name))
            let page = try ContactsQueryTests.page(h, limit: 10)
            #expect(page.contacts.count == 4)
            try Self.expectSame(ContactJSON.page(page), as: page, "read-model page")
            let now = ISOTime.parseTimestamp("2026-03-03T00:00:00Z")!
            for contact in page.contacts {
                let profile = try #require(try h.readModel.profile(storeId: contact.storeId, phone: contact.phone, now: now))
                try Self.expectSame(try #require(ContactJSON.profile(profile)), as: profile, "profile \(contact.phone)")
            }
        }
    }
}
