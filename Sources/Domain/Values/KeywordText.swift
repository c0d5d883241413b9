/// How an SMS text is read as a consent keyword (PRODUCT.md Flow 5 step 5; TCPA.md
/// OPTOUT-HONOR): the whole text, ignoring case and surrounding whitespace, punctuation and
/// symbols (`" Stop! "`, `"stop."`, `"STOP 🛑"`); words inside may be separated by any
/// whitespace or a hyphen (`opt-out`). One reading for the intake, which appends
/// `contact.opted_out`, and the auditor, which checks the intake did: if they read texts
/// differently, the audit would report the intake's misses that are not misses.
/// Stateless (thread-safe).
public enum KeywordText {
    /// The text as a keyword candidate — its words, upper-cased, joined by one space — or nil
    /// when it is too long to be a keyword (a sentence). Callers look the candidate up in
    /// their keyword sets: "stop by tomorrow" gives "STOP BY TOMORROW", which is none.
    public static func candidate(_ text: String) -> String? {
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
        return words.joined(separator: " ").uppercased()
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
