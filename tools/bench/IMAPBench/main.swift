// IMAPBench: messages per second through IMAP (issue 5, docs/BENCHMARKS.md).
//
// Each run: a fresh Dovecot (TestSupport.DovecotServer, 127.0.0.1) whose INBOX holds N
// distinct, realistic lead emails (plain, quoted-printable multipart/alternative, HTML-table
// base64, Gmail forwards; N senders and phones), a fresh durable event store, and one
// `IMAPPoller.pollOnce()` — login, SELECT (Dovecot indexes the new Maildir), UID SEARCH UNSEEN,
// batched UID FETCH, durable lead appends, UID STORE \Seen. The timed span is the whole poll.
// Checks that every message was appended once and marked seen, then prints a JSON line per
// run and the median.
//
//   swift build -c release --product IMAPBench && .build/release/IMAPBench --messages 10000 --runs 3
import Commands
import EventStore
import Foundation
import IMAPClient
import Logging
import MailIntake
import TestSupport

struct Arguments {
    var messages = 10_000
    var runs = 3
    var batch = 50
    var concurrency = 8

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next().flatMap(Int.init), value > 0 else { fatalError("\(flag) needs a positive number") }
            switch flag {
            case "--messages": messages = value
            case "--runs": runs = value
            case "--batch": batch = value
            case "--concurrency": concurrency = value
            default: fatalError("unknown flag \(flag) (--messages N --runs N --batch N --concurrency N)")
            }
        }
    }
}

/// Realistic lead emails, one shape of four per index, every one a distinct lead.
enum LeadMail {
    static let first = ["Dana", "Marisol", "Jordan", "Zoë", "Priya", "Liam", "Aiko", "Mateo", "Fatima", "Noah", "Chloé", "Kwame"]
    static let last = ["Whitfield", "Peña", "Alvarez", "Brontë", "Natarajan", "O'Brien", "Tanaka", "García", "Haddad", "Smith", "Dubois", "Mensah"]

