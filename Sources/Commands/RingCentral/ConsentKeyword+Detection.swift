extension ConsentKeyword {
    /// PRODUCT.md Flow 5 step 5 (the CTIA / TCPA opt-out keywords).
    public static let optOutKeywords: Set<String> = [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT", "OPTOUT",
    ]
    public static let optInKeywords: Set<String> = ["START", "UNSTOP"]

    /// The keyword when the whole text is one, ignoring case and surrounding whitespace,
    /// punctuation and symbols (`" Stop! "`, `"stop."`, `"STOP 🛑"`); words inside may be
    /// separated by any whitespace or a hyphen (`opt-out`). Any other text is not a keyword:
    /// "stop by tomorrow" or "please cancel my 6am class" are ordinary messages, because a
    /// false opt-out would silently stop all contact with a customer.
    public static func detect(in text: String) -> ConsentKeyword? {
        // Longer than any keyword plus generous decoration: not a keyword, no work.
        guard text.utf8.count <= 64 else { return nil }
        let core = text.drop(while: isDecoration).reversed().drop(while: isDecoration).reversed()
        var words: [String] = []
        var word = ""
        for character in core {
            if character.isWhitespace || character == "-" {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { words.append(word) }
        let candidate = words.joined(separator: " ").uppercased()
        if optOutKeywords.contains(candidate) { return ConsentKeyword(intent: .optOut, keyword: candidate) }
        if optInKeywords.contains(candidate) { return ConsentKeyword(intent: .optIn, keyword: candidate) }
        return nil
    }

    /// Whitespace, punctuation, symbols (emoji) and invisible format characters.
    private static func isDecoration(_ character: Character) -> Bool {
        if character.isWhitespace || character.isPunctuation || character.isSymbol { return true }
        return character.unicodeScalars.allSatisfy {
            switch $0.properties.generalCategory {
            case .format, .nonspacingMark, .enclosingMark, .control: true
            default: false
            }
        }
    }
}
