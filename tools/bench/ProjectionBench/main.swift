// Whole-process read-model workloads for docs/BENCHMARKS.md ("Projections"). Release build:
//   swift build -c release --product ProjectionBench
//
//   ProjectionBench generate DIR --events N [--seed S] [--contacts-per-store C]
//       a realistic seeded history (TestSupport.HistoryGenerator) appended in 1,000-event batches
//   ProjectionBench leads DIR --contacts N      one routable lead per phone: N contacts (query benchmarks)
//   ProjectionBench rebuild DIR [--repeat R] [--batch N]   full rebuild from position 1; events/s per run
//       (--batch: events per rebuild transaction, default ProjectionRunner.Options)
//   ProjectionBench ceiling DIR [--repeat R]    raw SQLite (C API) contacts upsert keyed (store, phone),
//       one prepared statement, one transaction, over the same log's contact events: the ceiling
//   ProjectionBench floor DIR [--repeat R]    what SQLite alone needs to write the read model a rebuild
//       of DIR made (run rebuild first): its rows, read into memory, inserted into a fresh file
//   ProjectionBench lag DIR --rate R --seconds S [--interval-ms M]   live runner (live batches at most
//       every M ms, default 10); durable appends at R events/s;
//       lag = durable ack → visible in the read model (p50/p99)
//   ProjectionBench queries DIR --count N [--skip SHAPE,…]   contacts page (filters, sorts, search) and
//       profile latency
//
// Each case prints one JSON line.
import Domain
import EventStore
import Foundation
import GRDB
import GRDBSQLite
import Glibc
import Projections
import TestSupport

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func option(_ name: String, _ fallback: Int) -> Int {
    guard let i = CommandLine.arguments.firstIndex(of: name), i + 1 < CommandLine.arguments.count else { return fallback }
    return Int(CommandLine.arguments[i + 1]) ?? fallback
}

func percentiles(_ values: [Double]) -> (p50: Double, p99: Double) {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return (0, 0) }
    return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
}

func emit(_ fields: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
    fflush(nil)
}

func openStore(_ dir: String, durable: Bool = false, readOnly: Bool = false) throws -> EventStore {
    var options = EventStoreOptions()
    options.durability = durable ? .durable : .relaxed
    options.mode = readOnly ? .readOnly : .readWrite
    options.logger.logLevel = .error
    return try EventStore(directory: dir + "/log", options: options)
}

func generate(_ dir: String) async throws {
    let events = UInt64(option("--events", 1_000_000))
    var generator = HistoryGenerator(seed: UInt64(option("--seed", 42)), contactsPerStore: option("--contacts-per-store", 20_000))
    let store = try openStore(dir)
    _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
    let started = now()
    while store.durablePosition < events {
        var batch: [ProposedEvent] = []
        while batch.count < 1_000 { batch += generator.next().map { $0.proposed() } }
        _ = try await store.append(batch, expectedVersions: [:])
    }
    let seconds = now() - started
    emit(["case": "generate", "events": store.durablePosition, "seconds": seconds])
    await store.close()
}

func leads(_ dir: String) async throws {
    let count = option("--contacts", 1_000_000)
    let store = try openStore(dir)
    let areaCodes = ["415", "212", "312"]
    let profiles = try (0..<3).map { index in
        try StoreProfile(
            storeId: StoreID(String(format: "00000000-0000-4000-8000-%012d", index + 1)), name: "Store \(index + 1)",
            franchiseId: FranchiseID("orangeTheory"), accountId: AccountID("acct\(index + 1)"),
            timeZone: StoreTimeZone(["America/Los_Angeles", "America/New_York", "America/Chicago"][index]))
    }
    let start = Date(timeIntervalSince1970: 1_772_409_600)
    _ = try await store.append(
        profiles.map { DomainEvent(StoreRegistered(profile: $0), actor: .system, occurredAt: Timestamp(start)).proposed() },
        expectedVersions: [:])
    var batch: [ProposedEvent] = []
    let names = ["Dana", "Marisol", "Jordan", "Zoe", "Sam", "Alex", "Riley", "Casey"]
    for i in 0..<count {
        let storeIndex = i % 3
        let phone = PhoneNumber("+1\(areaCodes[storeIndex])\(String(format: "%07d", 2_000_000 + i / 3))")!
        let time = start.addingTimeInterval(Double(i) * 2)
        let email = try EmailAddress("lead\(i)@example.com")
        let lead = LeadReceived(
            leadId: LeadID.derive(email: email, phone: phone, receivedAt: time), storeId: profiles[storeIndex].storeId,
            franchiseId: profiles[storeIndex].franchiseId, accountId: profiles[storeIndex].accountId, leadType: "Web Lead",
            firstName: names[i % names.count], lastName: "Lead\(i)", phone: phone, email: email, subject: "New lead",
            from: "leads@example.com", recipient: "frontdesk@example.org", rawBody: "Name: \(names[i % names.count])",
            receivedAt: time)
        batch.append(DomainEvent(lead, actor: .imapPoller).proposed())
        if batch.count == 1_000 {
            _ = try await store.append(batch, expectedVersions: [:])
            batch.removeAll(keepingCapacity: true)
        }
    }
    if !batch.isEmpty { _ = try await store.append(batch, expectedVersions: [:]) }
    emit(["case": "leads", "events": store.durablePosition])
    await store.close()
}

