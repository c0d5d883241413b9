import Domain
import EventStore
import Foundation

/// One lead email as a booking system (or a forwarding manager) would send it, and its
/// rendering as RFC 822 text. The variants cover what INTAKE.md says the parser must read:
/// plain 7bit text, multipart/alternative with quoted-printable text and HTML, base64
/// ISO-8859-1 text beside a PDF attachment, HTML only (table rows), Gmail and Outlook
/// forwards, RFC 2047 encoded subjects, CRLF line ends, and phone numbers in every common
/// spelling (or an invalid one, or none). Thread-safe (a value).
struct LeadEmail: Sendable {
    enum Variant: CaseIterable, Sendable {
        case plain, quotedPrintableAlternative, base64Latin1, htmlOnly, gmailForward, outlookForward
    }

    var variant: Variant
    var storeName: String
    var calendar: StoreCalendar
    var trackingId: String?
    var sender: String
    var senderName: String
    var managerAddress: String
    var firstName: String
    var lastName: String
    /// As written in the body (any spelling), nil for no phone line.
    var phoneText: String?
    var email: String
    var leadType: String
    var bookedDate: String?
    var bookedTime: String?
    var comments: String?
    /// When the booking system sent it, and when the store's mailbox received it (the
    /// `Received:` header, which the intake prefers for receivedAt).
    var sentAt: Timestamp
    var receivedAt: Timestamp
    var messageId: String

    static let crlf = "\r\n"

    var fullName: String { "\(firstName) \(lastName)" }

    var bytes: [UInt8] {
        switch variant {
        case .plain: return Array(plain().utf8)
        case .quotedPrintableAlternative: return Array(alternative().utf8)
        case .base64Latin1: return Array(latin1().utf8)
        case .htmlOnly: return Array(htmlOnly().utf8)
        case .gmailForward, .outlookForward: return Array(forward().utf8)
        }
    }

    // MARK: Parts

    private var recipient: String {
        trackingId.map { "lead-tracking+\($0)@leads.example.net" } ?? "frontdesk@leads.example.net"
    }

    private func headers(from: String, subject: String, date: Timestamp, extra: [String] = []) -> [String] {
        var lines: [String] = []
        if let trackingId { lines.append("Delivered-To: lead-tracking+\(trackingId)@leads.example.net") }
        lines.append("Received: from mx.booking.example.com by mail.example.net; \(DemoTime.rfc5322(receivedAt, in: calendar))")
        lines.append("From: \(from)")
        lines.append("To: \(recipient)")
        lines.append("Subject: \(subject)")
        lines.append("Date: \(DemoTime.rfc5322(date, in: calendar))")
        lines.append("Message-ID: <\(messageId)>")
        lines.append("MIME-Version: 1.0")
        return lines + extra
    }

    private var senderHeader: String { "\(senderName) <\(sender)>" }

    private var subjectText: String { "New \(leadType): \(fullName)" }

    /// The subject with a non-ASCII name as an RFC 2047 encoded word (Q or B, alternating).
    private var encodedSubject: String {
        guard !fullName.unicodeScalars.allSatisfy(\.isASCII) else { return subjectText }
        let utf8 = Array(fullName.utf8)
        if utf8.count % 2 == 0 {
            return "New \(leadType): =?UTF-8?B?\(Data(utf8).base64EncodedString())?="
        }
        var q = ""
        for byte in utf8 {
            switch byte {
            case 0x20: q += "_"
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: q += String(UnicodeScalar(byte))
            default: q += "=" + Self.hex(byte)
            }
        }
        return "New \(leadType): =?utf-8?q?\(q)?="
    }

    /// `Label: value` lines of the lead; names as one full name or as first + last.
    private func fieldLines(fullNameStyle: Bool) -> [String] {
        var lines = ["Lead Type: \(leadType)"]
        if fullNameStyle {
            lines.append("Full Name: \(fullName)")
        } else {
            lines += ["First Name: \(firstName)", "Last Name: \(lastName)"]
        }
        if let phoneText { lines.append("\(fullNameStyle ? "Phone Number" : "Phone"): \(phoneText)") }
        lines.append("Email: \(email)")
        if let bookedDate { lines.append("Class Date: \(bookedDate)") }
        if let bookedTime { lines.append("Class Time: \(bookedTime)") }
        if let comments { lines.append("Comments: \(comments)") }
        return lines
    }

    private var tableRows: String {
        var rows = [("Lead Type", leadType), ("Name", fullName)]
        if let phoneText { rows.append(("Mobile", phoneText)) }
        rows.append(("E-mail", email))
        if let bookedDate { rows.append(("Class Date", bookedDate)) }
        if let bookedTime { rows.append(("Class Time", bookedTime)) }
        return rows.map { "<tr><td>\($0.0)</td><td>\(Self.escapeHTML($0.1))</td></tr>" }.joined()
    }

    // MARK: Variants

