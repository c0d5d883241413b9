/// Character references in HTML mail bodies (HTML Living Standard §13.5). Thread-safe (constants).
enum HTMLEntities {
    /// Named references: the Latin-1 block (U+00A0…U+00FF, in code point order) and the
    /// punctuation and letters Windows-1252 adds, which is what mailers emit.
    static let named: [String: Unicode.Scalar] = {
        var table: [String: Unicode.Scalar] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
            "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
            "sbquo": "\u{201A}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}",
            "hellip": "\u{2026}", "bull": "\u{2022}", "euro": "\u{20AC}", "trade": "\u{2122}",
            "dagger": "\u{2020}", "Dagger": "\u{2021}", "permil": "\u{2030}", "lsaquo": "\u{2039}",
            "rsaquo": "\u{203A}", "OElig": "\u{0152}", "oelig": "\u{0153}", "Scaron": "\u{0160}",
            "scaron": "\u{0161}", "Yuml": "\u{0178}", "Zcaron": "\u{017D}", "zcaron": "\u{017E}",
            "fnof": "\u{0192}", "circ": "\u{02C6}", "tilde": "\u{02DC}", "ensp": "\u{2002}",
            "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
            "lrm": "\u{200E}", "rlm": "\u{200F}", "minus": "\u{2212}",
        ]
        for (offset, name) in latin1Names.enumerated() {
            table[name] = Unicode.Scalar(UInt8(0xA0 + offset))
        }
        return table
    }()

    /// Names for U+00A0…U+00FF, one per code point.
    static let latin1Names = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect",
        "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr",
        "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
        "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
        "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil",
        "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml",
        "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times",
        "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig",
        "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
        "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml",
        "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide",
        "oslash", "ugrave", "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    /// References that HTML accepts without the closing `;` (the legacy subset mailers rely on).
    static let withoutSemicolon: Set<String> = ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"]

    /// A numeric reference's scalar: 0x80–0x9F are read as Windows-1252 and invalid values
    /// (zero, surrogates, beyond U+10FFFF) become U+FFFD, as the HTML standard says.
    static func numeric(_ value: UInt32) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value) { return Windows1252.scalar(UInt8(value)) }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return scalar
    }
}