func rebuild(_ dir: String) async throws {
    let store = try openStore(dir, readOnly: true)
    let readModel = try ReadModel(dataDirectory: dir)
    var options = ProjectionRunner.Options()
    options.rebuildBatchSizeMax = option("--batch", options.rebuildBatchSizeMax)
    let runner = try ProjectionRunner(store: store, readModel: readModel, options: options)
    for _ in 0..<option("--repeat", 3) {
        let started = now()
        let only = CommandLine.arguments.firstIndex(of: "--only").flatMap { ProjectionName(rawValue: CommandLine.arguments[$0 + 1]) }
        let result = try runner.rebuild(only: only)
        let seconds = now() - started
        emit(["case": "rebuild", "events": result.eventsApplied, "seconds": seconds, "events_per_sec": Double(result.eventsApplied) / seconds])
    }
    await store.close()
}

/// The ceiling: what SQLite itself does for the cheapest useful projection of these events —
/// one UPSERT per contact event into a contacts table keyed (store, phone), raw C API, one
/// prepared statement, one transaction. The log is read first, so only SQLite is timed.
func ceiling(_ dir: String) async throws {
    let store = try openStore(dir, readOnly: true)
    var rows: [(String, String, Int64)] = []
    try store.scan { event in
        if let (storeId, phone) = Streams.contactParts(event.stream) {
            rows.append((storeId, phone, event.occurredAt.microsecondsSinceEpoch))
        }
        return true
    }
    let total = store.durablePosition
    await store.close()
    for run in 0..<option("--repeat", 3) {
        let path = dir + "/ceiling-\(run).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nil, nil, nil)
        sqlite3_exec(
            db,
            """
            CREATE TABLE contacts (storeId TEXT NOT NULL, phone TEXT NOT NULL, lastActivityAt INTEGER, createdAt INTEGER NOT NULL,
                updatedAt INTEGER NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (storeId, phone)) WITHOUT ROWID;
            """, nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(
            db,
            """
            INSERT INTO contacts (storeId, phone, lastActivityAt, createdAt, updatedAt, version) VALUES (?1, ?2, ?3, ?3, ?3, 1)
            ON CONFLICT (storeId, phone) DO UPDATE SET lastActivityAt = MAX(lastActivityAt, excluded.lastActivityAt),
                updatedAt = excluded.updatedAt, version = version + 1
            """, -1, &statement, nil)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let started = now()
        sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
        for (storeId, phone, time) in rows {
            sqlite3_bind_text(statement, 1, storeId, -1, transient)
            sqlite3_bind_text(statement, 2, phone, -1, transient)
            sqlite3_bind_int64(statement, 3, time)
            guard sqlite3_step(statement) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(statement)
        }
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        let seconds = now() - started
        sqlite3_finalize(statement)
        sqlite3_close(db)
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        emit([
            "case": "ceiling", "upserts": rows.count, "log_events": total, "seconds": seconds,
            "upserts_per_sec": Double(rows.count) / seconds,
        ])
    }
}

/// The floor: what SQLite alone needs to write the read model a full rebuild makes. The clock
/// runs while every row of every table of DIR's live generation (the search index excepted)
/// is copied, table by table in rowid order, into a fresh file with the same tables and unique
/// indexes (`INSERT INTO t SELECT * FROM source.t WHERE 1`: the WHERE keeps SQLite from copying
/// b-tree pages wholesale, so each row goes through the ordinary insert path), in one
/// transaction per table; the other indexes are created after the load, as a rebuild creates
/// its read side's (a rebuild keeps three of them during its load). No log reading, decoding,
/// binding or projection logic: a lower bound on any rebuild that writes the same rows.
func floor(_ dir: String) async throws {
    let readModel = try ReadModel(dataDirectory: dir, mode: .read)
    let events = try readModel.appliedPosition()
    let source = readModel.path
    for run in 0..<option("--repeat", 3) {
        let path = dir + "/floor-\(run).sqlite"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        func exec(_ sql: String) {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fatalError("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
        }
        func strings(_ sql: String) -> [[String]] {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else { fatalError(String(cString: sqlite3_errmsg(db))) }
            defer { sqlite3_finalize(statement) }
            var rows: [[String]] = []
            while sqlite3_step(statement) == SQLITE_ROW {
                rows.append((0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_text(statement, $0)) })
            }
            return rows
        }
        // The rebuild's settings (ReadModel.openPool; a rebuild's private generation is unsynced).
        exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824")
        exec("ATTACH '\(source)' AS source")
        let schema = strings(
            "SELECT type, name, sql FROM source.sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'contacts_fts%' ORDER BY rowid")
        let tables = schema.filter { $0[0] == "table" }
        let unique = schema.filter { $0[0] == "index" && $0[2].hasPrefix("CREATE UNIQUE") }.map { $0[2] }
        let secondary = schema.filter { $0[0] == "index" && !$0[2].hasPrefix("CREATE UNIQUE") }.map { $0[2] }
        for table in tables { exec(table[2]) }
        for sql in unique { exec(sql) }  // constraints: in place while loading
        var rows = 0
        var tableSeconds: [String: Double] = [:]
        let started = now()
        for table in tables {
            let tableStarted = now()
            exec("BEGIN IMMEDIATE; INSERT INTO main.\"\(table[1])\" SELECT * FROM source.\"\(table[1])\" WHERE 1; COMMIT")
            rows += Int(sqlite3_changes(db))
            tableSeconds[table[1]] = now() - tableStarted
        }
        let loaded = now()
        for sql in secondary { exec(sql) }
        let seconds = now() - started
        tableSeconds["(indexes after the load)"] = now() - loaded
        sqlite3_close(db)
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        emit([
            "case": "floor", "rows": rows, "log_events": events, "seconds": seconds, "load_seconds": loaded - started,
            "events_per_sec": Double(events) / seconds, "table_seconds": tableSeconds,
        ])
    }
}

func lag(_ dir: String) async throws {
    let rate = option("--rate", 5_000)
    let seconds = option("--seconds", 10)
    let store = try openStore(dir, durable: true)
    let readModel = try ReadModel(dataDirectory: dir)
    let runner = try ProjectionRunner(
        store: store, readModel: readModel,
        options: .init(batchSizeMax: 2_000, liveBatchInterval: .milliseconds(option("--interval-ms", 10))))
    var generator = HistoryGenerator(seed: 7, contactsPerStore: 5_000)
    _ = try await store.append(generator.registrations().map { $0.proposed() }, expectedVersions: [:])
    try runner.catchUp()
    let follower = Task { try await runner.run() }
    let tickSeconds = 0.005
    let perTick = max(1, Int(Double(rate) * tickSeconds))
    // The events are generated and encoded before the clock starts, so the offered rate is
    // exact and the generator takes no CPU from the projections being measured.
    var ticks: [[ProposedEvent]] = []
    for _ in 0..<Int(Double(seconds) / tickSeconds) {
        var batch: [ProposedEvent] = []
        while batch.count < perTick { batch += generator.next(sizeMax: 4).map { $0.proposed() } }
        ticks.append(batch)
    }
    let latencies = LatencyBox()
    let started = now()
    var appended = 0
    await withTaskGroup(of: Void.self) { group in
        var next = started
        for batch in ticks {
            appended += batch.count
            group.addTask {
                guard let result = try? await store.append(batch, expectedVersions: [:]) else { return }
                let acknowledged = now()
                if await runner.waitUntilApplied(result.position, timeout: .seconds(5)) {
                    latencies.add(now() - acknowledged)
                }
            }
            next += tickSeconds
            let wait = next - now()
            if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
        }
    }
    let elapsed = now() - started
    follower.cancel()
    let (p50, p99) = percentiles(latencies.values)
    emit([
        "case": "lag", "target_rate": rate, "achieved_rate": Double(appended) / elapsed, "samples": latencies.values.count,
        "p50_ms": p50 * 1000, "p99_ms": p99 * 1000,
    ])
    await store.close()
}

final class LatencyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [Double] = []
    func add(_ value: Double) { lock.withLock { samples.append(value) } }
    var values: [Double] { lock.withLock { samples } }
}

