/*
 * sqlite_store: SQLite used as the event store, the way a careful user would.
 *
 *   sqlite_store [--dir D | D] [--events N] [--duration-seconds S]
 *                [--per-txn K] [--sync full|normal] [--scan]
 *                [--streams M] [--keys random|sequential] [--payload-bytes B]
 *                [--cache-mib C] [--mmap-mib M] [--seed X]
 *
 * Append mode (default): K events per transaction (BEGIN IMMEDIATE, K
 * executions of one prepared INSERT, COMMIT), WAL journal,
 * synchronous=FULL (durable: the WAL is synced at every commit) or NORMAL
 * (synced only at checkpoints, so the last commits can be lost on power
 * failure). p50/p99 are per transaction, BEGIN to COMMIT returning.
 *
 * Scan mode (--scan): load N events untimed, checkpoint the WAL into the
 * database and reopen it, then time one full scan in position order that
 * fetches every column of every row. No per-operation latency (p50/p99 are
 * null); the OS page cache is warm, as it would be for a store that just
 * wrote the data, but SQLite's own page cache starts empty.
 *
 * The schema is the obvious event table: a rowid position, a UNIQUE
 * idempotency key (so duplicate appends are rejected by the database) and
 * UNIQUE(stream, version) for optimistic concurrency. Both unique indexes are
 * maintained on every insert; that cost is part of what SQLite charges for
 * the guarantees our store also gives.
 *
 * Data is deterministic for a given --seed. Defaults model ContactLedger's
 * input: idempotency keys are random (webhook/message ids chosen by the
 * sender) and events land on uniformly random streams out of 10,000
 * contacts. Both spread index inserts over the whole b-tree, so batched
 * throughput falls as the table grows (every commit rewrites many index
 * pages); --keys sequential (UUIDv7/ULID-like) and fewer --streams show the
 * friendlier case. Compare runs only at the same --events.
 *
 * Payloads (~300 bytes of JSON-like text) come from a pre-generated pool so
 * that building them is not what gets timed. The other per-event fields
 * (id, key, stream, clock) cost about 0.15 us and stay inside the timed loop,
 * as in a real application. --cache-mib / --mmap-mib are there to check
 * that SQLite's defaults (2 MiB cache, no mmap) are not what limits it; on
 * this machine they made little difference.
 */
#include "bench_common.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[4096];
static char g_db[4096 + 32];
/* Side files SQLite may create next to the database; paths are built once
 * so the signal handler only needs unlink(). */
static char g_side[3][sizeof g_db + 16];
static sqlite3 *g_conn;

static void remove_files(void)
{
    if (!g_db[0])
        return;
    unlink(g_db);
    for (int i = 0; i < 3; i++)
        unlink(g_side[i]);
}

static void cleanup(void)
{
    if (g_conn)
        sqlite3_close_v2(g_conn);
    g_conn = NULL;
    remove_files();
    if (g_dir[0])
        rmdir(g_dir);
    g_db[0] = g_dir[0] = 0;
}

static void on_signal(int sig)
{
    remove_files();
    if (g_dir[0])
        rmdir(g_dir);
    _exit(128 + sig);
}

static void check(int rc, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        die("sqlite %s: %s (%d)", what, g_conn ? sqlite3_errmsg(g_conn) : "?", rc);
}

static void exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(g_conn, sql, NULL, NULL, &err) != SQLITE_OK)
        die("sqlite exec '%s': %s", sql, err ? err : "?");
}

