import Commands
import Domain
import EventStore
import Foundation
import IMAPClient
import MailIntake
import TestSupport
import Testing

/// The email fixtures (shared: copies of shared/fixtures/email; authored: the 62 of
/// CommandsTests), read from the source tree next to this file.
enum MailFixtures {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CommandsTests/Fixtures")

    struct Email {
        var name: String
        var bytes: [UInt8]
    }

    /// Every fixture email, shared first, each sorted by name.
    static func all() throws -> [Email] {
        var emails: [Email] = []
        for folder in ["shared/email", "email"] {
            let directory = fixtures.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".eml") {
                emails.append(Email(name: "\(folder)/\(name)", bytes: [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))))
            }
        }
        return emails
    }

    static func shared(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent("shared/email/\(name)")))
    }

    /// A realistic lead email, distinct per `index` (its own sender and phone).
    static func lead(_ index: Int, date: String = "Mon, 02 Mar 2026 08:58:00 -0800") -> [UInt8] {
        let phone = String(format: "415-555-%04d", index % 10_000)
        return Array(
            """
            Received: from mx.example.com by mail.example.org; \(date)
            From: Booking System <leads@booking.example.com>
            To: lead-tracking+ot0423@example.org
            Subject: New Web Lead: Lead \(index)
            Date: \(date)
            Message-ID: <lead-\(index)@booking.example.com>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=UTF-8

            Name: Lead\(index) Tester
            Email: lead\(index)@example.com
            Phone: \(phone)
            Lead Type: Web Lead

            """.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
}

/// A fresh store in its own directory with a lead handler over it; closed afterwards.
struct MailHarness {
    let directory: String
    let store: EventStore
    let leads: LeadEmailHandler

    static func with<T>(
        _ label: String = #function, fileSystem: (any FileSystem)? = nil, _ body: (MailHarness) async throws -> T
    ) async throws -> T {
        try await TemporaryDirectory.with(label) { directory in
            let harness = try MailHarness.open(directory + "/log", fileSystem: fileSystem)
            do {
                let result = try await body(harness)
                await harness.store.close()
                return result
            } catch {
                await harness.store.close()
                throw error
            }
        }
    }

    static func open(_ directory: String, fileSystem: (any FileSystem)? = nil) throws -> MailHarness {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let options = EventStoreOptions.testing(fileSystem: fileSystem ?? PosixFileSystem())
        let store = try EventStore(directory: directory, options: options)
        let handlers = try CommandHandlers(store: store)
        return MailHarness(directory: directory, store: store, leads: LeadEmailHandler(store: store, registry: handlers.registry))
    }

    /// The lead id of every lead recorded, in log order: `lead.received`, or — as no store is
    /// registered in these tests — the lead email kept as `input.unrouted` (CDP.md §8). Each
    /// delivery with other bytes is kept as its own input; a lead counts once, at its first.
    func receivedLeadIds() throws -> [String] {
        var kept: Set<String> = []
        return try store.allEvents().compactMap { recorded -> String? in
            switch try DomainEvent(recorded: recorded).payload {
            case .leadReceived(let lead): return lead.leadId.rawValue
            case .inputUnrouted(let input) where input.kind == .leadEmail:
                return kept.insert(input.sourceId).inserted ? input.sourceId : nil
            default: return nil
            }
        }
    }
}

/// What the handler alone says of each email, independently of any intake: the lead id it
/// gives, or the reason it refuses it (which intake must quarantine).
struct ExpectedLeads {
    var leadIds: Set<String> = []
    var refused: [String: String] = [:]

    init(_ emails: [(name: String, bytes: [UInt8], internalDate: Date?)], leads: LeadEmailHandler) {
        for email in emails {
            do {
                leadIds.insert(try leads.lead(from: email.bytes, internalDate: email.internalDate).leadId.rawValue)
            } catch {
                refused[email.name] = error.description
            }
        }
    }
}

/// An INTERNALDATE for the i-th delivered message: whole seconds, distinct, in March 2026.
func deliveryDate(_ index: Int) -> Date {
    Date(timeIntervalSince1970: 1_772_440_000 + TimeInterval(index * 61))
}