    static func make(_ i: Int, date: Date) -> [UInt8] {
        let firstName = first[i % first.count], lastName = last[(i / first.count) % last.count]
        let email = "lead\(i)@example.com"
        let phone = String(format: "(%03d) 555-%04d", 201 + (i / 10_000) % 700, i % 10_000)
        let rfc = rfc2822(date)
        let tracking = i % 3 == 0 ? "ot0423" : "ot1187"
        let header = """
            Received: from mx.booking.example.com by mail.example.org with ESMTPS; \(rfc)
            From: Booking System <leads@booking.example.com>
            To: lead-tracking+\(tracking)@example.org
            Date: \(rfc)
            Message-ID: <\(i).\(Int(date.timeIntervalSince1970))@booking.example.com>
            MIME-Version: 1.0

            """
        let body: String
        switch i % 4 {
        case 0:
            body = """
                Subject: New Web Lead: \(firstName) \(lastName)
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: 8bit

                You have a new web lead.

                Name: \(firstName) \(lastName)
                Email: \(email)
                Phone: \(phone)
                Lead Type: Web Lead
                Message: I'd like to try a class this week.

                """
        case 1:
            let qp = "Full Name: \(firstName) \(lastName)\nE-mail: \(email)\nMobile: \(phone)\nClass Date: 2026-03-\(String(format: "%02d", 1 + i % 28))\nClass Time: 6:15 AM\n"
                .replacingOccurrences(of: "ë", with: "=C3=AB").replacingOccurrences(of: "é", with: "=C3=A9")
                .replacingOccurrences(of: "ñ", with: "=C3=B1").replacingOccurrences(of: "í", with: "=C3=AD")
            body = """
                Subject: Online Intro booked =?UTF-8?Q?=E2=80=93?= \(ascii(firstName))
                Content-Type: multipart/alternative; boundary="b\(i)"

                --b\(i)
                Content-Type: text/plain; charset=UTF-8
                Content-Transfer-Encoding: quoted-printable

                \(qp)
                --b\(i)
                Content-Type: text/html; charset=UTF-8

                <html><body><p>Online Intro booked</p></body></html>
                --b\(i)--

                """
        case 2:
            let html = "<html><body><table><tr><td>First Name</td><td>\(firstName)</td></tr><tr><td>Last Name</td><td>\(lastName)</td></tr><tr><td>Email</td><td>\(email)</td></tr><tr><td>Phone Number</td><td>\(phone)</td></tr><tr><td>Lead Type</td><td>Web Lead</td></tr></table></body></html>"
            let encoded = Data(html.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
            body = """
                Subject: New Web Lead
                Content-Type: text/html; charset=UTF-8
                Content-Transfer-Encoding: base64

                \(encoded)

                """
        default:
            body = """
                Subject: Fwd: New Web Lead: \(firstName) \(lastName)
                Content-Type: text/plain; charset=UTF-8

                ---------- Forwarded message ---------
                From: Booking System <leads@booking.example.com>
                Date: Wed, Mar 4, 2026 at 9:31 AM
                Subject: New Web Lead: \(firstName) \(lastName)
                To: <frontdesk.mossbeach@example.org>

                Name: \(firstName) \(lastName)
                Email: \(email)
                Phone: \(phone)

                """
        }
        return Array((header + body).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    static func ascii(_ text: String) -> String {
        text.folding(options: .diacriticInsensitive, locale: nil)
    }

    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let arguments = Arguments()
if let reason = DovecotServer.unavailableReason { fatalError(reason) }
var rates: [Double] = []
for run in 1...arguments.runs {
    let root = try TemporaryDirectory.create(label: "imap-bench")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let server = try DovecotServer(root: root + "/dovecot")
    let start = Date(timeIntervalSince1970: 1_772_440_000)
    for i in 0..<arguments.messages {
        let date = start.addingTimeInterval(TimeInterval(i * 7))
        try server.deliver(LeadMail.make(i, date: date), receivedAt: date, name: "\(1_772_440_000 + i).M\(i)P\(run).bench")
    }
    try server.start()
    defer { server.stop() }

    try FileManager.default.createDirectory(atPath: root + "/log", withIntermediateDirectories: true)
    var storeOptions = EventStoreOptions()
    storeOptions.logger.logLevel = .warning
    let store = try EventStore(directory: root + "/log", options: storeOptions)
    let handlers = try CommandHandlers(store: store)
    var configuration = IMAPPollerConfiguration(
        url: try MailboxURL("imap://\(server.user)@127.0.0.1:\(server.port)/INBOX"), password: try IMAPPassword(server.password))
    configuration.fetchBatchSize = arguments.batch
    configuration.appendConcurrency = arguments.concurrency
    var logger = Logger(label: "imap-bench")
    logger.logLevel = .warning
    let poller = try IMAPPoller(
        configuration: configuration, leads: LeadEmailHandler(store: store, registry: handlers.registry), logger: logger)

    let clock = ContinuousClock()
    let began = clock.now
    let report = try await poller.pollOnce()
    let elapsed = clock.now - began
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let events = store.durablePosition
    await store.close()

    let seen = server.messages().filter { $0.flags.contains("S") }.count
    guard report.appended == arguments.messages, seen == arguments.messages, report.quarantined.isEmpty else {
        fatalError("run \(run): appended \(report.appended), seen \(seen), quarantined \(report.quarantined.count) of \(arguments.messages)")
    }
    let rate = Double(arguments.messages) / seconds
    rates.append(rate)
    print(
        "{\"bench\":\"imap-poll\",\"run\":\(run),\"messages\":\(arguments.messages),\"batch\":\(arguments.batch),"
            + "\"concurrency\":\(arguments.concurrency),\"seconds\":\(String(format: "%.3f", seconds)),"
            + "\"messagesPerSecond\":\(String(format: "%.1f", rate)),\"logPosition\":\(events)}")
}
print("{\"bench\":\"imap-poll\",\"medianMessagesPerSecond\":\(String(format: "%.1f", median(rates))),\"runs\":\(rates.count)}")
