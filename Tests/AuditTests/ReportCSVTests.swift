import Testing

@testable import Audit

/// The CSV form is opened in spreadsheets, and its cells hold text from outside (message
/// bodies in `detail`, phone numbers, actor ids): a cell that would run as a formula is
/// neutralised (OWASP "CSV Injection": prefix `'`, quote the cell).
@Suite struct ReportCSVTests {
    @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
    func aCellThatASpreadsheetWouldRunAsAFormulaIsPrefixedAndQuoted(cell: String) {
        let field = TCPAReport.csvField(cell)
        #expect(field == "\"'" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
    }

    @Test func ordinaryCellsAreWrittenAsRFC4180Says() {
        #expect(TCPAReport.csvField("DNC-1") == "DNC-1")
        #expect(TCPAReport.csvField("a, b") == "\"a, b\"")
        #expect(TCPAReport.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(TCPAReport.csvField("2026-03-02T17:01:00Z") == "2026-03-02T17:01:00Z")
        #expect(TCPAReport.csvField("") == "")
    }
}
