import GRDB

/// The read model's SQL schema as named, append-only migrations (STYLE.md "Projections";
/// GRDB's Migrations guide). A shipped migration is never edited: a change is a new one
/// (`contacts.v2`, …). Invariants live in the schema — NOT NULL, CHECK, UNIQUE — so a writer
/// bug fails the batch (and stops the projection at that position) instead of storing a
/// row the API could not show.
///
/// Conventions: instants are INTEGER microseconds since the Unix epoch (the log's precision;
/// they sort and compare without parsing); booleans are INTEGER 0/1 with a CHECK; JSON
/// columns hold canonical JSON (`EventCodec.canonicalJSON`), so a rebuild stores the same
/// bytes. Tables are grouped by the projection that owns them (`ProjectionName`); a projection
/// reads and writes only its own tables, which is what lets `rebuild --projection NAME`
/// rebuild one while the others keep their rows.
enum ReadModelSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("checkpoints.v1", migrate: checkpointsV1)
        migrator.registerMigration("contacts.v1", migrate: contactsV1)
        migrator.registerMigration("tasks.v1", migrate: tasksV1)
        migrator.registerMigration("timeline.v1", migrate: timelineV1)
        migrator.registerMigration("leads.v1", migrate: leadsV1)
        migrator.registerMigration("messages.v1", migrate: messagesV1)
        migrator.registerMigration("calls.v1", migrate: callsV1)
        migrator.registerMigration("tasks.v2", migrate: tasksV2)
        return migrator
    }

    /// The contacts' search index: a contentless FTS5 table, which SQL's DELETE cannot empty and
    /// whose b-trees depend on how commits were batched.
    static let searchIndex = "contacts_fts"

    /// Empties `table` (a rebuild of one projection clears its tables).
    static func deleteAllSQL(_ table: String) -> String {
        table == searchIndex ? "INSERT INTO \(table) (\(table)) VALUES ('delete-all')" : "DELETE FROM \(table)"
    }

    /// The rows that stand for `table`'s content in a canonical dump: for the search index,
    /// every indexed term occurrence (`fts5vocab` instance rows, which `canonicalDump` creates
    /// as `temp.<index>_instances`), independent of how its segments were merged.
    static func canonicalRowsSQL(_ table: String) -> String {
        table == searchIndex ? "SELECT term, doc, col, offset FROM temp.\(table)_instances" : "SELECT * FROM \"\(table)\""
    }

    /// One row per projection: the last log position whose events it has applied, written in
    /// the same transaction as the rows those events produced.
    static func checkpointsV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE projection_checkpoints (
                    name TEXT PRIMARY KEY NOT NULL,
                    position INTEGER NOT NULL CHECK (position >= 0)
                ) STRICT;
                """)
    }

    /// contacts (READMODELS.md, the 27 fields + storeId + version) and their FTS5 index. The
    /// index is contentless (`content = ''`): it only has to find rowids, and a contentless
    /// table deletes a row's terms from the old values the writer already has, without reading
    /// stored content back (measured: the content read was the costliest statement of a rebuild).
    /// Secondary indexes that only the read side uses — no projection reads through them
    /// while it writes — so a full rebuild drops them while it loads its private generation
    /// and creates them again, from the same SQL, before the swap: one sort per index instead
    /// of a b-tree insert per row (`ProjectionRunner.rebuild`). The unique indexes, and the
    /// ones writers query (calls by contact, the tasks' probes), are kept.
    static let indexesBuiltAfterRebuild = [
        "contacts_by_activity", "contacts_by_stage", "contacts_by_status", "contacts_cooling", "timeline_by_contact",
        "leads_by_contact", "messages_by_contact",
    ]

    static func contactsV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE contacts (
                    storeId TEXT NOT NULL,
                    phone TEXT NOT NULL CHECK (phone GLOB '+[1-9]*'),
                    franchiseId TEXT,
                    accountId TEXT,
                    firstName TEXT,
                    lastName TEXT,
                    lifecycleStage TEXT CHECK (lifecycleStage IN ('lead', 'member', 'churned', 'unknown')),
                    lifecycleState TEXT CHECK (lifecycleState IN ('active', 'frozen', 'terminal')),
                    notes TEXT,
                    doNotContact INTEGER NOT NULL DEFAULT 0 CHECK (doNotContact IN (0, 1)),
                    hasCardOnFile INTEGER NOT NULL DEFAULT 0 CHECK (hasCardOnFile IN (0, 1)),
                    lastActivityAt INTEGER,
                    actionNeeded INTEGER NOT NULL DEFAULT 0 CHECK (actionNeeded IN (0, 1)),
                    actionNeededReason TEXT,
                    suggestedActions TEXT NOT NULL DEFAULT '[]',
                    priority TEXT CHECK (priority IN ('high', 'medium', 'low')),
                    priorityRank INTEGER NOT NULL DEFAULT -1,
                    leadStatus TEXT CHECK (leadStatus IN ('new', 'attempted', 'connected', 'booked', 'bad_timing',
                        'not_interested', 'unreachable', 'lost_contact', 'neglected', 'showed', 'trialed', 'converted')),
                    leadStatusReason TEXT,
                    leadObjections TEXT NOT NULL DEFAULT '[]',
                    leadRejectionReasons TEXT NOT NULL DEFAULT '[]',
                    purchaseIntent TEXT CHECK (purchaseIntent IN ('high', 'medium', 'low')),
                    purchaseIntentReason TEXT,
                    goals TEXT NOT NULL DEFAULT '[]',
                    customerSummary TEXT,
                    lastContactAnalysisAt INTEGER,
                    doNotContactUpdatedBy TEXT CHECK (doNotContactUpdatedBy IN ('staff', 'ai', 'system')),
                    hasOpenComplaint INTEGER NOT NULL DEFAULT 0 CHECK (hasOpenComplaint IN (0, 1)),
                    createdAt INTEGER NOT NULL,
                    updatedAt INTEGER NOT NULL,
                    version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
                    email TEXT,
                    leadId TEXT,
                    UNIQUE (storeId, phone),
                    CHECK (doNotContact = 0 OR doNotContactUpdatedBy IS NOT NULL)
                ) STRICT;
                CREATE INDEX contacts_by_activity ON contacts (storeId, lastActivityAt DESC, phone);
                CREATE INDEX contacts_by_stage ON contacts (storeId, lifecycleStage);
                CREATE INDEX contacts_by_status ON contacts (storeId, leadStatus);
                CREATE INDEX contacts_cooling ON contacts (leadStatus, createdAt) WHERE leadStatus IN ('new', 'attempted');
                CREATE VIRTUAL TABLE contacts_fts USING fts5 (
                    name, phoneDigits, notes, customerSummary, content = '', tokenize = 'unicode61 remove_diacritics 2'
                );
                """)
    }

    /// tasks (READMODELS.md): one per sourceLeadId; at most one open (pending or snoozed)
    /// lead-sourced task per (store, phone, category). `storeCalendars` is the tasks
    /// projection's own copy of each store's time zone, quiet hours and SLA (dueAt).
    static func tasksV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE tasks (
                    taskId TEXT PRIMARY KEY NOT NULL,
                    storeId TEXT NOT NULL,
                    franchiseId TEXT,
                    accountId TEXT,
                    contactPhone TEXT,
                    taskType TEXT NOT NULL CHECK (taskType IN ('lead_outreach', 'follow_up', 'callback', 'complaint', 'other')),
                    typeCategory TEXT NOT NULL,
                    sourceType TEXT NOT NULL CHECK (sourceType IN ('lead', 'manual', 'ai')),
                    sourceLeadId TEXT UNIQUE,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'snoozed', 'cancelled')),
                    priority TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
                    actionNeeded INTEGER NOT NULL CHECK (actionNeeded IN (0, 1)),
                    actionNeededReason TEXT,
                    suggestedActions TEXT NOT NULL DEFAULT '[]',
                    dueAt INTEGER NOT NULL,
                    createdAt INTEGER NOT NULL,
                    completedAt INTEGER,
                    snoozedUntil INTEGER,
                    assignee TEXT,
                    updatedAt INTEGER NOT NULL,
                    CHECK ((status = 'completed') = (completedAt IS NOT NULL)),
                    CHECK ((status = 'snoozed') = (snoozedUntil IS NOT NULL))
                ) STRICT;
                CREATE UNIQUE INDEX tasks_one_open_lead_task ON tasks (storeId, contactPhone, typeCategory)
                    WHERE status IN ('pending', 'snoozed') AND sourceType = 'lead';
                CREATE INDEX tasks_by_store ON tasks (storeId, status, dueAt);
                CREATE INDEX tasks_by_contact ON tasks (storeId, contactPhone, status);
                CREATE TABLE task_store_calendars (
                    storeId TEXT PRIMARY KEY NOT NULL,
                    profile TEXT NOT NULL
                ) STRICT;
                """)
    }

    /// tasks.v2: the tasks projection's own view of Do-Not-Contact (issue 15, "DNC ends
    /// outreach"): one row per contact while a DNC is in force, with its owner
    /// (`DoNotContactRule`). A lead for a contact listed here makes no `lead_outreach` task,
    /// and the outreach sweep cancels the open outbound tasks of the contacts listed here.
    /// Kept by the tasks projection from the DNC events themselves (not read from `contacts`),
    /// so `rebuild --projection tasks` still equals the live table.
    ///
    /// A read model made before this migration has tasks built without it: the migration
    /// empties the tasks projection's tables and its checkpoint, so the runner replays the
    /// log into them (a no-op on a new read model).
    static func tasksV2(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE task_contact_dnc (
                    storeId TEXT NOT NULL,
                    contactPhone TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source IN ('staff', 'system', 'ai')),
                    PRIMARY KEY (storeId, contactPhone)
                ) STRICT, WITHOUT ROWID;
                DELETE FROM tasks;
                DELETE FROM task_store_calendars;
                DELETE FROM projection_checkpoints WHERE name = 'tasks';
                """)
    }

    /// contact_timeline (READMODELS.md): one entry per idempotencyKey; `timelineId` is the
    /// UUIDv5 of the key, so a rebuild reproduces it. Owned by the contacts projection (its
    /// status-change and complaint entries compare a contact's row before and after an event);
    /// `timeline_task_contacts` is that projection's map from task to contact, for
    /// `task.completed` entries (the event names the task, not the contact).
    static func timelineV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE contact_timeline (
                    timelineId TEXT PRIMARY KEY NOT NULL,
                    storeId TEXT NOT NULL,
                    contactPhone TEXT NOT NULL,
                    franchiseId TEXT,
                    accountId TEXT,
                    eventType TEXT NOT NULL,
                    eventCategory TEXT NOT NULL,
                    entityType TEXT NOT NULL,
                    entityId TEXT NOT NULL,
                    occurredAt INTEGER NOT NULL,
                    actorType TEXT NOT NULL,
                    actorId TEXT NOT NULL,
                    oldValue TEXT,
                    newValue TEXT,
                    idempotencyKey TEXT NOT NULL UNIQUE,
                    logPosition INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX timeline_by_contact ON contact_timeline (storeId, contactPhone, occurredAt DESC, logPosition DESC);
                CREATE TABLE timeline_task_contacts (
                    taskId TEXT PRIMARY KEY NOT NULL,
                    storeId TEXT NOT NULL,
                    contactPhone TEXT NOT NULL
                ) STRICT;
                """)
    }

    /// leads: every field of Flow 1 step ① (READMODELS.md "leads").
    static func leadsV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE leads (
                    leadId TEXT PRIMARY KEY NOT NULL,
                    storeId TEXT,
                    franchiseId TEXT,
                    accountId TEXT,
                    leadType TEXT NOT NULL,
                    firstName TEXT,
                    lastName TEXT,
                    phone TEXT,
                    email TEXT,
                    bookedDate TEXT,
                    bookedTime TEXT,
                    subject TEXT NOT NULL,
                    fromHeader TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    trackingId TEXT,
                    rawBody TEXT NOT NULL,
                    isForwarded INTEGER NOT NULL CHECK (isForwarded IN (0, 1)),
                    forwardedOriginalFrom TEXT,
                    forwardedOriginalTo TEXT,
                    forwardedOriginalDate TEXT,
                    receivedAt INTEGER NOT NULL,
                    lastReceivedAt INTEGER NOT NULL,
                    processedBy TEXT NOT NULL,
                    syncedAt INTEGER NOT NULL,
                    parseWarnings TEXT NOT NULL DEFAULT '[]',
                    logPosition INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX leads_by_contact ON leads (storeId, phone, receivedAt);
                """)
    }

    /// messages (RingCentral records; customerPhone NULL for short codes) and the per-contact
    /// figures the contacts page derives from them.
    static func messagesV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE messages (
                    messageId TEXT PRIMARY KEY NOT NULL,
                    storeId TEXT NOT NULL,
                    franchiseId TEXT,
                    accountId TEXT,
                    conversationId TEXT,
                    direction TEXT NOT NULL CHECK (direction IN ('Inbound', 'Outbound')),
                    messageType TEXT NOT NULL,
                    fromParty TEXT NOT NULL,
                    toParties TEXT NOT NULL,
                    customerPhone TEXT,
                    shortCode TEXT,
                    subject TEXT,
                    creationTime INTEGER NOT NULL,
                    lastModifiedTime INTEGER NOT NULL,
                    messageStatus TEXT,
                    readStatus TEXT,
                    attachments TEXT NOT NULL DEFAULT '[]',
                    vmTranscriptionStatus TEXT,
                    logPosition INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX messages_by_contact ON messages (storeId, customerPhone, creationTime DESC, messageId);
                CREATE TABLE contact_message_stats (
                    storeId TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    smsCount INTEGER NOT NULL CHECK (smsCount >= 0),
                    PRIMARY KEY (storeId, phone)
                ) STRICT, WITHOUT ROWID;
                """)
    }

    /// calls (RingCentral call log, plus the latest AI callState) and per-contact figures.
    static func callsV1(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE calls (
                    callId TEXT PRIMARY KEY NOT NULL,
                    sessionId TEXT,
                    storeId TEXT NOT NULL,
                    franchiseId TEXT,
                    accountId TEXT,
                    startTime INTEGER NOT NULL,
                    durationSeconds INTEGER NOT NULL CHECK (durationSeconds >= 0),
                    direction TEXT NOT NULL CHECK (direction IN ('Inbound', 'Outbound')),
                    result TEXT NOT NULL,
                    fromParty TEXT NOT NULL,
                    toParty TEXT NOT NULL,
                    customerPhone TEXT,
                    hasRecording INTEGER NOT NULL CHECK (hasRecording IN (0, 1)),
                    recording TEXT,
                    callState TEXT,
                    analyzedAt INTEGER,
                    logPosition INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX calls_by_contact ON calls (storeId, customerPhone, startTime DESC, callId);
                CREATE TABLE call_analyses_pending (
                    callId TEXT PRIMARY KEY NOT NULL,
                    callState TEXT NOT NULL,
                    analyzedAt INTEGER NOT NULL
                ) STRICT;
                CREATE TABLE contact_call_stats (
                    storeId TEXT NOT NULL,
                    phone TEXT NOT NULL,
                    callCount INTEGER NOT NULL CHECK (callCount >= 0),
                    firstAttemptedAt INTEGER,
                    firstConnectedAt INTEGER,
                    PRIMARY KEY (storeId, phone)
                ) STRICT, WITHOUT ROWID;
                """)
    }
}
