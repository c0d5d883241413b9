import Domain
import EventStore

/// Lead temperature, computed on read from the caller's `now` (READMODELS.md, seed 002 §4):
/// `hot` if leadStatus is new/attempted and the contact is at most 1 day old; `warm` if at
/// most 5 days; `cold` if leadStatus is neglected/unreachable, or new/attempted and older
/// than 5 days; otherwise not applicable (nil). Stateless (thread-safe).
public enum LeadTemperature: String, Sendable, CaseIterable {
    case hot
    case warm
    case cold

    static let daySeconds: Int64 = 86_400

    public static func of(status: LeadStatus?, createdAt: Timestamp, now: Timestamp) -> LeadTemperature? {
        guard let status else { return nil }
        if status == .neglected || status == .unreachable { return .cold }
        guard status.isPreContact else { return nil }
        let age = now.microsecondsSinceEpoch - createdAt.microsecondsSinceEpoch
        if age <= daySeconds * 1_000_000 { return .hot }
        if age <= 5 * daySeconds * 1_000_000 { return .warm }
        return .cold
    }
}

/// The lead pipeline for a contact whose lifecycleStage is `lead` (READMODELS.md): the
/// steps New → Attempted → Connected → Booked, with the current one marked (nil when the
/// status is off the pipeline, e.g. not_interested). Thread-safe (a value).
public struct LeadPipeline: Codable, Sendable, Equatable {
    public static let steps = ["new", "attempted", "connected", "booked"]
    public var steps: [String]
    public var current: String?

    init(status: LeadStatus?) {
        steps = Self.steps
        current = status.map(\.rawValue).flatMap { Self.steps.contains($0) ? $0 : nil }
    }
}
