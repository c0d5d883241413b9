import Domain
import EventStore
import Foundation

/// The franchise brand a demo store belongs to. Stores of one brand share its lead sender, so a
/// lead without a tracking id is ambiguous there (the intake leaves its store unknown) — as
/// with the fixtures' two Orangetheory stores. Thread-safe (a value).
struct DemoBrand: Hashable, Sendable {
    var franchiseId: String
    var displayName: String
    /// What the store calls itself on the phone and in SMS (`OTF Tampa`).
    var shortName: String
    var trackingPrefix: String
    var sender: String
    var senderName: String

    static let orangeTheory = DemoBrand(
        franchiseId: "orangeTheory", displayName: "Orangetheory Fitness", shortName: "OTF", trackingPrefix: "ot",
        sender: "leads@booking.example.com", senderName: "Booking System")
    static let f45 = DemoBrand(
        franchiseId: "f45Training", displayName: "F45 Training", shortName: "F45", trackingPrefix: "f45",
        sender: "bookings@f45.example.com", senderName: "F45 Bookings")

    /// Every third store is an F45 studio; the rest are Orangetheory.
    static func of(storeIndex: Int) -> DemoBrand { storeIndex % 3 == 2 ? .f45 : .orangeTheory }
}

/// One store of the demo: its registry record (as `POST /v1/stores` takes it), its calendar,
/// its staff, and the phone numbers of its customers. Everything derives from the seed and
/// the store's index. Thread-safe (a value).
struct DemoStorePlan: Sendable {
    let index: Int
    let region: DemoRegion
    let brand: DemoBrand
    let storeId: String
    let name: String
    let shortName: String
    let accountId: String
    let trackingId: String
    /// The store's own lines (fictional 555-01xx numbers, so they never collide with customers).
    let phoneNumbers: [String]
    /// A line added by the store's `store.updated` (first store only).
    let addedPhoneNumber: String
    let quietHoursStart: String
    let calendar: StoreCalendar
    let staff: [String]
    /// Customers' E.164 numbers, one per person (unique across all stores).
    var customerPhones: [String] = []
    /// Whether another store shares this store's lead sender.
    var senderShared = false

    init(index: Int, seed: UInt64) {
        var random = DemoRandom(seed: seed, 0x5354_4F52_45, UInt64(index))
        self.index = index
        let region = DemoRegion.all[index % DemoRegion.all.count]
        let cycle = index / DemoRegion.all.count
        self.region = region
        let brand = DemoBrand.of(storeIndex: index)
        self.brand = brand
        storeId = Self.uuid(&random)
        let suffix = cycle == 0 ? "" : " \(cycle + 1)"
        name = "\(brand.displayName) \(region.city)\(suffix)"
        shortName = "\(brand.shortName) \(region.city)\(suffix)"
        accountId = String(format: "2%02d%06d", index % 100, random.int(0...999_999)) + (index >= 100 ? String(index / 100) : "")
        trackingId = brand.trackingPrefix + String(format: "%04d", (index * 7 + 101) % 10_000)
        let area = region.areaCodes[0]
        let line = 100 + cycle * 3
        phoneNumbers = ["+1\(area)555\(String(format: "%04d", line))"]
        addedPhoneNumber = "+1\(area)555\(String(format: "%04d", line + 1))"
        quietHoursStart = region.florida ? "20:00" : "21:00"
        let quiet = QuietHours(
            start: try! TimeOfDay(quietHoursStart, field: "quietHours.start"), end: try! TimeOfDay("08:00", field: "quietHours.end"))
        calendar = StoreCalendar(timeZone: TimeZone(identifier: region.timeZone)!, quietHours: quiet)
        let prefix = brand.trackingPrefix
        staff = ["maria", "devon", "priya", "jamal"].map { "\($0).\(prefix)\(index)" }
    }

    var ruleSets: [String] { region.florida ? ["federal", "florida"] : ["federal"] }
    var clientId: String { "\(brand.franchiseId)-\(accountId)" }
    var mainPhone: String { phoneNumbers[0] }

    /// The registry record; `updated` adds a second line (a `store.updated`).
    func registration(updated: Bool) -> DemoJSON {
        .members([
            ("storeId", .string(storeId)),
            ("name", .string(name)),
            ("franchiseId", .string(brand.franchiseId)),
            ("accountId", .string(accountId)),
            ("trackingIds", .strings([trackingId])),
            ("leadSenders", .strings([brand.sender])),
            ("phoneNumbers", .strings(updated ? phoneNumbers + [addedPhoneNumber] : phoneNumbers)),
            ("timeZone", .string(region.timeZone)),
            ("quietHours", .object([("start", .string(quietHoursStart)), ("end", .string("08:00"))])),
            ("ruleSets", .strings(ruleSets)),
        ])
    }

    var summary: DemoStore {
        DemoStore(
            storeId: storeId, name: name, franchiseId: brand.franchiseId, accountId: accountId, trackingId: trackingId,
            timeZone: region.timeZone, areaCodes: region.areaCodes, phoneNumbers: phoneNumbers, ruleSets: ruleSets)
    }

    /// A random (version 4 layout) UUID from the seeded stream.
    static func uuid(_ random: inout DemoRandom) -> String {
        let hex = Array("0123456789abcdef")
        var digits = (0..<32).map { _ in hex[random.int(0...15)] }
        digits[12] = "4"
        digits[16] = hex[8 + random.int(0...3)]
        let text = String(digits)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text[text.index(text.startIndex, offsetBy: range.lowerBound)..<text.index(text.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    /// Customer numbers for every store: plausible NANP numbers (NXX exchange, not 555, not
    /// N11) in the store's region, unique across all stores. Drawn in store and person order,
    /// so they depend on the seed and the sizes only.
    static func assignCustomerPhones(_ plans: inout [DemoStorePlan], people: Int, seed: UInt64) {
        var used = Set<String>()
        for storeIndex in plans.indices {
            var random = DemoRandom(seed: seed, 0x5048_4F4E_45, UInt64(storeIndex))
            let areas = plans[storeIndex].region.areaCodes
            var phones: [String] = []
            phones.reserveCapacity(people)
            while phones.count < people {
                let exchange = random.int(200...999)
                if exchange == 555 || exchange % 100 == 11 { continue }
                let phone = "+1\(random.pick(areas))\(exchange)\(String(format: "%04d", random.int(0...9999)))"
                if used.insert(phone).inserted { phones.append(phone) }
            }
            plans[storeIndex].customerPhones = phones
        }
        var senders: [String: Int] = [:]
        for plan in plans { senders[plan.brand.sender, default: 0] += 1 }
        for index in plans.indices { plans[index].senderShared = senders[plans[index].brand.sender, default: 0] > 1 }
    }
}
