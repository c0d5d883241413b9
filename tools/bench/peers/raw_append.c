/*
 * raw_append: the physical limit for a durable append log on this machine.
 *
 * Loop: one pwrite of K records (K = --batch, default 1) at the end of the
 * data written so far, then one fdatasync. No framing, no checksums, no
 * index: whatever ContactLedger's store achieves is compared against this.
 *
 *   raw_append [--dir D | D] [--events N] [--duration-seconds S]
 *              [--record-bytes B] [--batch K]
 *              [--prealloc | --prezero] [--no-sync]
 *
 * --prealloc  posix_fallocate the whole file first, so fdatasync never has
 *             to persist a new file size. On ext4 the blocks are still
 *             "unwritten" extents, so the first write into each one still
 *             journals an extent conversion; that is what a store that only
 *             fallocates its segments gets.
 * --prezero   write zeros over the whole file and fsync it before timing, so
 *             the timed loop overwrites fully allocated, initialised blocks:
 *             the floor a store that recycles/zero-fills segments can reach.
 * --no-sync   skip fdatasync (the page-cache write rate, not durable).
 *
 * Cases are named <sync>_<K>[_prealloc|_prezero], e.g. fdatasync_1,
 * fdatasync_1000_prealloc, nosync_1. events = records written, so with
 * --batch 1000 events_per_sec is directly comparable to a store importing
 * 1000-event batches; p50/p99 are per write+fdatasync (i.e. per batch).
 */
#include "bench_common.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[4096];
static char g_path[4096 + 32];
static int g_fd = -1;

/* Runs on normal exit and on die(): the benchmark must never leave
 * hundreds of MB behind in somebody's temp dir. */
static void cleanup(void)
{
    if (g_fd >= 0)
        close(g_fd);
    g_fd = -1;
    if (g_path[0])
        unlink(g_path);
    if (g_dir[0])
        rmdir(g_dir);
    g_path[0] = g_dir[0] = 0;
}

/* Only async-signal-safe calls here, for a Ctrl-C in the middle of a run. */
static void on_signal(int sig)
{
    if (g_path[0])
        unlink(g_path);
    if (g_dir[0])
        rmdir(g_dir);
    _exit(128 + sig);
}

