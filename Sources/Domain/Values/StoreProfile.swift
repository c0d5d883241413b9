import Foundation

/// A lead-tracking id from a plus-addressed recipient, `lead-tracking+{ID}@…` (INTAKE.md:
/// everything after the first `+` up to `@`). Compared case-insensitively, so stored
/// lower-cased. ASCII letters, digits, `.`, `_`, `-`; at most 64.
public struct TrackingID: StringValue {
    public let rawValue: String
    public static var fieldName: String { "trackingId" }

    public init(_ raw: String, field: String = "trackingId") throws(DomainError) {
        let value = try Validate.nonEmpty(raw, field: field).lowercased()
        try Validate.maxLength(value, 64, field: field)
        guard value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) }) else {
            throw .invalidField(field: field, reason: "only letters, digits, '.', '_' and '-' are allowed: '\(value.prefix(64))'")
        }
        rawValue = value
    }
}

/// A TCPA rule set a store's audit applies by default (TCPA.md).
public enum AuditRuleSet: String, DomainEnum {
    case federal
    case florida
    case oklahoma
    case maryland

    public static var fieldName: String { "ruleSets" }
}

/// Per-priority SLA in minutes of open time (READMODELS.md computeDueAt: high 5 minutes,
/// medium 4 hours, low 24 hours — configurable per store).
public struct SLAPolicy: Hashable, Sendable, Codable {
    public let highMinutes: Int
    public let mediumMinutes: Int
    public let lowMinutes: Int

    public init(highMinutes: Int = 5, mediumMinutes: Int = 240, lowMinutes: Int = 1440) throws(DomainError) {
        for (field, value) in [("sla.highMinutes", highMinutes), ("sla.mediumMinutes", mediumMinutes), ("sla.lowMinutes", lowMinutes)] {
            guard (0...(60 * 24 * 366)).contains(value) else { throw .invalidField(field: field, reason: "\(value) is not between 0 and 527040 minutes") }
        }
        self.highMinutes = highMinutes
        self.mediumMinutes = mediumMinutes
        self.lowMinutes = lowMinutes
    }

    public static let standard = try! SLAPolicy()

    public func minutes(for priority: TaskPriority) -> Int {
        switch priority {
        case .high: highMinutes
        case .medium: mediumMinutes
        case .low: lowMinutes
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                highMinutes: container.decodeIfPresent(Int.self, forKey: .highMinutes) ?? 5,
                mediumMinutes: container.decodeIfPresent(Int.self, forKey: .mediumMinutes) ?? 240,
                lowMinutes: container.decodeIfPresent(Int.self, forKey: .lowMinutes) ?? 1440)
        } catch let error as DomainError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
}

/// One store of the registry (PRODUCT.md "Tenancy"; the documents' StoresV2), shaped as
/// fixtures/stores/*.json. Payload of `store.registered` / `store.updated`.
///
/// Every field is a validated value, so a decoded profile is valid; `sla` is optional (absent
/// in the fixtures) and defaults to `SLAPolicy.standard`. Thread-safe (a value).
public struct StoreProfile: Hashable, Sendable, Codable {
    public var storeId: StoreID
    public var name: String
    public var franchiseId: FranchiseID
    public var accountId: AccountID
    public var trackingIds: [TrackingID]
    public var leadSenders: [EmailAddress]
    /// The store's own numbers, to tell the customer side of a call or SMS.
    public var phoneNumbers: [PhoneNumber]
    public var timeZone: StoreTimeZone
    public var quietHours: QuietHours
    public var ruleSets: [AuditRuleSet]
    public var sla: SLAPolicy?

    public init(
        storeId: StoreID, name: String, franchiseId: FranchiseID, accountId: AccountID, trackingIds: [TrackingID] = [],
        leadSenders: [EmailAddress] = [], phoneNumbers: [PhoneNumber] = [], timeZone: StoreTimeZone,
        quietHours: QuietHours = .standard, ruleSets: [AuditRuleSet] = [.federal], sla: SLAPolicy? = nil
    ) throws(DomainError) {
        let trimmedName = try Validate.nonEmpty(name, field: "name")
        try Validate.maxLength(trimmedName, 200, field: "name")
        self.storeId = storeId
        self.name = trimmedName
        self.franchiseId = franchiseId
        self.accountId = accountId
        self.trackingIds = trackingIds
        self.leadSenders = leadSenders
        self.phoneNumbers = phoneNumbers
        self.timeZone = timeZone
        self.quietHours = quietHours
        self.ruleSets = ruleSets
        self.sla = sla
    }

    /// Decodes a registry record (e.g. a fixtures/stores file); errors name the field.
    public init(json: [UInt8]) throws(DomainError) {
        do {
            self = try JSONDecoder().decode(StoreProfile.self, from: Data(json))
        } catch {
            throw DomainError.malformed(type: "store", error)
        }
        let checked = try StoreProfile(
            storeId: storeId, name: name, franchiseId: franchiseId, accountId: accountId, trackingIds: trackingIds,
            leadSenders: leadSenders, phoneNumbers: phoneNumbers, timeZone: timeZone, quietHours: quietHours,
            ruleSets: ruleSets, sla: sla)
        self = checked
    }

    /// The store's calendar: its zone, quiet hours and SLA policy.
    public var calendar: StoreCalendar {
        StoreCalendar(timeZone: timeZone.timeZone, quietHours: quietHours, sla: sla ?? .standard)
    }

    /// Whether `phone` is one of the store's own numbers.
    public func owns(_ phone: PhoneNumber) -> Bool { phoneNumbers.contains(phone) }
}
