// The response bodies of the Contacts page and the profile: JSONEncoder against ContactJSON's
// hand-written text, in-process (docs/BENCHMARKS.md "Response JSON"). Release build:
//
//   swift build -c release --product ContactJSONBench
//   .build/release/ContactJSONBench [--pages 1000] [--contacts 50] [--rounds 5]
//
// Values are realistic (names, emails, ISO instants, AI summaries, a third of the contacts with
// suggested actions, goals and objections) and built once; each round encodes every page with
// both encoders and prints one JSON line (µs per page: median of the rounds).
import Domain
import Foundation
import Projections

func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return fallback }
    return Int(CommandLine.arguments[index + 1]) ?? fallback
}

let pageCount = option("--pages", 1_000)
let contactsPerPage = option("--contacts", 50)
let rounds = option("--rounds", 5)

let firstNames = ["Dana", "Marisol", "Jordan", "Zoë", "Nguyễn", "Aisha", "Liam", "Chloé", "Mateo", "Priya"]
let lastNames = ["Whitfield", "Peña", "Alvarez", "O'Brien", "Brontë", "Kowalski", "Okafor", "Schmidt", "Tanaka", "Lee"]
let statuses = ["new", "attempted", "connected", "booked", "not_interested", "unreachable", "showed"]

func instant(_ seconds: Int) -> String { ISOTime.string(Date(timeIntervalSince1970: Double(1_772_000_000 + seconds))) }

/// One contact as the read model would show it, as the JSON a decoder turns into a ContactView
/// (the memberwise initializers are internal to Projections).
func contact(_ n: Int) -> [String: Any] {
    let first = firstNames[n % firstNames.count]
    let last = lastNames[(n / 7) % lastNames.count]
    let analysed = n % 3 == 0
    let lead = n % 2 == 0
    var fields: [String: Any] = [
        "storeId": "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", "phone": "+1415555\(String(format: "%04d", n % 10_000))",
        "franchiseId": "orangeTheory", "accountId": "400\(n % 90 + 10)1234", "firstName": first, "lastName": last,
        "email": "\(first.lowercased()).\(last.lowercased())\(n)@example.com", "lifecycleStage": lead ? "lead" : "member",
        "lifecycleState": "active", "doNotContact": n % 17 == 0, "hasCardOnFile": n % 4 == 0,
        "lastActivityAt": instant(n * 97), "actionNeeded": analysed, "suggestedActions": [Any](), "leadObjections": [Any](),
        "leadRejectionReasons": [Any](), "goals": [Any](), "hasOpenComplaint": n % 23 == 0, "createdAt": instant(n * 13),
        "updatedAt": instant(n * 97), "version": n % 40, "callCount": n % 9, "smsCount": n % 14,
    ]
    if n % 17 == 0 { fields["doNotContactUpdatedBy"] = "staff" }
    if n % 5 == 0 { fields["notes"] = "Prefers evenings.\nAsked about \"Premier\" plan / family add-on." }
    if lead {
        let status = statuses[n % statuses.count]
        fields["leadStatus"] = status
        fields["leadTemperature"] = ["hot", "warm", "cold"][n % 3]
        fields["leadPipeline"] = ["steps": ["new", "attempted", "connected", "booked"], "current": status]
        fields["firstAttemptedAt"] = instant(n * 13 + 600)
    }
    if analysed {
        fields["actionNeededReason"] = "Asked for a call back about pricing before the weekend."
        fields["suggestedActions"] = [
            ["action": "Call back about membership pricing", "priority": "high", "reason": "Requested a call back",
             "priorityReason": "Lead is less than a day old"],
            ["action": "Send class schedule", "priority": "low"],
        ]
        fields["priority"] = "high"
        fields["leadStatusReason"] = "Spoke on the phone; wants to try a class first."
        fields["leadObjections"] = ["price", "schedule"]
        fields["purchaseIntent"] = "medium"
        fields["purchaseIntentReason"] = "Interested but comparing with another gym."
        fields["goals"] = [["goal": "Lose 10 lb before the wedding", "reason": "Mentioned in the call"], ["goal": "Build strength"]]
        fields["customerSummary"] =
            "\(first) called twice about the intro offer, asked about family plans and evening classes, and said the price "
            + "was a concern. Friendly; prefers SMS — “text me after 6”."
        fields["lastContactAnalysisAt"] = instant(n * 97 - 30)
        fields["firstConnectedAt"] = instant(n * 13 + 1_200)
    }
    return fields
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

let decoder = JSONDecoder()
var pages: [ContactsPage] = []
for p in 0..<pageCount {
    var page: [String: Any] = ["contacts": (0..<contactsPerPage).map { contact(p * contactsPerPage + $0) }]
    if p % 2 == 0 { page["nextCursor"] = "eyJzb3J0IjoiLWxhc3RBY3Rpdml0eUF0In0" }
    pages.append(try decoder.decode(ContactsPage.self, from: JSONSerialization.data(withJSONObject: page)))
}

var encoderMicros: [Double] = []
var writerMicros: [Double] = []
var bytes = (encoder: 0, writer: 0)
for _ in 0..<rounds {
    var start = Date()
    var total = 0
    for page in pages { total += try JSONEncoder().encode(page).count }
    encoderMicros.append(Date().timeIntervalSince(start) * 1e6 / Double(pageCount))
    bytes.encoder = total / pageCount
    start = Date()
    total = 0
    for page in pages { total += ContactJSON.page(page).count }
    writerMicros.append(Date().timeIntervalSince(start) * 1e6 / Double(pageCount))
    bytes.writer = total / pageCount
}
let line: [String: Any] = [
    "case": "contacts-page-json", "pages": pageCount, "contacts_per_page": contactsPerPage, "rounds": rounds,
    "jsonencoder_us_per_page": (median(encoderMicros) * 10).rounded() / 10, "writer_us_per_page": (median(writerMicros) * 10).rounded() / 10,
    "jsonencoder_bytes_per_page": bytes.encoder, "writer_bytes_per_page": bytes.writer,
    "speedup": (median(encoderMicros) / median(writerMicros) * 10).rounded() / 10,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
