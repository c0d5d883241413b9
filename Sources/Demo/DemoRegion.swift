/// A metro area a demo store sits in: its IANA zone and the area codes its customers' phones
/// carry. Customers' area codes match the store's region because the TCPA auditor finds the
/// called party's zone from the area code (TCPA.md); every area code here lies in one zone
/// only, so the planted hours violation is unambiguous and ordinary traffic (09:00–19:30
/// local) never crosses a window edge in a neighbouring zone.
///
/// The first four are the default stores: Los Angeles, Tampa (Florida rules: area code 813,
/// rule sets federal + florida, quiet from 20:00), Chicago, Denver. Thread-safe (a value).
struct DemoRegion: Hashable, Sendable {
    var city: String
    var state: String
    var timeZone: String
    /// Customers' area codes; the first is also the store's own.
    var areaCodes: [String]
    /// Florida's telemarketing rules (FTSA: 08:00–20:00, ≤ 3 calls per 24 hours).
    var florida: Bool = false

    static let all: [DemoRegion] = [
        DemoRegion(city: "Los Angeles", state: "CA", timeZone: "America/Los_Angeles", areaCodes: ["213", "310", "323", "818", "626"]),
        DemoRegion(city: "Tampa", state: "FL", timeZone: "America/New_York", areaCodes: ["813"], florida: true),
        DemoRegion(city: "Chicago", state: "IL", timeZone: "America/Chicago", areaCodes: ["312", "773", "872"]),
        DemoRegion(city: "Denver", state: "CO", timeZone: "America/Denver", areaCodes: ["303", "720"]),
        DemoRegion(city: "New York", state: "NY", timeZone: "America/New_York", areaCodes: ["212", "718", "917", "646"]),
        DemoRegion(city: "Phoenix", state: "AZ", timeZone: "America/Phoenix", areaCodes: ["602", "480", "623"]),
        DemoRegion(city: "Seattle", state: "WA", timeZone: "America/Los_Angeles", areaCodes: ["206", "425"]),
        DemoRegion(city: "Houston", state: "TX", timeZone: "America/Chicago", areaCodes: ["713", "281", "832"]),
        DemoRegion(city: "Atlanta", state: "GA", timeZone: "America/New_York", areaCodes: ["404", "678", "770"]),
        DemoRegion(city: "Miami", state: "FL", timeZone: "America/New_York", areaCodes: ["305", "786"], florida: true),
        DemoRegion(city: "Salt Lake City", state: "UT", timeZone: "America/Denver", areaCodes: ["801", "385"]),
        DemoRegion(city: "Boston", state: "MA", timeZone: "America/New_York", areaCodes: ["617", "857"]),
        DemoRegion(city: "Dallas", state: "TX", timeZone: "America/Chicago", areaCodes: ["214", "469", "972"]),
        DemoRegion(city: "San Diego", state: "CA", timeZone: "America/Los_Angeles", areaCodes: ["619", "858"]),
        DemoRegion(city: "Orlando", state: "FL", timeZone: "America/New_York", areaCodes: ["407", "321"], florida: true),
        DemoRegion(city: "Minneapolis", state: "MN", timeZone: "America/Chicago", areaCodes: ["612", "763"]),
        DemoRegion(city: "Las Vegas", state: "NV", timeZone: "America/Los_Angeles", areaCodes: ["702", "725"]),
        DemoRegion(city: "Philadelphia", state: "PA", timeZone: "America/New_York", areaCodes: ["215", "267"]),
        DemoRegion(city: "Portland", state: "OR", timeZone: "America/Los_Angeles", areaCodes: ["503", "971"]),
        DemoRegion(city: "Albuquerque", state: "NM", timeZone: "America/Denver", areaCodes: ["505"]),
    ]
}
