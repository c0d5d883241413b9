import Demo
import Domain
import EventStore
import Foundation
import Testing
import TestSupport

/// The demo history as its users rely on it: the same seed gives the same log byte for byte,
/// every event type of the real flows is in it, redeliveries append nothing, the planted TCPA
/// violations are where the summary says, and a second run cannot double it.
@Suite("Demo generator")
struct DemoGeneratorTests {
    @Test func sameOptionsWriteIdenticalEventsAndSummaries() async throws {
        let options = DemoHistory.small
        let first = try await DemoHistory.shared.value
        let second = try await DemoHistory.generate(options, label: "second")
        #expect(first.events.count == first.summary.eventsAppended, "seed \(options.seed)")
        #expect(first.events == second.events, "seed \(options.seed): payloads, keys, occurredAt and recordedAt all repeat")
        #expect(first.summary == second.summary)
    }

    @Test func theSameSeedWritesByteIdenticalSegmentFiles() async throws {
        let options = DemoOptions(stores: 1, contactsPerStore: 12, days: 5, seed: DemoHistory.seed)
        var files: [[String: [UInt8]]] = []
        for label in ["one", "two"] {
            try await TemporaryDirectory.with(label) { directory in
                _ = try await DemoGenerator.generate(directory: directory, options: options)
                var contents: [String: [UInt8]] = [:]
                for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".seg") || name.hasSuffix(".segz") {
                    contents[name] = [UInt8](FileManager.default.contents(atPath: directory + "/" + name) ?? Data())
                }
                files.append(contents)
            }
        }
        #expect(!files[0].isEmpty)
        #expect(files[0] == files[1], "seed \(options.seed)")
    }

    @Test func aDifferentSeedWritesADifferentHistory() async throws {
        var other = DemoHistory.small
        other.seed &+= 1
        let first = try await DemoHistory.shared.value
        let second = try await DemoHistory.generate(other, label: "second")
        #expect(first.events.map(\.payload) != second.events.map(\.payload))
        #expect(first.summary.stores.map(\.storeId) != second.summary.stores.map(\.storeId))
    }

    @Test func everyEventTypeTheRealFlowsProduceIsInTheLog() async throws {
        let history = try await DemoHistory.shared.value
        let produced: Set<EventType> = [
            // A lead with no store yet is kept (input.unrouted) and settled when its store is
            // updated (input.rerouted); its redelivery with the tracking id is the lead.received.
            .storeRegistered, .storeUpdated, .leadReceived, .inputUnrouted, .inputRerouted, .messageLogged, .messageUpdated, .callLogged,
            .callAnalyzed, .contactAnalyzed, .contactOptedOut, .contactOptedIn, .contactDNCSet, .contactDNCCleared,
            .contactNotesUpdated, .contactComplaintResolved, .contactConverted, .taskCreated, .taskCompleted, .taskSnoozed,
            .taskReassigned, .taskCancelled,
        ]
        let inLog = Set(history.events.compactMap { EventType(rawValue: $0.type) })
        #expect(produced.subtracting(inLog).isEmpty, "missing: \(produced.subtracting(inLog).map(\.rawValue).sorted())")
        var counted: [String: Int] = [:]
        for event in history.events { counted[event.type, default: 0] += 1 }
        #expect(counted == history.summary.eventCounts)
    }

    @Test func redeliveriesAndRetriedRequestsAppendNothing() async throws {
        let history = try await DemoHistory.shared.value
        let summary = history.summary
        for kind in ["email", "message", "call", "analysis", "contactAction", "taskAction", "store"] {
            #expect(summary.deduplicated[kind, default: 0] > 0, "no deduplicated \(kind) input")
        }
        #expect(summary.refused["contactAction: conflict", default: 0] > 0)
        #expect(summary.refused["analysis: unprocessable", default: 0] > 0)
        // Every event in the log was appended by exactly one input; the rest appended nothing.
        #expect(history.events.count == summary.eventsAppended)
        #expect(Set(history.events.map(\.idempotencyKey)).count == history.events.count)
        #expect(summary.inputs > summary.deduplicatedTotal + summary.refused.values.reduce(0, +))
    }

    @Test func plantedViolationsAreAtThePositionsTheSummaryReports() async throws {
        let history = try await DemoHistory.shared.value
        let violations = history.summary.violations
        #expect(Set(violations.map(\.kind)) == Set(DemoViolation.Kind.allCases))
        for violation in violations {
            let event = try #require(history.event(at: violation.position))
            #expect(event.type == violation.eventType)
            #expect(event.stream == "contact/\(violation.storeId)/\(violation.phone)")
            #expect(event.occurredAt == violation.occurredAt)
            let store = try #require(history.summary.stores.first { $0.storeId == violation.storeId })
            let calendar = StoreCalendar(timeZone: TimeZone(identifier: store.timeZone)!)
            let local = calendar.localTime(at: event.occurredAt)
            let offending = try #require(try history.domain(at: violation.position))
            switch offending.payload {
            case .callLogged(let call): #expect(call.direction == .outbound)
            case .messageLogged(let message): #expect(message.direction == .outbound)
            case .contactDNCCleared: #expect(violation.kind == .doNotContactClearedByStaff)
            case .contactAnalyzed(let analysis):
                #expect(violation.kind == .doNotContactClearedByAI)
                #expect(analysis.doNotContact == false)
            default: Issue.record("\(violation.kind) points at \(event.type)")
            }
            let evidence = try violation.evidencePositions.map { try #require(history.event(at: $0)) }
            #expect(evidence.allSatisfy { $0.stream == event.stream && $0.occurredAt < event.occurredAt })
            switch violation.kind {
            case .callAfterHours:
                #expect(violation.rule == "HOURS-1")
                #expect(local.hour == 21 && local.minute == 30)
            case .callWhileDoNotContact:
                #expect(violation.rule == "DNC-1")
                #expect(evidence.map(\.type) == [EventType.contactDNCSet.rawValue])
                #expect((8..<20).contains(local.hour), "the DNC call is inside calling hours: only DNC-1 applies")
            case .smsAfterOptOut:
                #expect(violation.rule == "DNC-1")
                #expect(evidence.map(\.type) == ["message.logged", "contact.opted_out", "message.logged"])
                let confirmation = try #require(evidence.last)
                #expect(event.occurredAt.microsecondsSinceEpoch - confirmation.occurredAt.microsecondsSinceEpoch > 5 * 60_000_000)
            case .doNotContactClearedByStaff:
                #expect(violation.rule == "DNC-RETAIN")
                #expect(evidence.map(\.type) == [EventType.contactDNCSet.rawValue])
            case .doNotContactClearedByAI:
                #expect(violation.rule == "DNC-RETAIN")
                #expect(evidence.map(\.type) == [EventType.contactAnalyzed.rawValue])
            }
        }
    }

    @Test func ordinaryOutboundContactStaysInsideCallingHours() async throws {
        let history = try await DemoHistory.shared.value
        let planted = Set(history.summary.violations.map(\.position))
        let stores = Dictionary(uniqueKeysWithValues: history.summary.stores.map { ($0.storeId, $0) })
        var outbound = 0
        for event in history.events where !planted.contains(event.position) {
            let domain = try DomainEvent(recorded: event)
            let phone: PhoneNumber?
            switch domain.payload {
            case .callLogged(let call) where call.direction == .outbound: phone = call.customerPhone
            case .messageLogged(let message) where message.direction == .outbound: phone = message.customerPhone
            default: continue
            }
            outbound += 1
            let storeId = try #require(event.storeId)
            let store = try #require(stores[storeId])
            let customer = try #require(phone)
            #expect(store.areaCodes.contains(customer.areaCode), "\(customer) is not in \(store.name)'s region")
            let local = StoreCalendar(timeZone: TimeZone(identifier: store.timeZone)!).localTime(at: event.occurredAt)
            let closing = store.ruleSets.contains("florida") ? 20 : 21
            #expect(local.hour >= 8 && local.hour < closing, "\(event.type) at \(local) in \(store.timeZone)")
        }
        #expect(outbound > 100)
    }

    @Test func recordedAtFollowsTheStoryAndNeverRunsBackwards() async throws {
        let history = try await DemoHistory.shared.value
        let start = DemoGenerator.clockStart(for: DemoHistory.small)
        #expect(history.events.first?.recordedAt == start)
        for (earlier, later) in zip(history.events, history.events.dropFirst()) {
            #expect(earlier.recordedAt <= later.recordedAt)
        }
        #expect(history.events.allSatisfy { $0.recordedAt >= $0.occurredAt })
        // Late webhooks: some events happened before events recorded ahead of them.
        var latestOccurred = Timestamp(microsecondsSinceEpoch: 0)
        var outOfOrder = 0
        for event in history.events {
            if event.occurredAt < latestOccurred { outOfOrder += 1 }
            latestOccurred = max(latestOccurred, event.occurredAt)
        }
        #expect(history.summary.lateDeliveries > 0)
        #expect(outOfOrder >= history.summary.lateDeliveries)
    }

    /// Each input's outcome is checked against the script (a redelivery must be a duplicate,
    /// the AI clearing a staff DNC must be refused, …): any mismatch throws. Tiny histories
    /// over many seeds reach the rare orderings (a stale copy of an email after its
    /// corrected copy was the one this found).
    @Test func everyInputHasItsPlannedOutcomeAcrossSeeds() async throws {
        let base = DemoHistory.seed
        for offset in UInt64(0)..<8 {
            let options = DemoOptions(stores: Int(offset % 3) + 1, contactsPerStore: 12, days: 3, seed: base &+ offset * 7919)
            try await TemporaryDirectory.with("seed-\(options.seed)") { directory in
                do {
                    let summary = try await DemoGenerator.generate(directory: directory, options: options)
                    #expect(Set(summary.violations.map(\.kind)) == Set(DemoViolation.Kind.allCases), "seed \(options.seed)")
                } catch {
                    Issue.record("seed \(options.seed) (replay with DEMO_SEED): \(error)")
                }
            }
        }
    }

    @Test func aSecondRunIntoTheSameStoreIsRefused() async throws {
        let options = DemoOptions(stores: 1, contactsPerStore: 10, days: 3, seed: DemoHistory.seed)
        try await TemporaryDirectory.with { directory in
            let first = try await DemoGenerator.generate(directory: directory, options: options)
            await #expect(throws: DemoError.storeNotEmpty(directory: directory, position: first.lastPosition)) {
                _ = try await DemoGenerator.generate(directory: directory, options: options)
            }
            let store = try EventStore(directory: directory, options: .readOnly())
            #expect(store.durablePosition == first.lastPosition)
            await store.close()
        }
    }

    @Test func optionsOutsideTheirRangesAreRefusedNamingTheOption() async throws {
        for (options, field) in [
            (DemoOptions(stores: 0), "stores"), (DemoOptions(contactsPerStore: 2), "contacts"), (DemoOptions(days: 0), "days"),
        ] {
            do {
                try options.validate()
                Issue.record("\(field) accepted")
            } catch {
                guard case .invalidOption(let named, _) = error else { Issue.record("\(error)"); continue }
                #expect(named == field)
                #expect(error.isUserError)
            }
        }
    }
}
