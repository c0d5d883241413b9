import Domain
import EventStore

/// Validates AI analysis results (INTAKE.md "AI analysis results"): absent or null fields
/// stay nil, enum values outside the documented sets are an `IntakeError` naming the field.
///
/// Pure: no I/O, no clock. ContactLedger never calls an AI; this only reads what an external
/// analyzer posts. Unknown members are ignored so the analyzer can add fields first.
public enum AnalysisParser {
    /// Items per list field (objections, goals, suggested actions); far above real output.
    public static let listCountMax = 100

    /// `POST /v1/ingest/analysis/call`.
    public static func parseCall(_ bytes: [UInt8]) throws(IntakeError) -> CallAnalysis {
        try call(try document(bytes))
    }

    /// `POST /v1/ingest/analysis/contact`.
    public static func parseContact(_ bytes: [UInt8]) throws(IntakeError) -> ContactAnalysis {
        try contact(try document(bytes))
    }

    /// Either kind, told apart by its key: `callId` → call, `phone` → contact.
    public static func parse(_ bytes: [UInt8]) throws(IntakeError) -> AnalysisResult {
        let top = try document(bytes)
        let members = try top.members()
        switch (members["callId"] != nil, members["phone"] != nil) {
        case (true, false): return .call(try call(top))
        case (false, true): return .contact(try contact(top))
        case (true, true): throw IntakeError.invalid("", "has both callId and phone: not one analysis kind")
        case (false, false): throw IntakeError.invalid("", "has neither callId (call analysis) nor phone (contact analysis)")
        }
    }

    static func document(_ bytes: [UInt8]) throws(IntakeError) -> JSONField {
        let top = JSONField(try IntakeJSON.parse(bytes), path: "")
        _ = try top.members()
        return top
    }

    static func call(_ top: JSONField) throws(IntakeError) -> CallAnalysis {
        CallAnalysis(
            analysisId: try top.required("analysisId").identifier(),
            callId: try top.required("callId").identifier(),
            storeId: try top.optional("storeId").map { (field) throws(IntakeError) in try storeId(field) },
            callState: try top.required("callState").oneOf(CallState.self),
            firstName: try top.optional("firstName")?.trimmedText(),
            lastName: try top.optional("lastName")?.trimmedText(),
            summary: try top.optional("summary")?.string().intakeTrimmed,
            analyzedAt: try top.required("analyzedAt").timestamp())
    }

    static func contact(_ top: JSONField) throws(IntakeError) -> ContactAnalysis {
        let phoneField = try top.required("phone")
        let rawPhone = try phoneField.string()
        guard let phone = PhoneNumber(rawPhone) else {
            throw IntakeError.invalid(phoneField.path, "is not a valid US/Canada phone number: \"\(rawPhone.prefix(40))\"")
        }
        return ContactAnalysis(
            analysisId: try top.required("analysisId").identifier(),
            storeId: try storeId(top.required("storeId")),
            phone: phone,
            analyzedAt: try top.required("analyzedAt").timestamp(),
            lifecycleStage: try top.optional("lifecycleStage")?.oneOf(LifecycleStage.self),
            lifecycleState: try top.optional("lifecycleState")?.oneOf(LifecycleState.self),
            leadStatus: try top.optional("leadStatus")?.oneOf(LeadStatus.self),
            leadStatusReason: try text(top, "leadStatusReason"),
            leadObjections: try textList(top, "leadObjections"),
            leadRejectionReasons: try textList(top, "leadRejectionReasons"),
            purchaseIntent: try top.optional("purchaseIntent")?.oneOf(PurchaseIntent.self),
            purchaseIntentReason: try text(top, "purchaseIntentReason"),
            goals: try goals(top),
            customerSummary: try text(top, "customerSummary"),
            actionNeeded: try top.optional("actionNeeded")?.bool(),
            actionNeededReason: try text(top, "actionNeededReason"),
            suggestedActions: try suggestedActions(top),
            hasOpenComplaint: try top.optional("hasOpenComplaint")?.bool(),
            doNotContact: try top.optional("doNotContact")?.bool())
    }

    /// Free text, trimmed; an empty string is kept (it is a value, unlike absent).
    static func text(_ object: JSONField, _ key: String) throws(IntakeError) -> String? {
        try object.optional(key)?.string().intakeTrimmed
    }

    static func list(_ object: JSONField, _ key: String) throws(IntakeError) -> [JSONField]? {
        guard let field = try object.optional(key) else { return nil }
        let elements = try field.elements()
        guard elements.count <= listCountMax else {
            throw IntakeError.invalid(field.path, "has \(elements.count) items, more than \(listCountMax)")
        }
        return elements
    }

    static func textList(_ object: JSONField, _ key: String) throws(IntakeError) -> [String]? {
        guard let elements = try list(object, key) else { return nil }
        var texts: [String] = []
        for element in elements {
            if let text = try element.trimmedText() { texts.append(text) }
        }
        return texts
    }

    /// `[{goal, reason}]`; a bare string is accepted as a goal without a reason.
    static func goals(_ object: JSONField) throws(IntakeError) -> [ContactAnalysis.Goal]? {
        guard let elements = try list(object, "goals") else { return nil }
        var goals: [ContactAnalysis.Goal] = []
        for element in elements {
            if case .string = element.value {
                if let goal = try element.trimmedText() { goals.append(.init(goal: goal, reason: nil)) }
                continue
            }
            guard let goal = try element.required("goal").trimmedText() else {
                throw IntakeError.invalid(element.childPath("goal"), "must not be blank")
            }
            goals.append(.init(goal: goal, reason: try text(element, "reason")))
        }
        return goals
    }

    static func suggestedActions(_ object: JSONField) throws(IntakeError) -> [ContactAnalysis.SuggestedAction]? {
        guard let elements = try list(object, "suggestedActions") else { return nil }
        var actions: [ContactAnalysis.SuggestedAction] = []
        for element in elements {
            guard let action = try element.required("action").trimmedText() else {
                throw IntakeError.invalid(element.childPath("action"), "must not be blank")
            }
            actions.append(
                .init(
                    action: action,
                    priority: try element.required("priority").oneOf(TaskPriority.self),
                    reason: try text(element, "reason"),
                    priorityReason: try text(element, "priorityReason")))
        }
        return actions
    }

    /// A UUID in 8-4-4-4-12 hex form (PRODUCT.md: storeId is a UUID), returned lower-case.
    static func storeId(_ field: JSONField) throws(IntakeError) -> String {
        let text = try field.string().intakeTrimmed.lowercased()
        let bytes = Array(text.utf8)
        let isUUID =
            bytes.count == 36
            && bytes.indices.allSatisfy { index in
                [8, 13, 18, 23].contains(index)
                    ? bytes[index] == UInt8(ascii: "-")
                    : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
                        || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(bytes[index])
            }
        guard isUUID else { throw IntakeError.invalid(field.path, "is not a UUID: \"\(text.prefix(40))\"") }
        return text
    }
}
