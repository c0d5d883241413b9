import Commands
import EventStore
import Projections

/// The lead-cooling sweep composed from both sides (STYLE.md: what needs the read model and
/// an append lives in Server): the read model lists leads still new/attempted 5 days after
/// createdAt with the contact's version; Commands appends `lead.cooled` expecting that
/// version, so a contact that changed meanwhile is left for the next sweep. Used by the
/// server's periodic `CoolingService` and by `contactledger sweep`. Thread-safe (a value
/// over thread-safe references).
public struct LeadCoolingSweeper: Sendable {
    public let store: EventStore
    public let readModel: ReadModel
    /// Leads cooled per sweep at most; the rest wait for the next one.
    public static let batchMax = 10_000

    public init(store: EventStore, readModel: ReadModel) {
        self.store = store
        self.readModel = readModel
    }

    public func sweep(now: Timestamp) async throws -> LeadCoolingSweep.Result {
        let requests = try readModel.coolingCandidates(now: now, limit: Self.batchMax).map {
            LeadCoolingHandler.Request(
                storeId: $0.storeId, phone: $0.phone, leadStatus: $0.leadStatus, contactCreatedAt: $0.createdAt,
                expectedVersion: $0.version)
        }
        return await LeadCoolingSweep(store: store).run(requests)
    }
}
