/// Converts an HTML body to plain text for lead extraction (INTAKE.md: "fall back to HTML
/// converted to text"): tags stripped, character references decoded, whitespace collapsed,
/// block elements and `<br>` as line breaks, and each table row on one line with its cells
/// separated by a tab, so `<td>Label</td><td>value</td>` stays a readable pair.
///
/// Cells of nested (layout) tables keep their own rows; block elements inside a cell become
/// spaces so a cell never spans lines. `script`, `style` and `title` content is dropped.
/// Malformed markup (an unclosed tag or comment) ends the text there; it never traps.
/// Thread-safe (stateless).
enum HTMLText {
    static func convert(_ html: String) -> String {
        var converter = Converter(scalars: Array(html.unicodeScalars))
        converter.run()
        return converter.finish()
    }

    private static let blockElements: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
        "pre", "hr", "section", "article", "header", "footer", "nav", "aside", "center", "address", "form",
        "fieldset", "figure", "figcaption", "main", "caption", "body", "html",
    ]
    private static let rawTextElements: Set<String> = ["script", "style", "title"]

    private struct Converter {
        struct TableContext {
            var cellsInRow = 0
            var inCell = false
        }

        let scalars: [Unicode.Scalar]
        var index = 0
        var lines: [String] = []
        var line = String.UnicodeScalarView()
        var pendingSpace = false
        var tables: [TableContext] = []
        var preDepth = 0

        mutating func run() {
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar == "<", readTag() { continue }
                if scalar == "&" {
                    appendText(readReference())
                    continue
                }
                appendText(scalar)
                index += 1
            }
        }

        mutating func finish() -> String {
            newline()
            var output: [String] = []
            for text in lines where !(text.isEmpty && (output.last?.isEmpty ?? true)) { output.append(text) }
            while output.last?.isEmpty == true { output.removeLast() }
            return output.joined(separator: "\n")
        }

        // MARK: Text

        private mutating func appendText(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                if preDepth > 0, scalar == "\n" { newline() } else { pendingSpace = true }
                return
            }
            if pendingSpace, let last = line.last, last != "\t" { line.append(" ") }
            pendingSpace = false
            line.append(scalar)
        }

        private mutating func newline() {
            while let last = line.last, last == " " || last == "\t" { line.removeLast() }
            lines.append(String(line))
            line = String.UnicodeScalarView()
            pendingSpace = false
        }

        private mutating func ensureLineBreak() {
            if !line.isEmpty { newline() }
            pendingSpace = false
        }

        private var inCell: Bool { tables.last?.inCell ?? false }

        // MARK: Tags

        /// Reads a tag, comment or declaration at `<`; false when the `<` is literal text.
        private mutating func readTag() -> Bool {
            guard index + 1 < scalars.count else { return false }
            let next = scalars[index + 1]
            if next == "!" || next == "?" {
                if matches("<!--", at: index) {
                    index = find("-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                } else {
                    index = (scalars[index...].firstIndex(of: ">") ?? scalars.count - 1) + 1
                }
                return true
            }
            let closing = next == "/"
            var cursor = closing ? index + 2 : index + 1
            guard cursor < scalars.count, scalars[cursor].properties.isAlphabetic, scalars[cursor].isASCII else {
                return false
            }
            var name = ""
            while cursor < scalars.count, scalars[cursor].isASCII,
                scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor])
            {
                name.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            name = name.lowercased()
            index = tagEnd(from: cursor) + 1
            apply(name, closing: closing)
            if !closing, HTMLText.rawTextElements.contains(name) {
                index = find("</\(name)", from: index, caseInsensitive: true) ?? scalars.count
            }
            return true
        }

        private mutating func apply(_ name: String, closing: Bool) {
            switch name {
            case "br":
                if inCell { pendingSpace = true } else { newline() }
            case "td", "th":
                if tables.isEmpty { tables.append(TableContext()) }
                if closing {
                    tables[tables.count - 1].inCell = false
                    return
                }
                if tables[tables.count - 1].cellsInRow > 0, !line.isEmpty { line.append("\t") }
                pendingSpace = false
                tables[tables.count - 1].cellsInRow += 1
                tables[tables.count - 1].inCell = true
            case "tr":
                ensureLineBreak()
                if !tables.isEmpty { tables[tables.count - 1] = TableContext() }
            case "table":
                ensureLineBreak()
                if closing { _ = tables.popLast() } else { tables.append(TableContext()) }
            default:
                guard HTMLText.blockElements.contains(name) else { return }
                if name == "pre" { preDepth = max(0, preDepth + (closing ? -1 : 1)) }
                if inCell { pendingSpace = true } else { ensureLineBreak() }
            }
        }

        /// The index of the `>` ending a tag whose name ends before `start`; quoted attribute
        /// values may contain `>`. The last index when the tag never closes.
        private func tagEnd(from start: Int) -> Int {
            var cursor = start
            var previous: Unicode.Scalar = " "
            while cursor < scalars.count {
                let scalar = scalars[cursor]
                if scalar == ">" { return cursor }
                if (scalar == "\"" || scalar == "'"), previous == "=" {
                    cursor = scalars[(cursor + 1)...].firstIndex(of: scalar) ?? scalars.count
                }
                if !scalar.properties.isWhitespace { previous = scalar }
                cursor += 1
            }
            return scalars.count - 1
        }

        // MARK: Character references

        private mutating func readReference() -> Unicode.Scalar {
            var cursor = index + 1
            if cursor < scalars.count, scalars[cursor] == "#" {
                cursor += 1
                let hex = cursor < scalars.count && (scalars[cursor] == "x" || scalars[cursor] == "X")
                if hex { cursor += 1 }
                var value: UInt32 = 0
                var digits = 0
                // Every digit is consumed; past 8 the value is out of range anyway (U+FFFD).
                while cursor < scalars.count, let digit = hexDigit(scalars[cursor], allowLetters: hex) {
                    value = digits < 8 ? value * (hex ? 16 : 10) + digit : UInt32.max
                    digits += 1
                    cursor += 1
                }
                guard digits > 0 else { return literalAmpersand() }
                if cursor < scalars.count, scalars[cursor] == ";" { cursor += 1 }
                index = cursor
                return HTMLEntities.numeric(value)
            }
            var name = ""
            while cursor < scalars.count, name.unicodeScalars.count < 32, scalars[cursor].isASCII,
                scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor])
            {
                name.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            guard let scalar = HTMLEntities.named[name] else { return literalAmpersand() }
            if cursor < scalars.count, scalars[cursor] == ";" {
                index = cursor + 1
            } else if HTMLEntities.withoutSemicolon.contains(name) {
                index = cursor
            } else {
                return literalAmpersand()
            }
            return scalar
        }

        private mutating func literalAmpersand() -> Unicode.Scalar {
            index += 1
            return "&"
        }

        private func hexDigit(_ scalar: Unicode.Scalar, allowLetters: Bool) -> UInt32? {
            guard scalar.isASCII, let byte = UInt8(exactly: scalar.value),
                let value = MIMEQuotedPrintable.hexValue(byte)
            else { return nil }
            return (value < 10 || allowLetters) ? UInt32(value) : nil
        }

        // MARK: Searching

        private func matches(_ text: String, at start: Int) -> Bool {
            matches(Array(text.unicodeScalars), at: start, caseInsensitive: false)
        }

        /// True when `needle` (lower-case ASCII when `caseInsensitive`) is at `start`.
        private func matches(_ needle: [Unicode.Scalar], at start: Int, caseInsensitive: Bool) -> Bool {
            guard start + needle.count <= scalars.count else { return false }
            for (offset, expected) in needle.enumerated() {
                var actual = scalars[start + offset]
                if caseInsensitive, ("A"..."Z").contains(actual) {
                    actual = Unicode.Scalar(actual.value + 32) ?? actual
                }
                if actual != expected { return false }
            }
            return true
        }

        private func find(_ text: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
            let needle = Array(text.unicodeScalars)
            guard start < scalars.count, let first = needle.first else { return nil }
            var cursor = start
            while let candidate = scalars[cursor...].firstIndex(of: first) {
                if matches(needle, at: candidate, caseInsensitive: caseInsensitive) { return candidate }
                cursor = candidate + 1
                guard cursor < scalars.count else { return nil }
            }
            return nil
        }
    }
}
