import Domain
import EventStore
import Foundation
import Testing

@Suite struct ValueTypeTests {
    @Test func storeIdIsCanonicalLowerCaseUUID() throws {
        #expect(try StoreID(" 5B0F3C1E-8D4A-4C3E-9A1B-2F6D7E8A9B0C ").rawValue == "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(throws: DomainError.missingField(field: "storeId")) { try StoreID("  ") }
        for bad in ["5b0f3c1e8d4a4c3e9a1b2f6d7e8a9b0c", "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0", "zb0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c", "moss-beach"] {
            #expect { try StoreID(bad, field: "body.storeId") } throws: { ($0 as? DomainError)?.field == "body.storeId" }
        }
    }

    @Test func franchiseIdFromAClientIdDropsTheTrailingDigits() throws {
        #expect(try FranchiseID(clientId: "orangeTheory-193365026").rawValue == "orangeTheory")
        #expect(try FranchiseID(clientId: "orangeTheory").rawValue == "orangeTheory")
        #expect(try FranchiseID(clientId: "f45-training-12-34").rawValue == "f45-training")
        #expect(try FranchiseID(clientId: "anytime-fitness-x1").rawValue == "anytime-fitness-x1")
        #expect(throws: DomainError.self) { try FranchiseID(clientId: "-193365026") }
        #expect(throws: DomainError.missingField(field: "_client_id")) { try FranchiseID(clientId: "") }
    }

    @Test func franchiseIdRefusesARawClientId() {
        #expect { try FranchiseID("orangeTheory-193365026") } throws: { ($0 as? DomainError)?.field == "franchiseId" }
    }

    @Test func accountIdIsAnOpaqueAsciiToken() throws {
        #expect(try AccountID(" 193365026 ").rawValue == "193365026")
        #expect(throws: DomainError.self) { try AccountID("193 365 026") }
    }

    @Test func emailAddressesAreTrimmedLowerCasedAndValidated() throws {
        #expect(try EmailAddress("  Dana.Whitfield+Leads@Example.COM\n").rawValue == "dana.whitfield+leads@example.com")
        #expect(try EmailAddress("a@b.co").domain == "b.co")
        for bad in ["dana", "dana@", "@example.com", "dana@example", "da na@example.com", "dana@@example.com", "dana@exa_mple.com",
                    ".dana@example.com", "dana..w@example.com", "Dana <dana@example.com>", "dana@-example.com"] {
            #expect(throws: DomainError.self, "\(bad)") { try EmailAddress(bad) }
        }
    }

    @Test func enumsParseLeniently() throws {
        #expect(try LeadStatus(parsing: " Bad Timing ") == .badTiming)
        #expect(try LeadStatus(parsing: "not-interested") == .notInterested)
        #expect(try MessageType(parsing: "voicemail") == .voiceMail)
        #expect(try MessageType(parsing: "SMS") == .sms)
        #expect(try MessageType(parsing: "pager") == .pager)
        #expect(try MessageType(parsing: "FAX") == .fax)
        #expect(try Direction(parsing: "outbound") == .outbound)
        #expect(try MessageStatus(parsing: "deliveryfailed") == .deliveryFailed)
        #expect(try CallState(parsing: "HUMAN_CONVERSATION") == .humanConversation)
        #expect(try ActorType(parsing: "imap-poller") == .imapPoller)
        #expect(try ActorType(parsing: "lead_webhook") == .leadWebhook)
    }

    @Test func enumValuesOutsideTheDocumentedSetsNameTheFieldAndTheAllowedValues() {
        do {
            _ = try PurchaseIntent(parsing: "very high", field: "body.purchaseIntent")
            Issue.record("accepted 'very high'")
        } catch {
            #expect(error.field == "body.purchaseIntent")
            #expect(error.description.contains("high, medium, low"))
        }
        #expect(throws: DomainError.missingField(field: "lifecycleStage")) { try LifecycleStage(parsing: "") }
    }