static void usage(void)
{
    fprintf(stderr,
            "usage: raw_append [--dir D | D] [--events N] [--duration-seconds S]\n"
            "                  [--record-bytes B] [--batch K] [--prealloc | --prezero]\n"
            "                  [--no-sync]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    const char *base = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    long long events = 20000, record_bytes = 200, batch = 1;
    double duration_cap = 0; /* 0 = no cap */
    int prealloc = 0, prezero = 0, sync = 1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define NEXT() (i + 1 < argc ? argv[++i] : (usage(), (char *)0))
        if (!strcmp(a, "--dir"))
            base = NEXT();
        else if (!strcmp(a, "--events"))
            events = parse_ll(a, NEXT());
        else if (!strcmp(a, "--duration-seconds"))
            duration_cap = parse_d(a, NEXT());
        else if (!strcmp(a, "--record-bytes"))
            record_bytes = parse_ll(a, NEXT());
        else if (!strcmp(a, "--batch"))
            batch = parse_ll(a, NEXT());
        else if (!strcmp(a, "--prealloc"))
            prealloc = 1;
        else if (!strcmp(a, "--prezero"))
            prezero = 1;
        else if (!strcmp(a, "--no-sync"))
            sync = 0;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help"))
            usage();
        else if (a[0] != '-')
            base = a;
        else
            usage();
#undef NEXT
    }
    if (events < 1 || record_bytes < 1 || batch < 1)
        die("--events, --record-bytes and --batch must be >= 1");
    if (prealloc && prezero)
        die("--prealloc and --prezero are exclusive");

    atexit(cleanup);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    snprintf(g_dir, sizeof g_dir, "%s/cl-raw-append-XXXXXX", base);
    if (!mkdtemp(g_dir)) {
        g_dir[0] = 0;
        die("mkdtemp under %s: %s", base, strerror(errno));
    }
    snprintf(g_path, sizeof g_path, "%s/log", g_dir);
    g_fd = open(g_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (g_fd < 0)
        die("open %s: %s", g_path, strerror(errno));

    const off_t total = (off_t)events * record_bytes;
    if (prealloc) {
        int rc = posix_fallocate(g_fd, 0, total);
        if (rc)
            die("posix_fallocate: %s", strerror(rc));
    }
    if (prezero) {
        static char zeros[1 << 20];
        for (off_t off = 0; off < total;) {
            size_t n = (size_t)(total - off < (off_t)sizeof zeros ? total - off
                                                                  : (off_t)sizeof zeros);
            ssize_t w = pwrite(g_fd, zeros, n, off);
            if (w <= 0)
                die("prezero pwrite: %s", strerror(errno));
            off += w;
        }
    }
    /* Persist the empty file / preallocation / zeros and its directory entry
     * up front, so the first timed fdatasync does not pay for them. */
    if (fsync(g_fd) != 0)
        die("fsync: %s", strerror(errno));
    int dfd = open(g_dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }

    /* One buffer of K records; each record gets a JSON-ish body ending in a
     * newline. The bytes do not matter to the filesystem, but a recognisable
     * layout makes a leftover file (after a crash) easy to inspect. */
    const size_t buf_len = (size_t)(batch * record_bytes);
    char *buf = malloc(buf_len);
    if (!buf)
        die("out of memory for a %zu-byte batch buffer", buf_len);
    for (long long r = 0; r < batch; r++) {
        char *rec = buf + r * record_bytes;
        memset(rec, 'x', (size_t)record_bytes);
        snprintf(rec, (size_t)record_bytes, "{\"seq\":%012lld,\"pad\":\"", r);
        rec[strlen(rec)] = 'x'; /* snprintf's NUL would break the text */
        rec[record_bytes - 1] = '\n';
    }

    const long long max_ops = (events + batch - 1) / batch;
    double *lat_us = malloc(sizeof(double) * (size_t)max_ops);
    if (!lat_us)
        die("out of memory for %lld latency samples", max_ops);

    fprintf(stderr, "raw_append: %lld records x %lld B, batch %lld, %s%s in %s\n", events,
            record_bytes, batch, sync ? "fdatasync" : "no sync",
            prealloc ? ", preallocated" : prezero ? ", pre-zeroed" : "", g_dir);

    long long written = 0, ops = 0;
    off_t off = 0;
    const double t0 = now_sec();
    double t_end = t0;
    while (written < events) {
        long long k = events - written < batch ? events - written : batch;
        size_t len = (size_t)(k * record_bytes);
        /* Stamp the batch's first record with its sequence number (fixed
         * 12 digits after {"seq":), cheaply, so the loop measures the
         * syscalls and not record formatting. */
        if (record_bytes >= 20)
            for (long long v = written, d = 18; d >= 7; d--, v /= 10)
                buf[d] = (char)('0' + v % 10);

        double s = now_sec();
        ssize_t w = pwrite(g_fd, buf, len, off);
        if (w != (ssize_t)len)
            die("pwrite: %s", w < 0 ? strerror(errno) : "short write");
        if (sync && fdatasync(g_fd) != 0)
            die("fdatasync: %s", strerror(errno));
        t_end = now_sec();

        lat_us[ops++] = (t_end - s) * 1e6;
        off += (off_t)len;
        written += k;
        if (duration_cap > 0 && t_end - t0 >= duration_cap)
            break;
    }
    const double seconds = t_end - t0;

    qsort(lat_us, (size_t)ops, sizeof(double), cmp_double);
    char p50[32], p99[32];
    fmt_pct(p50, sizeof p50, lat_us, (size_t)ops, 50);
    fmt_pct(p99, sizeof p99, lat_us, (size_t)ops, 99);

    char case_name[96];
    snprintf(case_name, sizeof case_name, "%s_%lld%s", sync ? "fdatasync" : "nosync", batch,
             prealloc ? "_prealloc" : prezero ? "_prezero" : "");
    printf("{\"peer\":\"raw_append\",\"case\":\"%s\",\"events\":%lld,\"seconds\":%.4f,"
           "\"events_per_sec\":%.1f,\"p50_us\":%s,\"p99_us\":%s,"
           "\"ops\":%lld,\"ops_per_sec\":%.1f,\"record_bytes\":%lld,\"batch\":%lld,"
           "\"mb_per_sec\":%.2f,\"capped\":%s}\n",
           case_name, written, seconds, seconds > 0 ? written / seconds : 0.0, p50, p99, ops,
           seconds > 0 ? ops / seconds : 0.0, record_bytes, batch,
           seconds > 0 ? (double)written * record_bytes / seconds / 1e6 : 0.0,
           written < events ? "true" : "false");
    fflush(stdout);

    free(lat_us);
    free(buf);
    return 0;
}
