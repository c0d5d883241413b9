/// A parsed `Content-Type` or `Content-Disposition` value: a lower-cased token and its
/// parameters (RFC 2045 §5.1, RFC 2183). Thread-safe (a value).
public struct MIMEContentType: Equatable, Sendable {
    /// `text`, `multipart`, ... (lower case).
    public let type: String
    /// `plain`, `alternative`, ... (lower case).
    public let subtype: String
    /// Parameter names lower-cased; values unquoted. The first of a repeated name wins.
    public let parameters: [String: String]

    public var mimeType: String { "\(type)/\(subtype)" }

    /// RFC 2045 §5.2: no Content-Type means `text/plain; charset=us-ascii`. The charset is
    /// left out so that 8-bit text in such a part is treated as undeclared (UTF-8, else 1252).
    public static let defaultType = MIMEContentType(type: "text", subtype: "plain", parameters: [:])

    public init(type: String, subtype: String, parameters: [String: String]) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    /// Parses a Content-Type value; nil when it has no `type/subtype` token.
    public init?(parsing raw: String) {
        let (token, parameters) = Self.parseValueAndParameters(raw)
        let pieces = token.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return nil }
        let type = pieces[0].mailTrimmed, subtype = pieces[1].mailTrimmed
        guard !type.isEmpty, !subtype.isEmpty, !type.contains(" "), !subtype.contains(" ") else { return nil }
        self.init(type: type, subtype: subtype, parameters: parameters)
    }

    /// Splits `token; name=value; name="quoted \"value\""` into the lower-cased token and the
    /// parameters. Comments in parentheses are skipped; a value without quotes runs to the next
    /// `;` (broken mailers put spaces in them); an unterminated quote runs to the end.
    static func parseValueAndParameters(_ raw: String) -> (token: String, parameters: [String: String]) {
        var scalars = Array(raw.unicodeScalars)[...]
        let token = String(String.UnicodeScalarView(readUntil(&scalars, stopAt: [";"]))).mailTrimmed.lowercased()
        var parameters: [String: String] = [:]
        while let first = scalars.first {
            if first == ";" || first == " " || first == "\t" {
                scalars.removeFirst()
                continue
            }
            let name = String(String.UnicodeScalarView(readUntil(&scalars, stopAt: ["=", ";"])))
                .mailTrimmed.lowercased()
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            while let next = scalars.first, next == " " || next == "\t" { scalars.removeFirst() }
            let value: String
            if scalars.first == "\"" {
                scalars.removeFirst()
                value = readQuoted(&scalars)
            } else {
                value = String(String.UnicodeScalarView(readUntil(&scalars, stopAt: [";"]))).mailTrimmed
            }
            if !name.isEmpty, parameters[name] == nil { parameters[name] = value }
        }
        return (token, parameters)
    }

    /// Reads up to (not including) a stop scalar, skipping comments `(…)` outside quotes.
    private static func readUntil(
        _ scalars: inout ArraySlice<Unicode.Scalar>, stopAt stops: Set<Unicode.Scalar>
    ) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        var commentDepth = 0
        while let scalar = scalars.first, commentDepth > 0 || !stops.contains(scalar) {
            scalars.removeFirst()
            if scalar == "(" {
                commentDepth += 1
            } else if scalar == ")", commentDepth > 0 {
                commentDepth -= 1
            } else if commentDepth == 0 {
                output.append(scalar)
            }
        }
        return output
    }

    /// Reads a quoted string after its opening quote, unescaping `\x`.
    private static func readQuoted(_ scalars: inout ArraySlice<Unicode.Scalar>) -> String {
        var output = String.UnicodeScalarView()
        while let scalar = scalars.first {
            scalars.removeFirst()
            if scalar == "\"" { break }
            if scalar == "\\", let escaped = scalars.first {
                scalars.removeFirst()
                output.append(escaped)
            } else {
                output.append(scalar)
            }
        }
        return String(output)
    }
}
