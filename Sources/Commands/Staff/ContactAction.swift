/// A staff action on one contact (PRODUCT.md "Staff actions"; API.md contact routes). Values
/// are the raw request fields; `ContactCommandHandler` validates them and names the field.
public enum ContactAction: Hashable, Sendable {
    /// `PUT …/notes {"notes"}`: the whole text; empty clears. → `contact.notes_updated`
    case updateNotes(String)
    /// `POST …/dnc {"doNotContact": true, "reason"}` → `contact.dnc_set` (staff always wins).
    case setDoNotContact(reason: String?)
    /// `POST …/dnc {"doNotContact": false, "reason"}` → `contact.dnc_cleared` (any DNC: staff,
    /// system opt-out or AI).
    case clearDoNotContact(reason: String?)
    /// `POST …/tags {"tagId"}` → `contact.tagged`; the tag must be defined (`tag.defined`).
    case tag(tagId: String)
    /// `DELETE …/tags/{tagId}` → `contact.untagged`.
    case untag(tagId: String)
    /// → `contact.complaint_resolved`.
    case resolveComplaint(resolution: String?)
    /// `POST …/convert` → `contact.converted`; `leadId`, when given, must be a recorded lead.
    case convert(leadId: String?, note: String?)
    /// `POST …/contacts/merge {"from", "into"}`: this contact (the source) moves into `into`.
    /// → `contact.merged` on both contacts' streams, in one atomic batch.
    case merge(into: String, reviewId: String?)

    /// The DNC setter as the API body reads (`{"doNotContact": Bool, "reason"}`).
    public static func doNotContact(_ flag: Bool, reason: String?) -> ContactAction {
        flag ? .setDoNotContact(reason: reason) : .clearDoNotContact(reason: reason)
    }
}
