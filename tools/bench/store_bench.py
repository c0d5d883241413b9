#!/usr/bin/env python3
"""Event-store benchmarks against the physical limit and the peers, in one run.

Builds StoreBench (release), the C peers and the `eventsourcing` venv, then runs every store
row of PERFORMANCE.md. Each comparison alternates ContactLedger and its peer `--repeat` times
and reports medians and the ratio of medians, measured in this run on this machine.

  tools/bench/store_bench.py [--repeat 3] [--scale quick|default|full] [--out results.md]

--scale full builds the 10 M-event store for the open-time row (about 3.5 GB in a temp dir).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.path.join(ROOT, "tools", "bench", "peers")
SCALES = {
    #          1-writer, 64-writers, bulk,    scan,      open store, idempotency keys
    "quick":   (2000,    16000,      100000,  500000,    1000000,    1000000),
    "default": (5000,    64000,      300000,  2000000,   2000000,    10000000),
    "full":    (10000,   128000,     1000000, 10000000,  10000000,   10000000),
}


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        sys.exit(f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stderr}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = tempfile.mkdtemp(prefix="cl-bench-", dir=args.tmp)
        self.bin = os.path.join(self.work, "bin")
        self.venv = os.path.join(args.tmp or "/tmp", "cl-bench-venv")
        self.rows = []

    def setup(self):
        print("building StoreBench (release), C peers, eventsourcing venv ...", file=sys.stderr)
        subprocess.run(["swift", "build", "-c", "release", "--product", "StoreBench"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        self.store_bench = os.path.join(ROOT, ".build", "release", "StoreBench")
        subprocess.run([os.path.join(PEERS, "build.sh"), self.bin], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([os.path.join(PEERS, "setup_venv.sh"), self.venv], check=True, stdout=subprocess.DEVNULL)

    def fresh(self, name):
        path = os.path.join(self.work, name)
        shutil.rmtree(path, ignore_errors=True)
        os.makedirs(path)
        return path

    def ours(self, *args):
        return run([self.store_bench, *args])[-1]

    def peer(self, program, *args):
        return run([os.path.join(self.bin, program), *args])[-1]

    def eventsourcing(self, case, events, extra=()):
        out = run([os.path.join(self.venv, "bin", "python"), os.path.join(PEERS, "eventsourcing_peer.py"),
                   "--dir", self.fresh("es"), "--events", str(events), "--case", case, *extra])
        return out[-1]

    def alternate(self, runs):
        """runs: {label: callable}. Calls each in turn, --repeat times; returns medians of events/s and samples."""
        samples = {label: [] for label in runs}
        for _ in range(self.args.repeat):
            for label, call in runs.items():
                samples[label].append(call())
        return samples

    def row(self, what, ours_label, samples, metric="events_per_sec", target="", compare=()):
        median = {label: statistics.median(s[metric] for s in values) for label, values in samples.items()}
        ours = median[ours_label]
        ratios = []
        for label in compare:
            ratios.append(f"{ours / median[label]:.2f}× {label} ({median[label]:,.0f}/s)")
        self.rows.append((what, f"{ours:,.0f}/s", "; ".join(ratios), target))
        print(f"{what}: {ours:,.0f}/s  {'; '.join(ratios)}", file=sys.stderr)
        return median

    def durable_single(self, events):
        s = self.alternate({
            "ContactLedger": lambda: self.ours("append", self.fresh("a1"), "--events", str(events)),
            "raw fdatasync (prealloc)": lambda: self.peer("raw_append", self.fresh("r1"), "--events", str(events), "--prealloc"),
            "raw fdatasync": lambda: self.peer("raw_append", self.fresh("r2"), "--events", str(events)),
        })
        self.row("durable append, 1 writer, 1 event/append", "ContactLedger", s,
                 target="≥ 0.8 × raw loop", compare=("raw fdatasync (prealloc)", "raw fdatasync"))
        p = {label: (statistics.median(x["p50_us"] for x in v), statistics.median(x["p99_us"] for x in v)) for label, v in s.items()}
        self.rows.append(("  latency p50 / p99 (µs)", f"{p['ContactLedger'][0]:.0f} / {p['ContactLedger'][1]:.0f}",
                          f"raw prealloc {p['raw fdatasync (prealloc)'][0]:.0f} / {p['raw fdatasync (prealloc)'][1]:.0f}", ""))

    def concurrent(self, events):
        s = self.alternate({
            "ContactLedger": lambda: self.ours("append", self.fresh("a64"), "--events", str(events), "--writers", "64"),
            "SQLite WAL FULL 1/txn": lambda: self.peer("sqlite_store", self.fresh("s1"), "--events", "5000", "--per-txn", "1", "--sync", "full"),
            "eventsourcing/SQLite 1/save": lambda: self.eventsourcing("save_1", 3000),
        })
        self.row("durable append, 64 writers, 1 event each", "ContactLedger", s,
                 target="≥ 200,000/s, ≥ 30× SQLite, ≥ 50× eventsourcing",
                 compare=("SQLite WAL FULL 1/txn", "eventsourcing/SQLite 1/save"))

    def bulk(self, events):
        s = self.alternate({
            "ContactLedger 1 importer": lambda: self.ours("append", self.fresh("ab"), "--events", str(events), "--batch", "1000", "--payload-bytes", "300"),
            "ContactLedger 4 importers": lambda: self.ours("append", self.fresh("ab4"), "--events", str(events), "--batch", "1000", "--writers", "4", "--payload-bytes", "300"),
            "SQLite WAL FULL 1000/txn": lambda: self.peer("sqlite_store", self.fresh("s1000"), "--events", str(events), "--per-txn", "1000", "--sync", "full", "--payload-bytes", "300"),
            "raw fdatasync 1000/write": lambda: self.peer("raw_append", self.fresh("rb"), "--events", str(events), "--batch", "1000", "--record-bytes", "400", "--prealloc"),
            "eventsourcing/SQLite 100/save": lambda: self.eventsourcing("save_batch", 20000),
        })
        for label in ("ContactLedger 1 importer", "ContactLedger 4 importers"):
            self.row(f"bulk import, durable 1000-event batches ({label.split(' ', 1)[1]})", label, s,
                     target="≥ 1,000,000/s, ≥ 15× SQLite 1000/txn",
                     compare=("SQLite WAL FULL 1000/txn", "raw fdatasync 1000/write", "eventsourcing/SQLite 100/save"))

    def scan(self, events):
        store = self.fresh("scan")
        build = self.ours("build", os.path.join(store, "log"), "--events", str(events), "--close", "--payload-bytes", "300")
        self.rows.append(("build (relaxed, 1000/batch, for the scan)", f"{build['events_per_sec']:,.0f}/s", "", ""))
        s = self.alternate({
            "ContactLedger": lambda: self.ours("scan", os.path.join(store, "log")),
            "SQLite full scan": lambda: self.peer("sqlite_store", self.fresh("sscan"), "--events", str(events), "--scan", "--payload-bytes", "300"),
        })
        self.row("full scan with CRC verification", "ContactLedger", s, target="≥ 3,000,000/s, ≥ SQLite scan",
                 compare=("SQLite full scan",))
        zstore = self.fresh("zscan")
        self.ours("build", os.path.join(zstore, "log"), "--events", str(events), "--close", "--compress", "--payload-bytes", "300")
        z = self.alternate({"ContactLedger": lambda: self.ours("scan", os.path.join(zstore, "log"), "--label-compressed")})
        self.row("scan of zlib-1 compressed segments", "ContactLedger", z, target="≥ 1,000,000/s")
        plain = sum(os.path.getsize(os.path.join(store, "log", f)) for f in os.listdir(os.path.join(store, "log")) if f.endswith(".seg"))
        packed = sum(os.path.getsize(os.path.join(zstore, "log", f)) for f in os.listdir(os.path.join(zstore, "log")) if f.endswith((".seg", ".segz")))
        self.rows.append(("storage: compressed / plain segment bytes", f"{packed / plain:.3f}",
                          f"{packed / 1e6:,.0f} MB vs {plain / 1e6:,.0f} MB", "≤ 0.35 × raw JSON"))

    def idempotency(self, keys):
        s = self.alternate({"ContactLedger": lambda: self.ours("idempotency", "--keys", str(keys))})
        miss = statistics.median(x["miss_ns"] for x in s["ContactLedger"])
        hit = statistics.median(x["hit_ns"] for x in s["ContactLedger"])
        per_key = statistics.median(x["bytes_per_key"] for x in s["ContactLedger"])
        self.rows.append((f"idempotency lookup over {keys:,} keys (miss = new key)", f"{miss:.0f} ns",
                          f"hash hit {hit:.0f} ns", "< 1 µs per append"))
        self.rows.append(("idempotency index memory", f"{per_key:.1f} bytes/key", "", "≤ 32 bytes/key"))

    def open_time(self, events):
        store = self.fresh("open")
        log = os.path.join(store, "log")
        self.ours("build", log, "--events", str(events), "--payload-bytes", "300")  # exits without close: a crash
        after_crash = self.ours("open", log)
        clean = [self.ours("open", log) for _ in range(self.args.repeat)]
        self.rows.append((f"open after crash ({events:,} events; replays the unsealed tail)", f"{after_crash['open_ms']:.0f} ms", "", "∝ unsealed tail"))
        self.rows.append((f"open after clean shutdown ({events:,} events)", f"{statistics.median(x['open_ms'] for x in clean):.0f} ms", "", "< 1 s"))
        dup = self.ours("duplicates", log, "--events", "20000", "--payload-bytes", "300")
        self.rows.append(("durable append of a duplicate key (reads the original)", f"{dup['events_per_sec']:,.0f}/s",
                          f"p50 {dup['p50_us']:.0f} µs", ""))

    def report(self):
        lines = ["| what | ContactLedger | against (same run) | target |", "|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in self.rows]
        text = "\n".join(lines)
        print(text)
        if self.args.out:
            with open(self.args.out, "w") as f:
                f.write(text + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", choices=SCALES, default="default")
    parser.add_argument("--only", help="comma-separated: single,concurrent,bulk,scan,idempotency,open")
    parser.add_argument("--tmp", default=None, help="where data goes (default: system temp)")
    parser.add_argument("--out")
    args = parser.parse_args()
    bench = Bench(args)
    single, concurrent, bulk, scan, open_events, keys = SCALES[args.scale]
    chosen = set((args.only or "single,concurrent,bulk,scan,idempotency,open").split(","))
    try:
        bench.setup()
        if "single" in chosen: bench.durable_single(single)
        if "concurrent" in chosen: bench.concurrent(concurrent)
        if "bulk" in chosen: bench.bulk(bulk)
        if "scan" in chosen: bench.scan(scan)
        if "idempotency" in chosen: bench.idempotency(keys)
        if "open" in chosen: bench.open_time(open_events)
        bench.report()
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)


if __name__ == "__main__":
    main()