func queries(_ dir: String) async throws {
    let store = try openStore(dir, readOnly: true)
    let readModel = try ReadModel(dataDirectory: dir)
    let runner = try ProjectionRunner(store: store, readModel: readModel)
    try runner.catchUp()
    let count = option("--count", 2_000)
    let contacts = try readModel.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contacts") ?? 0 }
    let phones = try readModel.read { db in
        try Row.fetchAll(db, sql: "SELECT storeId, phone FROM contacts ORDER BY rowid LIMIT 100000").map {
            ($0["storeId"] as String, $0["phone"] as String)
        }
    }
    let storeIds = Array(Set(phones.map(\.0))).sorted()
    let at = Timestamp(microsecondsSinceEpoch: 1_775_000_000_000_000)
    var random = SplitMix64(seed: 3)
    let shapes: [(String, (String) -> ContactsQuery)] = [
        ("default", { ContactsQuery(storeId: $0, now: at) }),
        ("stage+status", { ContactsQuery(storeId: $0, stage: "lead", leadStatus: "new", now: at) }),
        ("dnc", { ContactsQuery(storeId: $0, doNotContact: false, actionNeeded: false, now: at) }),
        ("search", { ContactsQuery(storeId: $0, search: "dana lead12", now: at) }),
        ("sort-name", { ContactsQuery(storeId: $0, sort: ContactSort(key: .lastName, descending: false), now: at) }),
        ("page2", { storeId in
            let first = try! readModel.contacts(ContactsQuery(storeId: storeId, now: at))
            return ContactsQuery(storeId: storeId, cursor: first.nextCursor, now: at)
        }),
    ]
    let skipped = CommandLine.arguments.firstIndex(of: "--skip").map {
        CommandLine.arguments[$0 + 1].split(separator: ",").map(String.init)
    } ?? []
    for (name, make) in shapes where !skipped.contains(name) {
        var samples: [Double] = []
        for i in 0..<count {
            let query = make(storeIds[i % storeIds.count])
            let started = now()
            let page = try readModel.contacts(query)
            samples.append(now() - started)
            precondition(page.contacts.count <= query.limit)
        }
        let (p50, p99) = percentiles(samples)
        emit(["case": "contacts-page", "shape": name, "contacts": contacts, "queries": count, "p50_ms": p50 * 1000, "p99_ms": p99 * 1000])
    }
    var samples: [Double] = []
    for _ in 0..<count {
        let (storeId, phone) = phones[Int(random.next() % UInt64(phones.count))]
        let started = now()
        let profile = try readModel.profile(storeId: storeId, phone: phone, now: at)
        samples.append(now() - started)
        precondition(profile != nil)
    }
    let (p50, p99) = percentiles(samples)
    emit(["case": "profile", "contacts": contacts, "queries": count, "p50_ms": p50 * 1000, "p99_ms": p99 * 1000])
    await store.close()
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    print("usage: ProjectionBench generate|leads|rebuild|ceiling|floor|lag|queries DIR [options]")
    exit(1)
}
let dir = arguments[2]
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
switch arguments[1] {
case "generate": try await generate(dir)
case "leads": try await leads(dir)
case "rebuild": try await rebuild(dir)
case "ceiling": try await ceiling(dir)
case "floor": try await floor(dir)
case "lag": try await lag(dir)
case "queries": try await queries(dir)
default:
    print("unknown case \(arguments[1])")
    exit(1)
}
