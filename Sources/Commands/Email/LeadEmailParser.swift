import Domain
import Foundation

/// Reads a lead out of a parsed email (PRODUCT.md Flow 1 step 1, INTAKE.md "Email leads").
///
/// Pure: no I/O, no clock, no events. The lead handler maps the result to the store registry
/// and appends `lead.received`. Extraction never fails: what the email does not say is nil,
/// and what it says wrongly (an impossible phone, an unreadable date) is nil plus a warning.
/// Thread-safe (stateless).
public enum LeadEmailParser {
    /// - Parameter internalDate: the IMAP INTERNALDATE when the message came over IMAP; it
    ///   wins over the `Received:` and `Date:` headers for ``ParsedLeadEmail/receivedAt``.
    public static func parse(_ message: MIMEMessage, internalDate: Date?) -> ParsedLeadEmail {
        var warnings = EmailWarnings()
        warnings.add(contentsOf: message.warnings)
        let headers = message.headers
        let forwarded = ForwardedMessage.find(in: message.textBody)
        let values = LeadBodyScanner.scan(forwarded?.content ?? message.textBody)
        let tracking = trackingId(in: headers, forwardedTo: forwarded?.to)
        let received = receivedAt(headers: headers, internalDate: internalDate, warnings: &warnings)
        let subject = headers.value("Subject")

        var lead = ParsedLeadEmail(
            subject: subject, from: headers.value("From"),
            recipient: tracking?.address ?? firstAddress(in: headers, ["To", "Delivered-To", "X-Original-To"]),
            trackingId: tracking?.id, trackingIdHeader: tracking?.header,
            isForwarded: forwarded != nil, forwardedOriginalFrom: forwarded?.from,
            forwardedOriginalTo: forwarded?.to, forwardedOriginalDate: forwarded?.date,
            receivedAt: received?.date, receivedAtSource: received?.source,
            rawBody: message.textBody, warnings: [])

        let originalSender = forwarded?.from.flatMap { MailboxAddress.parseList($0).first?.address }
        lead.leadEmail = (originalSender ?? firstAddress(in: headers, ["From", "Sender", "Return-Path"]))?.lowercased()
        if lead.leadEmail == nil { warnings.add(.missingSender) }

        lead.leadType =
            values.best(.leadType)
            ?? leadType(fromSubject: forwarded?.subject) ?? leadType(fromSubject: subject)
        lead.firstName = values.best(.firstName)
        lead.lastName = values.best(.lastName)
        if lead.firstName == nil || lead.lastName == nil, let fullName = values.best(.fullName) {
            let split = splitFullName(fullName)
            lead.firstName = lead.firstName ?? split.first
            lead.lastName = lead.lastName ?? split.last
        }
        readPhone(values.all(.phone), into: &lead, warnings: &warnings)
        lead.contactEmail = values.best(.email).flatMap(contactEmail)
        lead.bookedDate = values.best(.bookedDate)
        lead.bookedTime = values.best(.bookedTime)
        lead.warnings = warnings.all
        return lead
    }

    /// The first value that is a valid number wins; when some were written but none is valid
    /// the phone is nil with a warning (INTAKE.md: the lead is still recorded).
    private static func readPhone(_ raws: [String], into lead: inout ParsedLeadEmail, warnings: inout EmailWarnings) {
        for raw in raws {
            if let phone = PhoneNumber(raw) {
                lead.phone = phone
                lead.phoneRaw = raw
                return
            }
        }
        guard let raw = raws.first else { return }
        lead.phoneRaw = raw
        warnings.add(.invalidPhone(raw: raw))
    }

    /// INTAKE.md: "A full name splits into first and last at the last space." A single
    /// comma is read as `Last, First`, the one other order booking systems write.
    static func splitFullName(_ name: String) -> (first: String?, last: String?) {
        let parts = name.split(separator: ",", omittingEmptySubsequences: true).map { $0.mailTrimmed }
        if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { return (parts[1], parts[0]) }
        guard let space = name.lastIndex(of: " ") else { return (name, nil) }
        return (name[..<space].mailTrimmed, name[name.index(after: space)...].mailTrimmed)
    }

    /// `New Web Lead: Dana` → `Web Lead`; `Online Intro booked – Marisol` → `Online Intro`.
    /// Reply and forward prefixes (`Fwd:`, `FW:`, `Re:`) are skipped first.
    public static func leadType(fromSubject subject: String?) -> String? {
        guard var text = subject?.mailTrimmed, !text.isEmpty else { return nil }
        let prefixes = ["fwd:", "fw:", "re:", "aw:", "wg:", "tr:"]
        while let prefix = prefixes.first(where: { text.lowercased().hasPrefix($0) }) {
            text = text.dropFirst(prefix.count).mailTrimmed
        }
        if text.prefix(4).lowercased() == "new " {
            let rest = text.dropFirst(4)
            let ends = [":", " - ", " – ", " — "].compactMap { rest.range(of: $0)?.lowerBound }
            if let end = ends.min() {
                let type = rest[..<end].mailTrimmed
                if !type.isEmpty, type.count <= 40 { return type }
            }
        }
        if let booked = text.range(of: " booked", options: .caseInsensitive) {
            let type = text[..<booked.lowerBound].mailTrimmed
            if !type.isEmpty, type.count <= 40 { return type }
        }
        return nil
    }

    private static func contactEmail(_ value: String) -> String? {
        if let address = MailboxAddress.parseList(value).first { return address.address.lowercased() }
        return nil
    }

    static func firstAddress(in headers: MIMEHeaders, _ names: [String]) -> String? {
        for name in names {
            for field in headers.all(name) {
                if let address = MailboxAddress.parseList(field.value).first { return address.address }
            }
        }
        return nil
    }
}
