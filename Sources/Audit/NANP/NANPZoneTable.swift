import Domain

/// The called party's time zone(s) and state/province by NANP prefix (TCPA.md "The called
/// party's time zone"), read from data/nanp-zones.tsv, which tools/tcpa/generate_nanp_zones.py
/// generates from libphonenumber's data (the `phonenumbers` package) and which records that
/// package's version on its `source` line.
///
/// File format, one record per line, tab-separated, `#` lines are comments:
///
/// | kind | fields |
/// |---|---|
/// | `source` | library name, version |
/// | `zone` | national-digit prefix (3–6 digits: area code, or area code + exchange digits), IANA zones joined by `,` |
/// | `state` | area code, region (`US`, `CA`, `PR`, …), postal code (`FL`, may be empty), name |
///
/// Zones match by the longest prefix of the ten national digits; a prefix with several zones
/// means the number may be in any of them. The binary carries the same text
/// (`embeddedText`, written by the same script), so no path is needed at run time; a newer
/// file can be passed with `--zones`. Thread-safe (an immutable value).
public struct NANPZoneTable: Sendable {
    /// Where a number's subscriber is: the region and, for the US and Canada, the state or province.
    public struct Region: Sendable, Hashable {
        public var region: String
        public var stateCode: String
        public var name: String
    }

    /// `phonenumbers 9.0.43`.
    public let source: String
    public let zonePrefixCount: Int
    private let zonesByPrefix: [String: [String]]
    private let regionsByAreaCode: [String: Region]

    /// The table the binary was built with.
    public static let embedded: NANPZoneTable = {
        do {
            return try NANPZoneTable(text: embeddedText, path: "embedded data/nanp-zones.tsv")
        } catch {
            preconditionFailure("the embedded zone table does not parse: \(error)")
        }
    }()

    public init(text: String, path: String = "nanp-zones.tsv") throws(AuditError) {
        var source: String?
        var zones: [String: [String]] = [:]
        var regions: [String: Region] = [:]
        var checked: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func fail(_ reason: String) -> AuditError { .invalidZoneTable(path: path, line: index + 1, reason: reason) }
            switch fields[0] {
            case "source":
                guard fields.count == 3 else { throw fail("a source line has a name and a version") }
                source = fields[1] + " " + fields[2]
            case "zone":
                guard fields.count == 3, Self.isPrefix(fields[1], lengths: 3...6) else { throw fail("a zone line has a 3–6 digit prefix and zones") }
                let names = fields[2].split(separator: ",").map(String.init)
                for name in names where !checked.contains(name) {
                    guard (try? StoreTimeZone(name)) != nil else { throw fail("'\(name)' is not an IANA zone this system knows") }
                    checked.insert(name)
                }
                guard !names.isEmpty else { throw fail("a zone line names at least one zone") }
                zones[fields[1]] = names
            case "state":
                guard fields.count == 5, Self.isPrefix(fields[1], lengths: 3...3) else { throw fail("a state line has an area code, region, code and name") }
                regions[fields[1]] = Region(region: fields[2], stateCode: fields[3], name: fields[4])
            default:
                throw fail("unknown record kind '\(fields[0])'")
            }
        }
        guard let source else { throw .invalidZoneTable(path: path, line: 1, reason: "no source line (the generator's version)") }
        guard !zones.isEmpty else { throw .invalidZoneTable(path: path, line: 1, reason: "no zone lines") }
        self.source = source
        self.zonePrefixCount = zones.count
        self.zonesByPrefix = zones
        self.regionsByAreaCode = regions
    }

    /// Reads a table file (`--zones FILE`).
    public init(contentsOf path: String) throws(AuditError) {
        guard let bytes = FileBytes.read(path) else {
            throw .invalidField(field: "zones", reason: "cannot read \(path)")
        }
        try self.init(text: String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// The zones of the longest matching prefix; nil when the table has none for this number.
    public func zones(for phone: PhoneNumber) -> [String]? {
        let digits = phone.nationalDigits
        for length in stride(from: 6, through: 3, by: -1) {
            if let zones = zonesByPrefix[String(digits.prefix(length))] { return zones }
        }
        return nil
    }

    public func region(for phone: PhoneNumber) -> Region? { regionsByAreaCode[phone.areaCode] }

    private static func isPrefix(_ text: String, lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(text.utf8.count) && text.utf8.allSatisfy { (48...57).contains($0) }
    }
}
