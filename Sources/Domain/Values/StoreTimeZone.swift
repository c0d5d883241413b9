import Foundation

/// A store's IANA time zone (`America/Los_Angeles`), validated against the zones Foundation
/// knows (`TimeZone.knownTimeZoneIdentifiers`, plus `UTC`/`GMT`). Fixed-offset spellings such
/// as `GMT+0530` or `-05:00` are refused: they ignore daylight saving time, which quiet hours
/// and the TCPA hours rule must follow. Thread-safe (a value; `TimeZone` is Sendable).
public struct StoreTimeZone: StringValue {
    public let rawValue: String
    public let timeZone: TimeZone
    public static var fieldName: String { "timeZone" }

    public init(_ raw: String, field: String = "timeZone") throws(DomainError) {
        let identifier = try Validate.nonEmpty(raw, field: field)
        guard StoreTimeZone.isKnown(identifier), let zone = TimeZone(identifier: identifier) else {
            throw .invalidField(field: field, reason: "'\(identifier.prefix(60))' is not an IANA time zone (e.g. America/New_York)")
        }
        rawValue = identifier
        timeZone = zone
    }

    public static func == (a: StoreTimeZone, b: StoreTimeZone) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    private static let known: Set<String> = Set(TimeZone.knownTimeZoneIdentifiers).union(["UTC", "GMT", "Etc/UTC"])

    private static func isKnown(_ identifier: String) -> Bool { known.contains(identifier) }
}
