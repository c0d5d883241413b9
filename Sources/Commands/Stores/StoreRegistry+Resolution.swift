import Domain

/// Where an input goes: a store, or nowhere yet (CDP.md §8: kept on an `unrouted/…` stream
/// with the reason, and re-routed when a store that owns it is registered).
enum StoreRouting: Sendable {
    case store(StoreProfile)
    case unrouted(reason: String)
}

extension StoreRegistry {
    /// The store of a RingCentral message, call or opt-out notice (PRODUCT.md Flow 5 step 3,
    /// INTAKE.md): the store's own number on the near side when it is registered, else the
    /// account (`_account_id`, or the envelope's `ownerId`). No store, or an account shared by
    /// several stores with no registered number to decide, is `.unrouted` with the reason
    /// (CDP.md §8 replaces INTAKE.md's 422: the input is kept, not refused). Throws only for an
    /// account id that is not valid (400) or a store fault.
    ///
    /// The number wins over the account because it is the more specific fact: one account
    /// may serve several stores, and then only the number tells them apart.
    func routeRingCentral(storePhone: PhoneNumber?, accountId: String?) throws(CommandError) -> StoreRouting {
        if let storePhone, let store = try resolve({ $0.profile(phoneNumber: storePhone) }) {
            return .store(store)
        }
        let number = storePhone.map { "the store number \($0) is not registered" } ?? "the record has no store number"
        guard let raw = accountId else {
            return .unrouted(reason: "\(number) and it names no RingCentral account (_account_id or ownerId)")
        }
        let account = try checked("_account_id") { () throws(DomainError) in try AccountID(raw, field: "_account_id") }
        let stores =
            try resolve { registry -> [StoreProfile]? in
                let found = registry.profiles(accountId: account)
                return found.isEmpty ? nil : found
            } ?? []
        switch stores.count {
        case 1:
            return .store(stores[0])
        case 0:
            return .unrouted(reason: "no store is registered for RingCentral account \(account) (\(number))")
        default:
            return .unrouted(
                reason: "RingCentral account \(account) belongs to \(stores.count) stores"
                    + " (\(stores.map(\.storeId.rawValue).joined(separator: ", "))) and \(number)")
        }
    }

    /// A registered store by id, for inputs that name one (analyses, staff commands).
    func requireStore(_ storeId: StoreID, field: String = "storeId") throws(CommandError) -> StoreProfile {
        guard let profile = try resolve({ $0.profile(storeId: storeId) }) else {
            throw CommandError(.notFound, field: field, reason: "no store \(storeId) is registered")
        }
        return profile
    }
}
