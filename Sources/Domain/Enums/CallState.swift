/// What the per-call AI analysis says happened on a call (`call.analyzed`).
///
/// The documents name `human_conversation`, `voicemail` and `no_answer` (PRODUCT.md "Calls",
/// seed 002 First Connected: `call_state='human_conversation'`) and give no closed list. The
/// set below adds the other outcomes a call classifier distinguishes; extend it (never
/// repurpose a value) when the analyzer gains one. Only `human_conversation` drives a
/// derived field (firstConnectedAt).
public enum CallState: String, DomainEnum {
    /// A person on the customer side spoke with staff.
    case humanConversation = "human_conversation"
    /// The call reached a voicemail box (a message may or may not have been left).
    case voicemail
    /// Rang out without an answer.
    case noAnswer = "no_answer"
    /// The line was busy.
    case busy
    /// An automated system (IVR, call screening) answered and no person was reached.
    case automatedSystem = "automated_system"
    /// The person reached was not the contact.
    case wrongNumber = "wrong_number"
    /// Connected, then cut off before a conversation.
    case dropped
    /// The analyzer could not tell.
    case unknown

    public static var fieldName: String { "callState" }

    /// Counts as "connected" for firstConnectedAt (seed 002 §3).
    public var isConnected: Bool { self == .humanConversation }
}
