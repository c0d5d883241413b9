/*
 * Shared helpers for the C peer benchmarks (header-only, so each peer stays
 * a single translation unit that build.sh can compile on its own).
 *
 * Output contract: one JSON object per measurement on stdout, everything
 * else on stderr. Keys: peer, case, events, seconds, events_per_sec,
 * p50_us, p99_us (null when there is no per-operation latency), plus extras.
 */
#ifndef CL_BENCH_COMMON_H
#define CL_BENCH_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1); /* atexit handlers still remove the temp directory */
}

/* splitmix64: tiny, seedable, and good enough that keys/ids do not collide
 * in practice; we need determinism across runs, not cryptographic quality. */
static inline uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile over a sorted array (no interpolation, so the
 * reported p99 is a latency that actually occurred). */
static double percentile_sorted(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

/* Formats a latency percentile, or JSON null if there were no operations. */
static void fmt_pct(char *buf, size_t len, double *lat_us, size_t n, double p)
{
    if (n == 0) {
        snprintf(buf, len, "null");
        return;
    }
    snprintf(buf, len, "%.1f", percentile_sorted(lat_us, n, p));
}

static long long parse_ll(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0)
        die("bad value for %s: '%s'", opt, s);
    return v;
}

static double parse_d(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || v < 0)
        die("bad value for %s: '%s'", opt, s);
    return v;
}

#endif
