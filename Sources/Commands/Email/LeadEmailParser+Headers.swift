import Foundation

/// The header-derived lead fields: tracking id and received time. Stateless, thread-safe.
extension LeadEmailParser {
    /// INTAKE.md: the tracking id is looked up in this order, because forwarding rewrites
    /// `To:` and `Cc:` but the delivery headers keep the address the mail was sent to.
    static let trackingIdHeaders = ["Delivered-To", "X-Original-To", "To", "Cc"]

    /// The tracking id of the first `lead-tracking+ID@domain` recipient, by header order and
    /// then by order within a header. After the headers, the `To:` line of a forwarded block
    /// (reported as header `Forwarded-To`), for forwards that dropped every delivery header.
    static func trackingId(
        in headers: MIMEHeaders, forwardedTo: String?
    ) -> (id: String, address: String, header: String)? {
        var sources: [(header: String, value: String)] = []
        for name in trackingIdHeaders {
            for field in headers.all(name) { sources.append((name, field.value)) }
        }
        if let forwardedTo { sources.append(("Forwarded-To", forwardedTo)) }
        for source in sources {
            for address in MailboxAddress.parseList(source.value) {
                if let id = trackingId(of: address) { return (id, address.address, source.header) }
            }
        }
        return nil
    }

    /// "everything after the first `+` up to `@`" of a `lead-tracking+…` local part; nil for
    /// any other address or an empty id.
    static func trackingId(of address: MailboxAddress) -> String? {
        let local = address.localPart
        guard let plus = local.firstIndex(of: "+"), local[..<plus].lowercased() == "lead-tracking" else { return nil }
        let id = local[local.index(after: plus)...]
        return id.isEmpty ? nil : String(id)
    }

    /// INTAKE.md: "receivedAt from the IMAP INTERNALDATE / the `Received:` header / `Date:`,
    /// in that order." The topmost `Received:` is the receiving server's own stamp; when its
    /// date cannot be read the next one down is the closest substitute, so each is tried in
    /// turn (with a warning) before falling back to the sender's `Date:`.
    static func receivedAt(
        headers: MIMEHeaders, internalDate: Date?, warnings: inout EmailWarnings
    ) -> (date: Date, source: ParsedLeadEmail.ReceivedAtSource)? {
        if let internalDate { return (internalDate, .internalDate) }
        let utc = TimeZone(identifier: "UTC") ?? TimeZone.current
        for field in headers.all("Received") {
            // RFC 5321 §4.4: the date-time follows the last semicolon of a Received field.
            let text = field.rawValue.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
            if field.rawValue.contains(";"), let date = EmailDate.parse(text, timeZoneIfAbsent: utc) {
                return (date, .receivedHeader)
            }
            warnings.add(.unparseableDate(header: "Received", value: text.mailTrimmed))
        }
        if let text = headers.rawValue("Date") {
            if let date = EmailDate.parse(text, timeZoneIfAbsent: utc) { return (date, .dateHeader) }
            warnings.add(.unparseableDate(header: "Date", value: text))
        }
        warnings.add(.missingReceivedAt)
        return nil
    }
}