/* Returns the first column of a one-row pragma as text (static buffer). */
static const char *pragma_text(const char *sql)
{
    static char out[64];
    sqlite3_stmt *st;
    check(sqlite3_prepare_v2(g_conn, sql, -1, &st, NULL), sql);
    out[0] = 0;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static long long g_cache_mib = -1; /* -1: keep SQLite's default (2 MiB) */
static long long g_mmap_mib = 0;   /* 0: SQLite's default, read() pages */

static void open_db(const char *sync)
{
    check(sqlite3_open_v2(g_db, &g_conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
          "open");
    exec("PRAGMA journal_mode=WAL");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA synchronous=%s", sync);
    exec(sql);
    if (g_cache_mib >= 0) {
        snprintf(sql, sizeof sql, "PRAGMA cache_size=-%lld", g_cache_mib * 1024);
        exec(sql);
    }
    if (g_mmap_mib > 0) {
        snprintf(sql, sizeof sql, "PRAGMA mmap_size=%lld", g_mmap_mib << 20);
        exec(sql);
    }
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static long long db_bytes(void)
{
    return file_size(g_db) + file_size(g_side[0]);
}

/* ---- deterministic event generation ---------------------------------- */

#define PAYLOAD_POOL 4096

static const char *EVENT_TYPES[] = {"LeadCreated",   "SmsSent",          "SmsReceived",
                                    "CallCompleted", "AnalysisRecorded", "StaffAssigned"};
static const char *WORDS[] = {"quote",   "roof",     "callback", "estimate", "tuesday",
                              "morning", "insurance", "leak",    "gutter",   "repair",
                              "storm",   "damage",   "schedule", "visit",    "price",
                              "thanks",  "confirm",  "address",  "photos",   "crew"};

typedef struct {
    char *data;
    int len;
} payload_t;

/* Builds one JSON-like payload of roughly `target` bytes (+-15%). */
static payload_t make_payload(uint64_t *rng, int target)
{
    int want = target - target * 15 / 100 + (int)(splitmix64(rng) % (uint64_t)(target * 30 / 100 + 1));
    char *p = malloc((size_t)want + 256);
    if (!p)
        die("out of memory");
    uint64_t r = splitmix64(rng);
    int n = sprintf(p,
                    "{\"contact\":{\"phone\":\"+1555%07llu\",\"name\":\"Customer %llu\","
                    "\"source\":\"%s\"},\"agent\":%llu,\"channel\":\"%s\",\"text\":\"",
                    (unsigned long long)(r % 10000000ULL), (unsigned long long)(r >> 40),
                    (r & 1) ? "web-form" : "referral", (unsigned long long)((r >> 20) % 50),
                    (r & 2) ? "sms" : "voice");
    while (n < want - 2) {
        const char *w = WORDS[splitmix64(rng) % (sizeof WORDS / sizeof *WORDS)];
        n += sprintf(p + n, "%s ", w);
    }
    n += sprintf(p + n, "\"}");
    return (payload_t){p, n};
}

static const char HEX[] = "0123456789abcdef";

int main(int argc, char **argv)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    long long events = 5000, per_txn = 1, streams = 10000, payload_bytes = 300;
    unsigned long long seed = 42;
    double duration_cap = 0;
    const char *sync = "full";
    int scan = 0, seq_keys = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (die("missing value for %s", a), (char *)0))
        if (!strcmp(a, "--dir"))
            base = NEXT();
        else if (!strcmp(a, "--events"))
            events = parse_ll(a, NEXT());
        else if (!strcmp(a, "--duration-seconds"))
            duration_cap = parse_d(a, NEXT());
        else if (!strcmp(a, "--per-txn"))
            per_txn = parse_ll(a, NEXT());
        else if (!strcmp(a, "--sync"))
            sync = NEXT();
        else if (!strcmp(a, "--scan"))
            scan = 1;
        else if (!strcmp(a, "--streams"))
            streams = parse_ll(a, NEXT());
        else if (!strcmp(a, "--payload-bytes"))
            payload_bytes = parse_ll(a, NEXT());
        else if (!strcmp(a, "--keys")) {
            const char *v = NEXT();
            if (strcmp(v, "random") && strcmp(v, "sequential"))
                die("--keys must be random or sequential");
            seq_keys = !strcmp(v, "sequential");
        } else if (!strcmp(a, "--mmap-mib"))
            g_mmap_mib = parse_ll(a, NEXT());
        else if (!strcmp(a, "--cache-mib"))
            g_cache_mib = parse_ll(a, NEXT());
        else if (!strcmp(a, "--seed"))
            seed = (unsigned long long)parse_ll(a, NEXT());
        else if (a[0] != '-')
            base = a;
        else
            die("usage: sqlite_store [--dir D | D] [--events N] [--duration-seconds S]\n"
                "       [--per-txn K] [--sync full|normal] [--scan] [--streams M]\n"
                "       [--keys random|sequential] [--payload-bytes B]\n"
                "       [--cache-mib C] [--mmap-mib M] [--seed X]");
#undef NEXT
    }
    if (strcmp(sync, "full") && strcmp(sync, "normal"))
        die("--sync must be full or normal");
    if (events < 1 || per_txn < 1 || streams < 1 || payload_bytes < 16)
        die("--events, --per-txn, --streams must be >= 1, --payload-bytes >= 16");
    if (scan && per_txn == 1)
        per_txn = 10000; /* the load before a scan is setup; keep it quick */

    atexit(cleanup);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    snprintf(g_dir, sizeof g_dir, "%s/cl-sqlite-store-XXXXXX", base);
    if (!mkdtemp(g_dir)) {
        g_dir[0] = 0;
        die("mkdtemp under %s: %s", base, strerror(errno));
    }
    snprintf(g_db, sizeof g_db, "%s/events.db", g_dir);
    snprintf(g_side[0], sizeof g_side[0], "%s-wal", g_db);
    snprintf(g_side[1], sizeof g_side[1], "%s-shm", g_db);
    snprintf(g_side[2], sizeof g_side[2], "%s-journal", g_db);

    open_db(sync);
    exec("CREATE TABLE events("
         " position INTEGER PRIMARY KEY,"
         " id BLOB NOT NULL,"
         " type TEXT NOT NULL,"
         " stream TEXT NOT NULL,"
         " version INTEGER NOT NULL,"
         " idempotency_key TEXT UNIQUE,"
         " occurred_at INTEGER NOT NULL,"
         " recorded_at INTEGER NOT NULL,"
         " payload BLOB NOT NULL,"
         " UNIQUE(stream, version))");
    char journal_mode[16], sync_level[16];
    snprintf(journal_mode, sizeof journal_mode, "%s", pragma_text("PRAGMA journal_mode"));
    snprintf(sync_level, sizeof sync_level, "%s", pragma_text("PRAGMA synchronous"));

    uint64_t rng = seed;
    payload_t *pool = malloc(sizeof(payload_t) * PAYLOAD_POOL);
    long long payload_total = 0;
    for (int i = 0; i < PAYLOAD_POOL; i++) {
        pool[i] = make_payload(&rng, (int)payload_bytes);
        payload_total += pool[i].len;
    }
    long long *stream_version = calloc((size_t)streams, sizeof(long long));
    const long long max_txns = (events + per_txn - 1) / per_txn;
    double *lat_us = malloc(sizeof(double) * (size_t)max_txns);
    if (!pool || !stream_version || !lat_us)
        die("out of memory");

    sqlite3_stmt *ins, *begin, *commit;
    check(sqlite3_prepare_v2(g_conn,
                             "INSERT INTO events(id, type, stream, version, idempotency_key,"
                             " occurred_at, recorded_at, payload) VALUES(?,?,?,?,?,?,?,?)",
                             -1, &ins, NULL),
          "prepare insert");
    check(sqlite3_prepare_v2(g_conn, "BEGIN IMMEDIATE", -1, &begin, NULL), "prepare begin");
    check(sqlite3_prepare_v2(g_conn, "COMMIT", -1, &commit, NULL), "prepare commit");

    fprintf(stderr, "sqlite_store: SQLite %s, %s, %lld events, %lld per txn, sync=%s, in %s\n",
            sqlite3_libversion(), scan ? "load+scan" : "append", events, per_txn, sync, g_dir);

    const long long occurred_base = 1700000000000000LL; /* µs since epoch */
    long long written = 0, txns = 0;
    const double t0 = now_sec();
    double t_end = t0;
    while (written < events) {
        long long k = events - written < per_txn ? events - written : per_txn;
        double s = now_sec();
        check(sqlite3_step(begin), "begin");
        sqlite3_reset(begin);
        for (long long j = 0; j < k; j++) {
            long long n = written + j;
            uint64_t id[2] = {splitmix64(&rng), splitmix64(&rng)};
            uint64_t kr[2] = {splitmix64(&rng), splitmix64(&rng)};
            char key[33];
            if (seq_keys) { /* time-ordered, like UUIDv7/ULID: always the index's end */
                kr[0] = seed;
                kr[1] = (uint64_t)n;
            }
            for (int b = 0; b < 32; b++)
                key[31 - b] = HEX[(kr[1 - (b >> 4)] >> ((b & 15) * 4)) & 15];
            key[32] = 0;
            uint64_t sr = splitmix64(&rng);
            long long sidx = (long long)(sr % (uint64_t)streams);
            char stream[32];
            int slen = snprintf(stream, sizeof stream, "contact-%07lld", sidx);
            const payload_t *pl = &pool[n % PAYLOAD_POOL];
            struct timespec rt;
            clock_gettime(CLOCK_REALTIME, &rt);
            long long recorded = (long long)rt.tv_sec * 1000000 + rt.tv_nsec / 1000;

            sqlite3_bind_blob(ins, 1, id, 16, SQLITE_STATIC);
            sqlite3_bind_text(ins, 2, EVENT_TYPES[(sr >> 32) % 6], -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, stream, slen, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 4, ++stream_version[sidx]);
            sqlite3_bind_text(ins, 5, key, 32, SQLITE_STATIC);
            sqlite3_bind_int64(ins, 6, occurred_base + n * 1000);
            sqlite3_bind_int64(ins, 7, recorded);
            sqlite3_bind_blob(ins, 8, pl->data, pl->len, SQLITE_STATIC);
            int rc = sqlite3_step(ins);
            if (rc != SQLITE_DONE)
                die("insert event %lld: %s", n, sqlite3_errmsg(g_conn));
            sqlite3_reset(ins);
        }
        check(sqlite3_step(commit), "commit");
        sqlite3_reset(commit);
        t_end = now_sec();
        lat_us[txns++] = (t_end - s) * 1e6;
        written += k;
        if (duration_cap > 0 && t_end - t0 >= duration_cap)
            break;
    }
    const double append_seconds = t_end - t0;
    const long long bytes_after_append = db_bytes();
    sqlite3_finalize(ins);
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);

    if (!scan) {
        qsort(lat_us, (size_t)txns, sizeof(double), cmp_double);
        char p50[32], p99[32];
        fmt_pct(p50, sizeof p50, lat_us, (size_t)txns, 50);
        fmt_pct(p99, sizeof p99, lat_us, (size_t)txns, 99);
        printf("{\"peer\":\"sqlite_store\",\"case\":\"wal_%s_%lld\",\"events\":%lld,"
               "\"seconds\":%.4f,\"events_per_sec\":%.1f,\"p50_us\":%s,\"p99_us\":%s,"
               "\"per_txn\":%lld,\"txns\":%lld,\"sync\":\"%s\",\"journal_mode\":\"%s\","
               "\"synchronous_level\":%s,\"sqlite_version\":\"%s\",\"streams\":%lld,"
               "\"keys\":\"%s\",\"cache_mib\":%lld,\"mmap_mib\":%lld,"
               "\"payload_avg_bytes\":%.1f,\"db_bytes\":%lld,\"capped\":%s}\n",
               sync, per_txn, written, append_seconds,
               append_seconds > 0 ? written / append_seconds : 0.0, p50, p99, per_txn, txns,
               sync, journal_mode, sync_level, sqlite3_libversion(), streams,
               seq_keys ? "sequential" : "random", g_cache_mib, g_mmap_mib,
               (double)payload_total / PAYLOAD_POOL, bytes_after_append,
               written < events ? "true" : "false");
        fflush(stdout);
        return 0;
    }

    /* Scan: fold the WAL into the main file and reopen, so the scan reads
     * the steady-state b-tree rather than frames found through the WAL
     * index, and starts with SQLite's page cache empty. */
    exec("PRAGMA wal_checkpoint(TRUNCATE)");
    sqlite3_close_v2(g_conn);
    g_conn = NULL;
    open_db(sync);

    sqlite3_stmt *sel;
    check(sqlite3_prepare_v2(g_conn,
                             "SELECT position, id, type, stream, version, idempotency_key,"
                             " occurred_at, recorded_at, payload FROM events ORDER BY position",
                             -1, &sel, NULL),
          "prepare scan");
    /* The checksum consumes every column, so the fetches cannot be skipped,
     * and it touches the first byte of each text/blob value as a decoder
     * would; payload bytes are not summed (SQLite has already copied them). */
    uint64_t sum = 0;
    long long rows = 0, scanned_bytes = 0;
    const double s0 = now_sec();
    int rc;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        sum += (uint64_t)sqlite3_column_int64(sel, 0);
        const unsigned char *id = sqlite3_column_blob(sel, 1);
        int idn = sqlite3_column_bytes(sel, 1);
        const unsigned char *type = sqlite3_column_text(sel, 2);
        const unsigned char *stream = sqlite3_column_text(sel, 3);
        int sn = sqlite3_column_bytes(sel, 3);
        sum += (uint64_t)sqlite3_column_int64(sel, 4);
        const unsigned char *key = sqlite3_column_text(sel, 5);
        sum += (uint64_t)sqlite3_column_int64(sel, 6);
        sum += (uint64_t)sqlite3_column_int64(sel, 7);
        const unsigned char *pl = sqlite3_column_blob(sel, 8);
        int pn = sqlite3_column_bytes(sel, 8);
        sum += (uint64_t)(id[0] + type[0] + stream[sn - 1] + key[0] + pl[pn - 1]);
        scanned_bytes += idn + sn + pn;
        rows++;
    }
    if (rc != SQLITE_DONE)
        die("scan: %s", sqlite3_errmsg(g_conn));
    const double scan_seconds = now_sec() - s0;
    sqlite3_finalize(sel);

    printf("{\"peer\":\"sqlite_store\",\"case\":\"scan\",\"events\":%lld,\"seconds\":%.4f,"
           "\"events_per_sec\":%.1f,\"p50_us\":null,\"p99_us\":null,"
           "\"mb_per_sec\":%.1f,\"load_seconds\":%.3f,\"load_per_txn\":%lld,\"sync\":\"%s\","
           "\"sqlite_version\":\"%s\",\"payload_avg_bytes\":%.1f,\"db_bytes\":%lld,"
           "\"checksum\":\"%016llx\",\"capped\":%s}\n",
           rows, scan_seconds, scan_seconds > 0 ? rows / scan_seconds : 0.0,
           scan_seconds > 0 ? scanned_bytes / scan_seconds / 1e6 : 0.0, append_seconds, per_txn,
           sync, sqlite3_libversion(), (double)payload_total / PAYLOAD_POOL, db_bytes(),
           (unsigned long long)sum, written < events ? "true" : "false");
    fflush(stdout);
    return 0;
}
