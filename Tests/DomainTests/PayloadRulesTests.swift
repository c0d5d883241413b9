import Domain
import EventStore
import Foundation
import Testing

/// Rules the payload types enforce on the way in.
@Suite struct PayloadRulesTests {
    static let store = CatalogSamples.store
    static let dana = CatalogSamples.dana

    @Test func onlyNewAndAttemptedLeadsCool() throws {
        let cooled = try LeadCooled(storeId: Self.store, phone: Self.dana, fromStatus: .attempted, contactCreatedAt: CatalogSamples.at)
        #expect(cooled.toStatus == .unreachable)
        #expect(ISOTime.string(cooled.cooledAt) == "2026-03-07T16:58:00.000Z")
        #expect { try LeadCooled(storeId: Self.store, phone: Self.dana, fromStatus: .booked, contactCreatedAt: CatalogSamples.at) }
            throws: { ($0 as? DomainError)?.field == "leadStatus" }
    }

    @Test func aContactCannotBeMergedIntoItself() {
        #expect { try ContactMerged(storeId: Self.store, sourcePhone: Self.dana, targetPhone: Self.dana, recordedOn: .source) }
            throws: { ($0 as? DomainError)?.field == "targetPhone" }
    }

    @Test func analysisLabelsAreTrimmedAndDeduplicatedAndTheHighestPriorityIsKnown() throws {
        let analysis = ContactAnalyzed(
            analysisId: "a-1", storeId: Self.store, phone: Self.dana, analyzedAt: CatalogSamples.at,
            leadObjections: [" price ", "Price", "", "schedule"],
            suggestedActions: [SuggestedAction(action: "a", priority: .low), SuggestedAction(action: "b", priority: .medium)])
        #expect(analysis.leadObjections == ["price", "schedule"])
        #expect(analysis.highestPriority == .medium)
        #expect(analysis.leadRejectionReasons == nil, "absent stays absent (unchanged)")
    }

    @Test func aReviewNeedsTwoDistinctCandidatesAndGetsADerivedId() throws {
        #expect(throws: DomainError.self) {
            try IdentityReviewRequested(storeId: Self.store, triggeringEventType: .leadReceived, triggeringIdempotencyKey: "k",
                                        matchedBy: .phone, candidatePhones: [Self.dana, Self.dana], requestedAt: CatalogSamples.at)
        }
        let review = try IdentityReviewRequested(
            storeId: Self.store, triggeringEventType: .leadReceived, triggeringIdempotencyKey: "k", matchedBy: .email,
            candidatePhones: [Self.dana, CatalogSamples.jordan], requestedAt: CatalogSamples.at)
        #expect(review.reviewId.rawValue == DeterministicIDs.reviewID(triggeringIdempotencyKey: "k"))
        #expect(throws: DomainError.missingField(field: "chosenPhone")) {
            try IdentityReviewResolved(reviewId: review.reviewId, storeId: Self.store, decision: .link)
        }
    }

    @Test func autoTagsNeedARule() {
        #expect(throws: DomainError.missingField(field: "rule")) {
            try TagDefined(tagId: "t", scope: .store(Self.store), name: "Auto", kind: .auto, rule: "  ")
        }
    }

    @Test func optionalTextIsTrimmedAndEmptyTextIsAbsent() {
        let lead = LeadReceived(
            leadId: try! LeadID("x#2026-03-02T16:58:00.000Z"), leadType: "  ", firstName: "  ", lastName: " Peña ",
            subject: "s", from: "f", recipient: "r", rawBody: "", receivedAt: CatalogSamples.at, parseWarnings: ["", " phone: invalid "])
        #expect(lead.leadType == "Unknown" && lead.firstName == nil && lead.lastName == "Peña")
        #expect(lead.parseWarnings == ["phone: invalid"])
    }

    @Test func timelineEntriesHaveDeterministicIdsAndCategories() throws {
        let key = TimelineKeys.leadCreated(CatalogSamples.leadReceived.leadId)
        #expect(key == "lead.created:dana.whitfield@example.com#+14155550123#2026-03-02")
        #expect(DeterministicIDs.timelineID(idempotencyKey: key) == DeterministicIDs.timelineID(idempotencyKey: key))
        #expect(TimelineEntryType.complaintOpened.category == "contact")
        #expect(TimelineEntryType.messageCreated.category == "message")
    }
}
