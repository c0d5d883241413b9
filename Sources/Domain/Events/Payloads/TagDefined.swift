import Foundation

/// Where a tag or segment applies: one store, or every store of a franchise.
public enum DefinitionScope: Codable, Hashable, Sendable {
    case store(StoreID)
    case franchise(FranchiseID)

    /// The scope part of a request key (`IdempotencyKeys.request`).
    public var keyScope: String {
        switch self {
        case .store(let id): id.rawValue
        case .franchise(let id): "franchise:\(id.rawValue)"
        }
    }

    var storeId: StoreID? {
        if case .store(let id) = self { return id }
        return nil
    }

    // JSON: {"storeId": "…"} or {"franchiseId": "…"} (not Swift's synthesized `{"store":{"_0":…}}`).
    private enum CodingKeys: String, CodingKey { case storeId, franchiseId }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let store = try container.decodeIfPresent(StoreID.self, forKey: .storeId) {
            self = .store(store)
        } else {
            self = .franchise(try container.decode(FranchiseID.self, forKey: .franchiseId))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .store(let id): try container.encode(id, forKey: .storeId)
        case .franchise(let id): try container.encode(id, forKey: .franchiseId)
        }
    }
}

/// Manual tags are set by staff; auto tags by their rule.
public enum TagKind: String, DomainEnum {
    case manual
    case auto

    public static var fieldName: String { "kind" }
}

/// `tag.defined`: a tag and, for auto tags, its rule (the segment rule language, kept as
/// text here; Projections compile it). Stream `tag/<tagId>`, key by request id, actor staff.
/// A later `tag.defined` for the same tagId replaces the definition.
public struct TagDefined: EventPayload {
    public static var eventType: EventType { .tagDefined }
    public var tagId: SourceID
    public var scope: DefinitionScope
    public var name: String
    public var category: String?
    public var kind: TagKind
    public var rule: String?

    public init(tagId: SourceID, scope: DefinitionScope, name: String, category: String? = nil, kind: TagKind, rule: String? = nil)
        throws(DomainError)
    {
        let name = try Validate.nonEmpty(name, field: "name")
        let rule = Text.clean(rule)
        if kind == .auto, rule == nil { throw .missingField(field: "rule") }
        self.tagId = tagId
        self.scope = scope
        self.name = name
        self.category = Text.clean(category)
        self.kind = kind
        self.rule = rule
    }

    public var stream: String { Streams.tag(tagId) }
    public var isolationStoreId: StoreID? { scope.storeId }
    public var domainPayload: DomainPayload { .tagDefined(self) }
}

/// `segment.defined`: a named rule set; dynamic (evaluated when read) or static (members
/// frozen by `segment.snapshot_taken`). Stream `segment/<segmentId>`, key by request id.
public struct SegmentDefined: EventPayload {
    public static var eventType: EventType { .segmentDefined }
    public var segmentId: SourceID
    public var scope: DefinitionScope
    public var name: String
    public var rules: String
    public var isDynamic: Bool

    public init(segmentId: SourceID, scope: DefinitionScope, name: String, rules: String, isDynamic: Bool) throws(DomainError) {
        self.segmentId = segmentId
        self.scope = scope
        self.name = try Validate.nonEmpty(name, field: "name")
        self.rules = try Validate.nonEmpty(rules, field: "rules")
        self.isDynamic = isDynamic
    }

    public var stream: String { Streams.segment(segmentId) }
    public var isolationStoreId: StoreID? { scope.storeId }
    public var domainPayload: DomainPayload { .segmentDefined(self) }
}

/// A contact reference: the contact key (storeId, phone).
public struct ContactRef: Codable, Hashable, Sendable {
    public var storeId: StoreID
    public var phone: PhoneNumber

    public init(storeId: StoreID, phone: PhoneNumber) {
        self.storeId = storeId
        self.phone = phone
    }
}

/// `segment.snapshot_taken`: a static segment's members as of log position `logPosition`.
public struct SegmentSnapshotTaken: EventPayload {
    public static var eventType: EventType { .segmentSnapshotTaken }
    public var segmentId: SourceID
    public var scope: DefinitionScope
    public var logPosition: UInt64
    public var members: [ContactRef]
    public var takenAt: Date

    public init(segmentId: SourceID, scope: DefinitionScope, logPosition: UInt64, members: [ContactRef], takenAt: Date) {
        self.segmentId = segmentId
        self.scope = scope
        self.logPosition = logPosition
        self.members = members
        self.takenAt = takenAt
    }

    public var stream: String { Streams.segment(segmentId) }
    public var isolationStoreId: StoreID? { scope.storeId }
    public var domainPayload: DomainPayload { .segmentSnapshotTaken(self) }
}
