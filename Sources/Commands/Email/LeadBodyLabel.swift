/// The lead fields a body can label (INTAKE.md "Email leads").
enum LeadBodyField: Hashable, CaseIterable {
    case fullName, firstName, lastName, phone, email, leadType, bookedDate, bookedTime
}

/// Body labels and their synonyms, matched case-insensitively after normalising spaces and
/// decoration (`**Name:**`, `• Phone`). INTAKE.md lists name / full name, first name, last
/// name, phone / phone number / mobile / cell, email / e-mail, lead type / type / source,
/// booked date / class date / appointment date, booked time / class time; the rest are
/// spellings of the same labels seen in booking-system mail. Thread-safe (constants).
enum LeadBodyLabel {
    /// A label's field and its rank: where several synonyms of one field appear, the lowest
    /// rank wins (`Lead Type` over `Type` over `Source`).
    struct Match: Equatable {
        let field: LeadBodyField
        let rank: Int
    }

    static let synonyms: [String: Match] = {
        let groups: [(LeadBodyField, [[String]])] = [
            (.fullName, [["name", "full name", "lead name", "customer name", "contact name"]]),
            (.firstName, [["first name", "firstname", "given name"]]),
            (.lastName, [["last name", "lastname", "surname", "family name"]]),
            (
                .phone,
                [
                    [
                        "phone", "phone number", "mobile", "cell", "mobile phone", "mobile number", "cell phone",
                        "cell number", "telephone", "phone #", "tel",
                    ]
                ]
            ),
            (.email, [["email", "e-mail", "email address", "e-mail address"]]),
            (.leadType, [["lead type"], ["type"], ["source", "lead source"]]),
            (.bookedDate, [["booked date", "class date", "appointment date", "booking date"]]),
            (.bookedTime, [["booked time", "class time", "appointment time", "booking time"]]),
        ]
        var table: [String: Match] = [:]
        for (field, ranks) in groups {
            for (rank, labels) in ranks.enumerated() {
                for label in labels { table[label] = Match(field: field, rank: rank) }
            }
        }
        return table
    }()

    /// The field `text` labels, or nil. `text` may carry a trailing colon.
    static func match<Text: StringProtocol>(_ text: Text) -> Match? {
        guard text.utf8.count <= 64 else { return nil }  // no label is longer; skip long prose fast
        let normalized = normalize(text)
        guard !normalized.isEmpty, normalized.count <= 32 else { return nil }
        return synonyms[normalized]
    }

    /// Lower case, inner whitespace collapsed to one space, and decoration (`*`, `_`, bullets,
    /// a trailing colon) trimmed from both ends.
    private static let decoration: Set<Character> = ["*", "_", "\u{2022}", "\u{B7}", "-", ":", ">"]

    static func normalize<Text: StringProtocol>(_ text: Text) -> String {
        var words: [String] = []
        for word in text.lowercased().split(whereSeparator: { $0.isWhitespace }) { words.append(String(word)) }
        var joined = words.joined(separator: " ")
        while let first = joined.first, decoration.contains(first) || first == " " { joined.removeFirst() }
        while let last = joined.last, decoration.contains(last) || last == " " { joined.removeLast() }
        return joined
    }
}
