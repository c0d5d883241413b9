import Domain
import EventStore

/// Who issues a staff command and how a retry stays harmless (API.md "Staff identity"):
/// the client's request id (`Idempotency-Key`; 1–200 bytes of printable ASCII), the staff
/// user recorded as the actor, and optionally the version the client last saw of the stream
/// it changes (`If-Match`; the contact's stream for contact commands, the task's for task
/// commands). A mismatch is a `.conflict` carrying the actual version.
///
/// The staff user comes from the credentials, never from a body (`StaffUser`): the
/// `X-Staff-User` header of a token allowed to act for staff, or the identity of the token
/// itself. Raw strings on purpose: the handler validates them and names the header at fault.
/// Thread-safe (a value).
public struct StaffRequest: Hashable, Sendable {
    public var requestId: String
    public var staffUserId: String
    public var staffUserSource: StaffUserSource
    public var expectedVersion: UInt64?

    /// Where `staffUserId` comes from.
    public enum StaffUserSource: Hashable, Sendable {
        /// `X-Staff-User`, sent by a token that may act for staff: it must be a plain id
        /// (`StaffRequest.staffUserIdIsPlain`).
        case header
        /// Derived by the server from the token that sent the request (`token:<label>`): not
        /// client input, so only the actor's own rules apply.
        case credential
    }

    public init(
        requestId: String, staffUserId: String, source: StaffUserSource = .header, expectedVersion: UInt64? = nil
    ) {
        self.requestId = requestId
        self.staffUserId = staffUserId
        self.staffUserSource = source
        self.expectedVersion = expectedVersion
    }

    /// Longest `X-Staff-User`.
    public static let staffUserIdLengthMax = 64

    /// The `X-Staff-User` rule: 1–64 characters, each an ASCII letter or digit or one of
    /// `. _ @ - +` (a login, an email address, an employee number). No spaces, markup or
    /// control characters: the id is shown in timelines and audit reports.
    public static func staffUserIdIsPlain(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard (1...staffUserIdLengthMax).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "@"), UInt8(ascii: "-"), UInt8(ascii: "+"):
                true
            default: false
            }
        }
    }

    /// The validated request id and actor.
    func validated() throws(CommandError) -> (requestId: RequestID, actor: EventActor) {
        let requestId = try checked("Idempotency-Key") { () throws(DomainError) in try RequestID(self.requestId, field: "Idempotency-Key") }
        if staffUserSource == .header, !Self.staffUserIdIsPlain(staffUserId) {
            throw CommandError.invalid(
                "X-Staff-User",
                "must be 1–\(Self.staffUserIdLengthMax) characters of letters, digits and . _ @ - + (not '\(staffUserId.prefix(64))')")
        }
        let actor = try checked("X-Staff-User") { () throws(DomainError) in try EventActor.staff(userId: staffUserId) }
        return (requestId, actor)
    }
}

/// How free text a staff command records may be laid out.
enum TextLayout {
    /// A name or a short label (an assignee, a reason for a flag): one line.
    case singleLine
    /// Notes and reasons typed into a text area: line breaks (LF, CR) and tabs allowed.
    case multiLine
}

/// Free text checked for characters that have no business in it: C0 controls (NUL, ESC of
/// ANSI escape sequences, …), DEL and C1 controls are refused with an error naming `field`;
/// line feeds, carriage returns and tabs only in multi-line text. The text is stored and shown
/// in the UI, the timeline and audit reports, where such characters hide or forge content.
func checkFreeText(_ text: String, field: String, layout: TextLayout) throws(CommandError) {
    for scalar in text.unicodeScalars {
        let value = scalar.value
        let control = value < 0x20 || (0x7F...0x9F).contains(value)
        guard control else { continue }
        if layout == .multiLine, value == 0x0A || value == 0x0D || value == 0x09 { continue }
        let allowed = layout == .multiLine ? " (line breaks and tabs are allowed)" : ""
        throw CommandError.invalid(
            field, "contains the control character U+\(String(value, radix: 16, uppercase: true).leftPadded(4))\(allowed)")
    }
}

/// Optional free text (a reason, a note): trimmed, absent when blank, bounded, no control
/// characters (`checkFreeText`).
func optionalText(
    _ raw: String?, field: String, lengthMax: Int = 4096, layout: TextLayout = .multiLine
) throws(CommandError) -> String? {
    guard let text = raw?.intakeTrimmed, !text.isEmpty else { return nil }
    guard text.utf8.count <= lengthMax else { throw CommandError.invalid(field, "is longer than \(lengthMax) bytes") }
    try checkFreeText(text, field: field, layout: layout)
    return text
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
