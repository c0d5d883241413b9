import Audit
import Domain
import Foundation
import Testing

@testable import Audit

/// The zone table, the payload reader and option parsing: the inputs every rule relies on.
@Suite struct AuditInputTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theEmbeddedZoneTableIsByteForByteTheGeneratedDataFile() throws {
        let file = try String(contentsOf: Self.root.appendingPathComponent("data/nanp-zones.tsv"), encoding: .utf8)
        #expect(file == NANPZoneTable.embeddedText)
        let table = try NANPZoneTable(contentsOf: Self.root.appendingPathComponent("data/nanp-zones.tsv").path)
        #expect(table.source == "phonenumbers 9.0.43")
        #expect(table.source == NANPZoneTable.embedded.source)
        #expect(table.zonePrefixCount > 1000)
    }

    @Test func zonesMatchTheLongestPrefixAndStatesComeFromTheAreaCode() {
        let table = NANPZoneTable.embedded
        #expect(table.zones(for: PhoneNumber("+14155550123")!) == ["America/Los_Angeles"])
        #expect(table.zones(for: PhoneNumber("+18135550111")!) == ["America/New_York"])
        // 208 is split by exchange: 208-201 is Mountain.
        #expect(table.zones(for: PhoneNumber("+12082015555")!) == ["America/Denver"])
        #expect(table.region(for: PhoneNumber("+18135550111")!)?.stateCode == "FL")
        #expect(table.region(for: PhoneNumber("+14055550111")!)?.stateCode == "OK")
        #expect(table.region(for: PhoneNumber("+13015550111")!)?.stateCode == "MD")
        #expect(table.region(for: PhoneNumber("+14165550111")!)?.region == "CA")
    }

    @Test func aBrokenZoneTableNamesTheLineAndTheReason() {
        #expect(throws: AuditError.invalidZoneTable(path: "t.tsv", line: 2, reason: "'Mars/Olympus' is not an IANA zone this system knows")) {
            try NANPZoneTable(text: "source\tphonenumbers\t1\nzone\t415\tMars/Olympus\n", path: "t.tsv")
        }
        #expect(throws: AuditError.invalidZoneTable(path: "t.tsv", line: 1, reason: "no source line (the generator's version)")) {
            try NANPZoneTable(text: "zone\t415\tAmerica/Los_Angeles\n", path: "t.tsv")
        }
    }

    @Test func thePayloadReaderSkipsEscapedQuotesNestedValuesAndStopsWhenAsked() {
        let json = #"{"a":{"b":"x\"}"},"direction":"Outbound","subject":"say \"STOP\"\\","z":[1,{"q":"]"}]}"#
        var seen: [String: String] = [:]
        let ok = Array(json.utf8).withUnsafeBytes { bytes in
            JSONMembers.forEach(bytes) { key, value in
                seen[String(decoding: key, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
                return true
            }
        }
        #expect(ok)
        #expect(seen["a"] == #"{"b":"x\"}"}"#)
        #expect(seen["direction"] == #""Outbound""#)
        #expect(seen["z"] == #"[1,{"q":"]"}]"#)
        let subject = Array((seen["subject"] ?? "").utf8).withUnsafeBytes { JSONMembers.string($0) }
        #expect(subject == #"say "STOP"\"#)
        let broken = Array(#"{"a":"unterminated}"#.utf8).withUnsafeBytes { bytes in JSONMembers.forEach(bytes) { _, _ in true } }
        #expect(!broken)
    }

    @Test func eventKindsSpellTheCatalogsTypeStrings() {
        for (kind, text) in EventKind.typeStrings {
            #expect(Array(text.utf8).withUnsafeBytes { EventKind.classify($0) } == kind)
        }
        #expect(Array("contact.tagged".utf8).withUnsafeBytes { EventKind.classify($0) } == .other)
    }

    @Test func optOutKeywordsMatchWholeTextsOnly() {
        let keywords = OptOutKeywords(TCPAParameters.standard.optOutKeywords)
        #expect(keywords.match(" Stop! ") == "STOP")
        #expect(keywords.match("opt-out") == "OPT OUT")
        #expect(keywords.match("STOP 🛑") == "STOP")
        #expect(keywords.match("stop by tomorrow") == nil)
        #expect(keywords.match("please cancel my 6am class") == nil)
    }

    @Test func auditOptionsNameTheBadField() {
        #expect(throws: AuditError.invalidField(field: "ruleSets", reason: "'texas' is not a rule set (federal, florida, oklahoma, maryland)")) {
            try TCPAAuditOptions(storeId: nil, from: nil, to: nil, ruleSets: "federal,texas")
        }
        #expect(throws: AuditError.invalidField(field: "to", reason: "must be later than from")) {
            try TCPAAuditOptions(storeId: nil, from: "2026-03-05T00:00:00Z", to: "2026-03-04T00:00:00Z", ruleSets: nil)
        }
        #expect(throws: AuditError.invalidField(field: "storeId", reason: "'moss' is not a store id (a UUID)")) {
            try TCPAAuditOptions(storeId: "moss", from: nil, to: nil, ruleSets: nil)
        }
        #expect(throws: AuditError.invalidField(field: "format", reason: "'pdf' is not json, csv or html")) {
            try AuditReportFormat(parsing: "pdf")
        }
    }
}
