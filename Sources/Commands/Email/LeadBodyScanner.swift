/// Finds labelled lead fields in body text: `Label: value` lines, and table rows that
/// ``HTMLText`` wrote as tab-separated cells (`Label<TAB>value`). Quote markers (`> `) at the
/// start of a line are ignored, so quoted forwards read the same. Thread-safe (stateless).
enum LeadBodyScanner {
    /// The labelled values found, in document order.
    struct Values {
        fileprivate(set) var entries: [(field: LeadBodyField, rank: Int, value: String)] = []

        /// The value of the best-ranked label for `field`; among equals the first.
        func best(_ field: LeadBodyField) -> String? {
            let candidates = entries.filter { $0.field == field }
            guard let rank = candidates.map(\.rank).min() else { return nil }
            return candidates.first { $0.rank == rank }?.value
        }

        /// Every value for `field`, best-ranked first, document order within a rank.
        func all(_ field: LeadBodyField) -> [String] {
            entries.filter { $0.field == field }.enumerated()
                .sorted { ($0.element.rank, $0.offset) < ($1.element.rank, $1.offset) }
                .map(\.element.value)
        }

        fileprivate mutating func add(_ match: LeadBodyLabel.Match, _ raw: Substring) {
            let value = cleanValue(raw)
            guard !value.isEmpty else { return }
            entries.append((match.field, match.rank, value))
        }
    }

    static func scan(_ text: String) -> Values {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(unquoted)
        var values = Values()
        for (index, line) in lines.enumerated() {
            if line.contains("\t") {
                scanCells(line, into: &values)
                continue
            }
            guard let colon = line.firstIndex(of: ":"), let match = LeadBodyLabel.match(line[..<colon]) else { continue }
            var value = line[line.index(after: colon)...]
            if cleanValue(value).isEmpty, let next = lines.dropFirst(index + 1).prefix(2).first(where: { !isBlank($0) }),
                !isLabelled(next)
            {
                value = next  // `<b>Phone:</b><br>415…`: the value on the line below
            }
            values.add(match, value)
        }
        return values
    }

    /// A row of cells: `Label`, `value` pairs (two per row, or more side by side), or a cell
    /// that is itself `Label: value`.
    private static func scanCells(_ line: Substring, into values: inout Values) {
        let cells = line.split(separator: "\t").filter { !isBlank($0) }
        var index = 0
        while index < cells.count {
            let cell = cells[index]
            if let match = LeadBodyLabel.match(cell), index + 1 < cells.count, LeadBodyLabel.match(cells[index + 1]) == nil {
                values.add(match, cells[index + 1])
                index += 2
                continue
            }
            if let colon = cell.firstIndex(of: ":"), let match = LeadBodyLabel.match(cell[..<colon]) {
                values.add(match, cell[cell.index(after: colon)...])
            }
            index += 1
        }
    }

    private static func isLabelled(_ line: Substring) -> Bool {
        guard let colon = line.firstIndex(of: ":") else { return LeadBodyLabel.match(line) != nil }
        return LeadBodyLabel.match(line[..<colon]) != nil
    }

    /// The line without leading quote markers (`> > `) and surrounding whitespace.
    static func unquoted(_ line: Substring) -> Substring {
        var rest = line.drop { $0 == " " || $0 == "\t" || $0 == ">" || $0 == "\r" }
        while let last = rest.last, last == " " || last == "\r" { rest = rest.dropLast() }
        return rest
    }

    static func isBlank(_ text: Substring) -> Bool {
        text.allSatisfy { $0.isWhitespace }
    }

    /// Whitespace (including no-break spaces) collapsed to single spaces, trimmed, and
    /// markdown emphasis (`**`, `__`) removed from the ends.
    static func cleanValue(_ raw: Substring) -> String {
        var value = raw.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while let first = value.first, first == "*" || first == "_" || first == " " { value.removeFirst() }
        while let last = value.last, last == "*" || last == "_" || last == " " { value.removeLast() }
        return value
    }
}