    private func plain() -> String {
        let ascii = fullName.unicodeScalars.allSatisfy(\.isASCII)
        let head = headers(
            from: senderHeader, subject: encodedSubject, date: sentAt,
            extra: ["Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: \(ascii ? "7bit" : "8bit")"])
        let body = ["You have a new lead!", ""] + fieldLines(fullNameStyle: false) + ["Studio: \(storeName)"]
        return (head + [""] + body).joined(separator: Self.crlf) + Self.crlf
    }

    private func alternative() -> String {
        let boundary = "===============\(messageId.hashDigits)=="
        let head = headers(
            from: senderHeader, subject: encodedSubject, date: sentAt,
            extra: ["Content-Type: multipart/alternative;", " boundary=\"\(boundary)\""])
        let text = ([leadType, ""] + fieldLines(fullNameStyle: true)).joined(separator: Self.crlf) + Self.crlf
        let html = "<html><body><h2>\(Self.escapeHTML(leadType))</h2><table>\(tableRows)</table>"
            + "<p>Reply within 5 minutes for the best results \u{2014} thanks!</p></body></html>"
        var lines = head + ["", "--\(boundary)"]
        lines += ["Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable", ""]
        lines.append(Self.quotedPrintable(Array(text.utf8)))
        lines += ["--\(boundary)", "Content-Type: text/html; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable", ""]
        lines.append(Self.quotedPrintable(Array(html.utf8)))
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: Self.crlf)
    }

    private func latin1() -> String {
        let boundary = "===============\(messageId.hashDigits)=="
        let head = headers(
            from: sender, subject: encodedSubject, date: sentAt,
            extra: ["Content-Type: multipart/mixed; boundary=\"\(boundary)\""])
        let text = fieldLines(fullNameStyle: false).joined(separator: "\n") + "\n"
        let latin1 = Data(text.unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") })
        var lines = head + ["", "--\(boundary)"]
        lines += ["Content-Type: text/plain; charset=\"iso-8859-1\"", "Content-Transfer-Encoding: base64", ""]
        let encoded = Array(latin1.base64EncodedString())
        lines += stride(from: 0, to: encoded.count, by: 76).map { String(encoded[$0..<min($0 + 76, encoded.count)]) }
        lines += ["", "--\(boundary)", "Content-Type: application/pdf", "Content-Transfer-Encoding: base64"]
        lines += ["Content-Disposition: attachment; filename=\"intro-offer.pdf\"", "", "JVBERi0xLjQKJSBkZW1vCg==", ""]
        lines += ["--\(boundary)--", ""]
        return lines.joined(separator: Self.crlf)
    }

    private func htmlOnly() -> String {
        let head = headers(
            from: senderHeader, subject: encodedSubject, date: sentAt,
            extra: ["Content-Type: text/html; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable"])
        let html = "<html><head><title>New lead</title></head><body><p>New lead for \(Self.escapeHTML(storeName))</p>"
            + "<table border=\"1\">\(tableRows)</table></body></html>"
        return (head + ["", Self.quotedPrintable(Array(html.utf8))]).joined(separator: Self.crlf) + Self.crlf
    }

    private func forward() -> String {
        let manager = "Studio Manager <\(managerAddress)>"
        let head = headers(
            from: manager, subject: "Fwd: \(encodedSubject)", date: receivedAt,
            extra: ["Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: 8bit"])
        var body = ["FYI, please add.", ""]
        if variant == .gmailForward {
            body += [
                "---------- Forwarded message ---------", "From: \(senderHeader)", "Date: \(DemoTime.gmail(sentAt, in: calendar))",
                "Subject: \(subjectText)", "To: <\(managerAddress)>", "",
            ]
        } else {
            body += [
                "-----Original Message-----", "From: \(senderHeader)", "Sent: \(DemoTime.outlook(sentAt, in: calendar))",
                "To: \(managerAddress)", "Subject: \(subjectText)", "",
            ]
        }
        body += fieldLines(fullNameStyle: true)
        return (head + [""] + body).joined(separator: Self.crlf) + Self.crlf
    }

    // MARK: Encoders

    /// RFC 2045 quoted-printable: soft line breaks keep lines at most 76 characters.
    static func quotedPrintable(_ bytes: [UInt8]) -> String {
        var out = ""
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                out += crlf
                lineLength = 0
                index += 2
                continue
            }
            let lineEndsNext = index + 1 >= bytes.count || bytes[index + 1] == 0x0D
            let literal = (byte >= 33 && byte <= 126 && byte != 0x3D) || (byte == 0x20 && !lineEndsNext)
            let piece = literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
            if lineLength + piece.count > 75 {
                out += "=" + crlf
                lineLength = 0
            }
            out += piece
            lineLength += piece.count
            index += 1
        }
        return out
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    static func escapeHTML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

extension String {
    /// Digits derived from the string's bytes (FNV-1a), for MIME boundaries.
    fileprivate var hashDigits: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash % 10_000_000_000_000_000_000)
    }
}
