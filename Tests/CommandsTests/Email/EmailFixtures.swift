import Commands
import Foundation
import Testing

/// Loads bundled email fixtures and parses them; shared by the email suites.
enum EmailFixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// The raw bytes of `Fixtures/<path>`, e.g. `shared/email/web-lead-plain.eml` or
    /// `email/qp-latin1.eml`.
    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// Every `.eml` under `Fixtures/<directory>`, sorted by path.
    static func paths(in directory: String) throws -> [String] {
        try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent(directory).path)
            .filter { $0.hasSuffix(".eml") }.sorted().map { "\(directory)/\($0)" }
    }

    static func message(_ path: String) throws -> MIMEMessage {
        try MIMEMessage.parse(bytes: bytes(path))
    }

    /// An authored fixture in `Fixtures/email/`, parsed into a lead.
    static func lead(_ name: String, internalDate: Date? = nil) throws -> ParsedLeadEmail {
        LeadEmailParser.parse(try message("email/\(name)"), internalDate: internalDate)
    }

    static func sharedLead(_ name: String, internalDate: Date? = nil) throws -> ParsedLeadEmail {
        LeadEmailParser.parse(try message("shared/email/\(name)"), internalDate: internalDate)
    }

    /// Parses a message written inline in a test (LF line endings unless it has CR LF).
    static func parse(_ text: String) throws(EmailParseError) -> MIMEMessage {
        try MIMEMessage.parse(bytes: Array(text.utf8))
    }

    static func lead(text: String, internalDate: Date? = nil) throws -> ParsedLeadEmail {
        LeadEmailParser.parse(try parse(text), internalDate: internalDate)
    }
}

/// `2026-03-02T16:58:00Z` as a Date, for expectations.
func utc(_ iso: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: iso) else { preconditionFailure("bad test date \(iso)") }
    return date
}
