import Domain
import Foundation

/// The zones an audit converts instants into: the called parties' (from the NANP table) and
/// the stores' (fallback, and business days), each a cached `ZoneOffsets`. Numbers are
/// resolved by their first six digits, the table's longest prefix, once per distinct prefix.
/// Not thread-safe (caches): one per audit.
struct ZoneClocks {
    let table: NANPZoneTable
    private var offsets: [ZoneOffsets] = []
    private var indexByName: [String: Int] = [:]
    private var zonesByPrefix: [UInt64: [Int]] = [:]
    private var storeZones: [Int]

    /// `storeZoneNames[i]`: the zone of store `i` (nil when the store never registered: UTC).
    init(table: NANPZoneTable, storeZoneNames: [String?]) {
        self.table = table
        self.storeZones = []
        self.storeZones = storeZoneNames.map { zoneIndex($0 ?? "UTC") }
    }

    func storeZone(_ store: Int) -> Int { storeZones[store] }

    /// Zone indices for `phone`; empty when the table has no entry (use the store's zone).
    mutating func zones(for phone: PhoneNumber) -> [Int] {
        let prefix = UInt64(phone.nationalDigits)! / 10_000
        if let cached = zonesByPrefix[prefix] { return cached }
        let resolved = (table.zones(for: phone) ?? []).map { zoneIndex($0) }
        zonesByPrefix[prefix] = resolved
        return resolved
    }

    mutating func local(_ zone: Int, at instant: Int64) -> (date: CivilDate, microOfDay: Int64, offsetSeconds: Int) {
        offsets[zone].local(at: instant)
    }

    mutating func localText(_ zone: Int, at instant: Int64) -> String { offsets[zone].localText(at: instant) }

    func identifier(_ zone: Int) -> String { offsets[zone].identifier }

    private mutating func zoneIndex(_ name: String) -> Int {
        if let index = indexByName[name] { return index }
        let zone = TimeZone(identifier: name) ?? TimeZone(identifier: "UTC")!
        offsets.append(ZoneOffsets(identifier: name, timeZone: zone))
        indexByName[name] = offsets.count - 1
        return offsets.count - 1
    }
}
