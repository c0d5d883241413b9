import Domain

/// Whether an inbound SMS text is a revocation keyword (TCPA.md OPTOUT-HONOR: stop, stopall,
/// quit, end, revoke, opt out, optout, cancel, unsubscribe).
///
/// The auditor recognises keywords itself instead of trusting `contact.opted_out`: a revocation
/// the intake missed is exactly what OPTOUT-HONOR must catch. Texts are read as the intake
/// reads them (`Domain.KeywordText`); "stop by tomorrow" is not a keyword. Thread-safe (an
/// immutable value).
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
        guard let candidate = KeywordText.candidate(text) else { return nil }
        return keywords.contains(candidate) ? candidate : nil
    }
}
