import Domain

extension ConsentKeyword {
    /// PRODUCT.md Flow 5 step 5 (the CTIA / TCPA opt-out keywords).
    public static let optOutKeywords: Set<String> = [
        "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPT OUT", "OPTOUT",
    ]
    public static let optInKeywords: Set<String> = ["START", "UNSTOP"]

    /// The keyword when the whole text is one, read as `KeywordText` reads it (the auditor
    /// reads texts the same way). Any other text is not a keyword: "stop by tomorrow" or
    /// "please cancel my 6am class" are ordinary messages, because a false opt-out would
    /// silently stop all contact with a customer.
    public static func detect(in text: String) -> ConsentKeyword? {
        guard let candidate = KeywordText.candidate(text) else { return nil }
        if optOutKeywords.contains(candidate) { return ConsentKeyword(intent: .optOut, keyword: candidate) }
        if optInKeywords.contains(candidate) { return ConsentKeyword(intent: .optIn, keyword: candidate) }
        return nil
    }
}
