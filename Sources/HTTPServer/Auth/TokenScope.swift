import Domain

/// What a bearer token may do (API.md "Auth"): `admin` everything; `franchise:<brand>` the
/// stores of one franchise; `store:<uuid>` one store; `ingest` the ingest routes only (an
/// integration such as the RingCentral webhook). Thread-safe (a value).
public enum TokenScope: Hashable, Sendable, CustomStringConvertible {
    case admin
    case franchise(FranchiseID)
    case store(StoreID)
    case ingest

    /// `admin`, `ingest`, `franchise:<brand>` or `store:<uuid>`.
    public init(parsing raw: String) throws(TokenFileError) {
        switch raw {
        case "admin": self = .admin
        case "ingest": self = .ingest
        default:
            if raw.hasPrefix("franchise:") {
                do {
                    self = .franchise(try FranchiseID(String(raw.dropFirst("franchise:".count))))
                } catch {
                    throw TokenFileError("scope '\(raw.prefix(80))': \(error)")
                }
            } else if raw.hasPrefix("store:") {
                do {
                    self = .store(try StoreID(String(raw.dropFirst("store:".count))))
                } catch {
                    throw TokenFileError("scope '\(raw.prefix(80))': \(error)")
                }
            } else {
                throw TokenFileError("scope '\(raw.prefix(80))' is not admin, ingest, franchise:<brand> or store:<uuid>")
            }
        }
    }

    public var description: String {
        switch self {
        case .admin: "admin"
        case .ingest: "ingest"
        case .franchise(let id): "franchise:\(id.rawValue)"
        case .store(let id): "store:\(id.rawValue)"
        }
    }

    /// Whether this scope may see `profile`'s data. Ingest tokens see no store's data.
    func canSee(_ profile: StoreProfile) -> Bool {
        switch self {
        case .admin: true
        case .franchise(let franchise): profile.franchiseId == franchise
        case .store(let store): profile.storeId == store
        case .ingest: false
        }
    }

    /// Whether this scope may read or act on store data at all (the store routes).
    var readsStores: Bool {
        switch self {
        case .admin, .franchise, .store: true
        case .ingest: false
        }
    }
}

/// A tokens file that cannot be used: `serve` refuses to start (exit 1) with this reason.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
