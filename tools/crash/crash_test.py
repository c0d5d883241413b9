#!/usr/bin/env python3
"""Crash test for the event store (STORE.md, "proven against").

A child process (CrashChild) appends durably from several concurrent writers and prints one
line per acknowledged batch. This script SIGKILLs it at random moments — during open and
recovery, mid-append, mid-seal — then reopens the log (CrashChild verify, which runs
recovery) and checks that:
  * every acknowledged event is present exactly once, at the position it was acknowledged at;
  * positions are dense from 1 and each stream's versions are dense from 0;
  * no torn batch is visible: a batch's events are all present, contiguously, or none is.

Usage: crash_test.py [--kills N] [--seed S] [--binary PATH] [--keep]
Exit status 0 when every round passes, 1 on the first violation (printing the seed to replay).
"""
import argparse
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def find_binary(explicit):
    if explicit:
        return explicit
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for config in ("debug", "release"):
        candidate = os.path.join(root, ".build", config, "CrashChild")
        if os.path.exists(candidate):
            return candidate
    subprocess.run(["swift", "build", "--product", "CrashChild"], cwd=root, check=True)
    return os.path.join(root, ".build", "debug", "CrashChild")


def run_child_and_kill(binary, directory, seed, delay_s):
    """Starts a writer, kills it after delay_s, returns the acknowledged batches."""
    child = subprocess.Popen([binary, directory, str(seed), "4"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    acks = []
    buffer = b""
    deadline = time.monotonic() + delay_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        ready, _, _ = select.select([child.stdout], [], [], remaining)
        if not ready:
            break
        chunk = os.read(child.stdout.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate()
    buffer += rest
    for line in buffer.decode().splitlines():
        parts = line.split()
        if parts and parts[0] == "ack":
            acks.append((int(parts[1]), int(parts[2]), parts[3], int(parts[4])))
        elif parts and parts[0] == "error":
            raise AssertionError(f"child reported an append error: {line}")
    if child.returncode not in (-signal.SIGKILL, 0):
        raise AssertionError(f"child exited {child.returncode} before the kill: {err.decode().strip()}")
    return acks


def verify(binary, directory, acknowledged):
    result = subprocess.run([binary, directory, "verify"], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"reopen failed (exit {result.returncode}): {result.stderr.strip()}")
    positions = {}
    keys = {}
    versions = {}
    expected_position = 1
    repairs = []
    for line in result.stdout.splitlines():
        parts = line.split(" ", 4)
        if parts[0] == "repair":
            repairs.append(line)
        if parts[0] != "event":
            continue
        position, version, stream, key = int(parts[1]), int(parts[2]), parts[3], parts[4]
        if position != expected_position:
            raise AssertionError(f"positions not dense: expected {expected_position}, found {position}")
        expected_position += 1
        if key in keys:
            raise AssertionError(f"key {key} appears twice: positions {keys[key]} and {position}")
        keys[key] = position
        positions[position] = key
        expected_version = versions.get(stream, -1) + 1
        if version != expected_version:
            raise AssertionError(f"stream {stream}: version {version} at position {position}, expected {expected_version}")
        versions[stream] = version
    for first, last, prefix, count in acknowledged:
        for i in range(count):
            key = f"{prefix}-{i}"
            if keys.get(key) != first + i:
                raise AssertionError(f"acknowledged event {key} expected at {first + i}, found at {keys.get(key)}")
        if last != first + count - 1:
            raise AssertionError(f"ack line inconsistent: {first}..{last} for {count} events")
    # No torn batch: group keys by batch prefix; every batch present must be complete and contiguous.
    batches = {}
    for key, position in keys.items():
        prefix, index = key.rsplit("-", 1)
        batches.setdefault(prefix, []).append((int(index), position))
    for prefix, members in batches.items():
        members.sort()
        indices = [i for i, _ in members]
        if indices != list(range(len(members))):
            raise AssertionError(f"torn batch {prefix}: indices {indices}")
        if [p for _, p in members] != list(range(members[0][1], members[0][1] + len(members))):
            raise AssertionError(f"batch {prefix} not contiguous")
    return len(keys), repairs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CL_TEST_SEED", "0")) or random.randrange(1, 1 << 31))
    parser.add_argument("--binary")
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    binary = find_binary(args.binary)
    rng = random.Random(args.seed)
    directory = tempfile.mkdtemp(prefix="cl-crash-")
    print(f"crash test: {args.kills} kills, seed {args.seed}, dir {directory}", flush=True)
    acknowledged = []
    started = time.monotonic()
    truncations = 0
    try:
        for round_number in range(1, args.kills + 1):
            # Mostly mid-append kills; some very early ones that land inside open and recovery.
            delay = rng.choice([rng.uniform(0.0, 0.02), rng.uniform(0.02, 0.25), rng.uniform(0.02, 0.25)])
            acks = run_child_and_kill(binary, directory, args.seed * 100003 + round_number, delay)
            acknowledged.extend(acks)
            events, repairs = verify(binary, directory, acknowledged)
            truncations += sum(1 for r in repairs if "truncated" in r)
            if round_number % 25 == 0 or round_number == args.kills:
                print(f"  round {round_number}: {len(acknowledged)} acknowledged batches, {events} events in the log, "
                      f"{truncations} torn tails truncated so far", flush=True)
    except AssertionError as failure:
        print(f"FAILED in round {round_number} (replay with --seed {args.seed}): {failure}", file=sys.stderr)
        print(f"data kept in {directory}", file=sys.stderr)
        sys.exit(1)
    if not args.keep:
        shutil.rmtree(directory, ignore_errors=True)
    print(f"crash test passed: {args.kills} kills in {time.monotonic() - started:.1f}s, "
          f"{len(acknowledged)} acknowledged batches all present exactly once", flush=True)


if __name__ == "__main__":
    main()
