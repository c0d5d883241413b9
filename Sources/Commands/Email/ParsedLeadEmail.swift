import Domain
import Foundation

/// What an email lead says (PRODUCT.md Flow 1 step 1; INTAKE.md "Email leads"). Every field
/// the email did not give is nil; nothing is invented. Thread-safe (a value).
public struct ParsedLeadEmail: Equatable, Sendable {
    /// Which source gave ``receivedAt`` (INTAKE.md: INTERNALDATE, then `Received:`, then `Date:`).
    public enum ReceivedAtSource: Equatable, Sendable {
        case internalDate, receivedHeader, dateHeader
    }

    /// The sender's address, lower-cased: the one the store registry's `leadSenders` lists
    /// (the source document's leadEmail, "email 发件人"). For a forwarded email, the original
    /// sender from the forwarded header block, because the lead fields come from that part;
    /// the forwarder stays in ``from``.
    public var leadEmail: String?
    /// `Web Lead`, `Online Intro`, …: the body's label, else from the subject.
    public var leadType: String?
    public var firstName: String?
    public var lastName: String?
    /// Normalised to E.164; nil when absent or when it cannot be a valid number (then
    /// ``phoneRaw`` holds what was written and ``warnings`` says why).
    public var phone: PhoneNumber?
    /// The phone as written in the body, valid or not.
    public var phoneRaw: String?
    /// The lead person's own address from an `Email:` / `E-mail:` label, lower-cased.
    public var contactEmail: String?
    /// As written (`2026-03-05`); not interpreted.
    public var bookedDate: String?
    /// As written (`6:15 AM`); not interpreted.
    public var bookedTime: String?
    /// The decoded `Subject:` header.
    public var subject: String?
    /// The decoded `From:` header as written (`Booking System <leads@…>`).
    public var from: String?
    /// The recipient address: the one carrying the tracking id, else the first `To:` address.
    public var recipient: String?
    /// The id after the first `+` of a `lead-tracking+ID@domain` recipient.
    public var trackingId: String?
    /// Which header the tracking id came from (`Delivered-To`, …, or `Forwarded-To`).
    public var trackingIdHeader: String?
    public var isForwarded: Bool
    /// The forwarded header values as the forwarding client wrote them (raw strings).
    public var forwardedOriginalFrom: String?
    public var forwardedOriginalTo: String?
    /// Raw, e.g. `Wed, Mar 4, 2026 at 9:31 AM`; read it with ``EmailDate/parse(_:timeZoneIfAbsent:)``
    /// and the store's time zone.
    public var forwardedOriginalDate: String?
    public var receivedAt: Date?
    public var receivedAtSource: ReceivedAtSource?
    /// The text body the fields were read from (whole, including any forwarding note).
    public var rawBody: String
    /// The MIME parser's warnings followed by the lead extraction's.
    public var warnings: [EmailParseWarning]
}