    @Test func enumSetsMatchTheContactsSpecification() {
        #expect(LeadStatus.allCases.map(\.rawValue) == [
            "new", "attempted", "connected", "booked", "bad_timing", "not_interested", "unreachable", "lost_contact",
            "neglected", "showed", "trialed", "converted",
        ])
        #expect(LeadStatus.allCases.filter(\.isShown).count == 9)
        #expect(LifecycleStage.allCases.map(\.rawValue) == ["lead", "member", "churned", "unknown"])
        #expect(LifecycleState.allCases.map(\.rawValue) == ["active", "frozen", "terminal"])
        #expect(PurchaseIntent.allCases.map(\.rawValue) == ["high", "medium", "low"])
        #expect(TaskStatus.allCases.map(\.rawValue) == ["pending", "completed", "snoozed", "cancelled"])
        #expect(ActorType.allCases.map(\.rawValue) == ["system", "staff", "ai", "lead_webhook", "imap-poller", "ringcentral", "integration"])
        #expect(LeadStatus.new.cooled == .neglected && LeadStatus.attempted.cooled == .unreachable && LeadStatus.booked.cooled == nil)
        #expect(TaskPriority.allCases.max() == .high)
    }

    @Test func quietHoursParseHHmmAndKnowWhetherTheyWrap() throws {
        let night = try QuietHours(start: "21:00", end: "8:00")
        #expect(night.wrapsMidnight && night.description == "21:00–08:00")
        #expect(night.contains(secondOfDay: 0) && !night.contains(secondOfDay: 12 * 3600))
        #expect { try QuietHours(start: "25:00", end: "08:00") } throws: { ($0 as? DomainError)?.field == "quietHours.start" }
        #expect(throws: DomainError.self) { try QuietHours(start: "21:00", end: "8") }
    }

    @Test func storeProfilesDecodeFromTheRegistryFixtures() throws {
        let moss = try StoreProfile(json: Array(StoreFixtures.mossBeach.utf8))
        #expect(moss.storeId.rawValue == "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c")
        #expect(moss.franchiseId.rawValue == "orangeTheory" && moss.accountId.rawValue == "193365026")
        #expect(moss.trackingIds.map(\.rawValue) == ["ot0423"])
        #expect(moss.owns(PhoneNumber("(650) 555-0142")!))
        #expect(moss.timeZone.rawValue == "America/Los_Angeles")
        #expect(moss.quietHours == .standard)
        let tampa = try StoreProfile(json: Array(StoreFixtures.tampa.utf8))
        #expect(tampa.quietHours.start.description == "20:00")
        #expect(tampa.ruleSets == [.federal, .florida])
    }

    @Test func storeProfileErrorsNameTheField() {
        let badZone = StoreFixtures.tampa.replacingOccurrences(of: "America/New_York", with: "Eastern Time")
        #expect { try StoreProfile(json: Array(badZone.utf8)) } throws: { "\($0)".contains("timeZone") }
        let badPhone = StoreFixtures.tampa.replacingOccurrences(of: "+18135550178", with: "+1813555017")
        #expect { try StoreProfile(json: Array(badPhone.utf8)) } throws: { "\($0)".contains("phoneNumbers") }
        let fixedOffset = StoreFixtures.tampa.replacingOccurrences(of: "America/New_York", with: "GMT-0500")
        #expect(throws: DomainError.self) { try StoreProfile(json: Array(fixedOffset.utf8)) }
    }

    @Test func leadOutreachReasonFollowsTheSeedTemplate() {
        var lead = CatalogSamples.leadReceived
        #expect(lead.outreachReason == "New Web Lead from Dana Whitfield")
        #expect(lead.isRoutable)
        lead.firstName = nil
        lead.lastName = nil
        #expect(lead.outreachReason == "New Web Lead from unknown")
        lead.phone = nil
        #expect(!lead.isRoutable)
    }
}
