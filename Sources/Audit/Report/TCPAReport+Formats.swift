import Foundation

/// The report's three forms (TCPA.md "Output"): JSON (default, the contract), CSV (one row per
/// violation, for spreadsheets) and a self-contained HTML page for people. Thread-safe (values).
public enum AuditReportFormat: String, Sendable, CaseIterable {
    case json, csv, html

    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
    }

    public init(parsing text: String) throws(AuditError) {
        guard let format = AuditReportFormat(rawValue: text.lowercased()) else {
            throw .invalidField(field: "format", reason: "'\(text.prefix(20))' is not json, csv or html")
        }
        self = format
    }
}

extension TCPAReport {
    public func encoded(as format: AuditReportFormat) -> [UInt8] {
        switch format {
        case .json: jsonBytes()
        case .csv: Array(csvText().utf8)
        case .html: Array(htmlText().utf8)
        }
    }

    /// Pretty-printed JSON with sorted keys: the same report gives the same bytes.
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            var bytes = [UInt8](try encoder.encode(self))
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        } catch {
            preconditionFailure("a report of strings and integers always encodes: \(error)")
        }
    }

    /// RFC 4180 CSV, one row per violation; evidence positions joined by spaces.
    public func csvText() -> String {
        var lines = [
            "rule,ruleSet,storeId,phone,position,eventType,occurredAt,recordedAt,localTimes,zones,timeZoneUncertain,actor,evidencePositions,detail"
        ]
        for v in violations {
            let fields: [String] = [
                v.rule, v.ruleSet, v.storeId, v.phone, String(v.position), v.eventType, v.occurredAt, v.recordedAt,
                v.localTimes.map(\.time).joined(separator: " "), v.localTimes.map(\.zone).joined(separator: " "),
                v.timeZoneUncertain ? "true" : "false", v.actor ?? "", v.evidence.map { String($0.position) }.joined(separator: " "),
                v.detail,
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// One RFC 4180 field. A field that a spreadsheet would read as a formula (it starts with
    /// `=`, `+`, `-`, `@`, tab or CR: message text, a phone number, an actor id all come from
    /// outside) is prefixed with `'` and quoted, OWASP's rule against CSV injection; so
    /// `+14155550123` reads `'+14155550123` in the file and as text in the sheet.
    static func csvField(_ text: String) -> String {
        let formula = text.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } ?? false
        guard formula || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + (formula ? "'" : "") + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
