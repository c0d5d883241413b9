/// Whether an inbound SMS text is a revocation keyword (TCPA.md OPTOUT-HONOR: stop, stopall,
/// quit, end, revoke, opt out, optout, cancel, unsubscribe).
///
/// The auditor recognises keywords itself instead of trusting `contact.opted_out`: a revocation
/// the intake missed is exactly what OPTOUT-HONOR must catch. The reading matches the intake's
/// (`ConsentKeyword.detect` in Commands): the whole text, ignoring case and surrounding
/// whitespace, punctuation and symbols, words separated by whitespace or hyphens; "stop by
/// tomorrow" is not a keyword. Thread-safe (an immutable value).
struct OptOutKeywords: Sendable {
    private let keywords: Set<String>
    /// The most ASCII letters any keyword has ("UNSUBSCRIBE": 11).
    private let lettersMax: Int

    init(_ keywords: [String]) {
        self.keywords = Set(keywords.map { $0.uppercased() })
        self.lettersMax = keywords.map { $0.utf8.filter { Self.isASCIILetter($0) }.count }.max() ?? 0
    }

    /// A cheap byte test before `match`: every letter of the text is part of the keyword, so a
    /// text with no ASCII letter or with more than the longest keyword has cannot be one. Most
    /// inbound SMS are sentences and stop here, without Unicode character processing.
    func mayMatch(_ utf8: UnsafeRawBufferPointer) -> Bool {
        var letters = 0
        for byte in utf8 where Self.isASCIILetter(byte) {
            letters += 1
            if letters > lettersMax { return false }
        }
        return letters > 0
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// The normalised keyword, or nil.
    func match(_ text: String) -> String? {
        guard text.utf8.count <= 64 else { return nil }
        var words: [String] = []
        var word = ""
        for character in text {
            if character.isWhitespace || character == "-" {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { words.append(word) }
        // Strip decoration from the ends of the text (not from inside it).
        while let first = words.first, let trimmed = Self.trimmed(first, leading: true), trimmed != first {
            if trimmed.isEmpty { words.removeFirst() } else { words[0] = trimmed }
        }
        while let last = words.last, let trimmed = Self.trimmed(last, leading: false), trimmed != last {
            if trimmed.isEmpty { words.removeLast() } else { words[words.count - 1] = trimmed }
        }
        let candidate = words.joined(separator: " ").uppercased()
        return keywords.contains(candidate) ? candidate : nil
    }

    private static func trimmed(_ word: String, leading: Bool) -> String? {
        let decoration: (Character) -> Bool = { c in
            c.isPunctuation || c.isSymbol
                || c.unicodeScalars.allSatisfy {
                    switch $0.properties.generalCategory {
                    case .format, .nonspacingMark, .enclosingMark, .control: true
                    default: false
                    }
                }
        }
        return leading ? String(word.drop(while: decoration)) : String(word.reversed().drop(while: decoration).reversed())
    }
}
