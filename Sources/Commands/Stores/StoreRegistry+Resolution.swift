import Domain

extension StoreRegistry {
    /// The store of a RingCentral message or call (PRODUCT.md Flow 5 step 3, INTAKE.md): the
    /// store's own number on the near side when it is registered, else the account
    /// (`_account_id`, or the envelope's `ownerId`). A store that cannot be resolved is a 422
    /// naming the account (INTAKE.md): nothing is appended, RingCentral retries, and the
    /// operator sees which account to register.
    ///
    /// The number wins over the account because it is the more specific fact: one account
    /// may serve several stores, and then only the number tells them apart.
    func resolveRingCentral(storePhone: PhoneNumber?, accountId: String?) throws(CommandError) -> StoreProfile {
        if let storePhone, let store = try resolve({ $0.profile(phoneNumber: storePhone) }) {
            return store
        }
        let number = storePhone.map { "the store number \($0) is not registered" } ?? "the record has no store number"
        guard let raw = accountId else {
            throw CommandError(.unprocessable, field: "_account_id", reason: "is needed to find the store: \(number)")
        }
        let account = try checked("_account_id") { () throws(DomainError) in try AccountID(raw, field: "_account_id") }
        let stores =
            try resolve { registry -> [StoreProfile]? in
                let found = registry.profiles(accountId: account)
                return found.isEmpty ? nil : found
            } ?? []
        switch stores.count {
        case 1:
            return stores[0]
        case 0:
            throw CommandError(
                .unprocessable, field: "_account_id",
                reason: "no store is registered for RingCentral account \(account) (\(number))")
        default:
            throw CommandError(
                .unprocessable, field: "_account_id",
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
