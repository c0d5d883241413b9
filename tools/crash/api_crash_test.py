#!/usr/bin/env python3
"""Crash test through the HTTP API (issue 6): durable ingests while `serve` is SIGKILLed.

Each round starts `contactledger serve` on the same data directory, lets several client
threads send RingCentral message notifications (each with a unique message id) as fast as
the server answers, and SIGKILLs the server after a random delay. Requests whose answer was
lost (connection reset, no response) are redelivered in a later round, as RingCentral does.
After every restart the whole log is read back through GET /v1/events and checked:

  * every notification that was answered 202 is in the log exactly once (one message.logged
    for its message id), at the position the 202 reported;
  * no message id is logged twice, whatever was redelivered;
  * positions are dense from 1.

The last load round ends with SIGTERM instead (a clean shutdown must lose no acknowledged
ingest either), so `--kills 0` is one such round. A client that gets an answer other than
202 or 5xx fails the run: its thread records the failure and the main thread reports it.

Usage: api_crash_test.py [--kills N] [--seed S] [--binary PATH] [--clients N] [--keep]
Exit status 0 when every round passes, 1 on the first violation (the seed replays the run).
"""
import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

STORE = "5b0f3c1e-8d4a-4c3e-9a1b-2f6d7e8a9b0c"
STORE_JSON = json.dumps({
    "storeId": STORE, "name": "Orangetheory Fitness Moss Beach", "franchiseId": "orangeTheory",
    "accountId": "193365026", "trackingIds": ["ot0423"], "leadSenders": ["leads@booking.example.com"],
    "phoneNumbers": ["+16505550142"], "timeZone": "America/Los_Angeles",
    "quietHours": {"start": "21:00", "end": "08:00"}, "ruleSets": ["federal"]})


def notification(message_id, phone_suffix):
    return json.dumps({
        "uuid": "3f2b9c1a-5d4e-4f60-9b7a-1c2d3e4f5a60", "subscriptionId": "a81c5e2f", "ownerId": "62841937004",
        "timestamp": "2026-03-02T17:01:03.412Z", "_client_id": "orangeTheory-193365026", "_account_id": "193365026",
        "body": {"id": message_id, "to": [{"phoneNumber": "+16505550142", "target": True}],
                 "from": {"phoneNumber": "+1415555%04d" % phone_suffix}, "type": "SMS",
                 "creationTime": "2026-03-02T17:01:00.000Z", "lastModifiedTime": "2026-03-02T17:01:00.000Z",
                 "direction": "Inbound", "subject": "crash test " + message_id, "messageStatus": "Received"}})


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def request(port, method, path, token, body=None, timeout=5.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Authorization": "Bearer " + token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start_server(binary, data, tokens, port, log):
    process = subprocess.Popen(
        [binary, "serve", "--data", data, "--port", str(port), "--tokens", tokens],
        stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("serve exited with %d during startup" % process.returncode)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/health")
            conn.getresponse().read()
            conn.close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("serve did not answer /health within 30 s")


def read_log(port, token):
    """Every event through GET /v1/events, in order."""
    events, position = [], 1
    while True:
        status, body = request(port, "GET", "/v1/events?from=%d&limit=1000" % position, token, timeout=30)
        if status != 200:
            raise RuntimeError("GET /v1/events answered %d: %s" % (status, body[:200]))
        page = json.loads(body)
        events += page["events"]
        if page["next"] is None:
            return events
        position = page["next"]


class Load:
    """Client threads sending notifications until stopped; records 202s and lost answers."""

    def __init__(self, port, token, pending, next_id, rng, clients):
        self.port, self.token, self.rng = port, token, rng
        self.pending = pending          # ids whose earlier answer was lost: redeliver first
        self.next_id = next_id
        self.acked = {}                 # id -> position
        self.lost = []
        self.failures = []              # what went wrong in a client thread, for the main thread
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(clients)]

    def take(self):
        with self.lock:
            if self.pending:
                return self.pending.pop()
            self.next_id[0] += 1
            return "crash-%d" % self.next_id[0]

    def client(self):
        # An exception (SystemExit included) ends only its own thread and Python ignores it
        # there, so a failure is recorded for the main thread, which fails the run.
        try:
            self.send_until_stopped()
        except BaseException as error:  # whatever it is, the run must fail
            with self.lock:
                self.failures.append("%s: %s" % (type(error).__name__, error))
            self.stop.set()

    def send_until_stopped(self):
        while not self.stop.is_set():
            message_id = self.take()
            try:
                status, body = request(self.port, "POST", "/v1/ingest/ringcentral/message", self.token,
                                       notification(message_id, int(message_id.split("-")[1]) % 10000), timeout=5)
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.lost.append(message_id)
                continue
            if status == 202:
                with self.lock:
                    self.acked[message_id] = json.loads(body)["position"]
            else:
                with self.lock:
                    self.lost.append(message_id)
                if status >= 500:
                    continue
                raise RuntimeError("unexpected %d for %s: %s" % (status, message_id, body[:200]))

    def run(self, seconds):
        for thread in self.threads:
            thread.start()
        self.stop.wait(seconds)  # returns early when a client failed


def check(events, acknowledged):
    positions = [event["position"] for event in events]
    if positions != list(range(1, len(positions) + 1)):
        return "positions are not dense from 1"
    logged = {}
    for event in events:
        if event["type"] == "message.logged":
            message_id = event["payload"]["messageId"] if "messageId" in event["payload"] else event["payload"]["id"]
            if message_id in logged:
                return "message %s logged twice (positions %d and %d)" % (message_id, logged[message_id], event["position"])
            logged[message_id] = event["position"]
    for message_id, position in acknowledged.items():
        if message_id not in logged:
            return "acknowledged message %s (position %d) is not in the log" % (message_id, position)
        if logged[message_id] != position:
            return "message %s acknowledged at %d but logged at %d" % (message_id, position, logged[message_id])
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("CRASH_SEED", time.time())))
    parser.add_argument("--binary", default=".build/debug/contactledger")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--keep", action="store_true", help="keep the data directory")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print("api crash test: %d kills, seed %d" % (args.kills, args.seed), flush=True)

    data = tempfile.mkdtemp(prefix="cl-api-crash-")
    token = "%032x" % rng.getrandbits(128)
    tokens = os.path.join(data, "tokens.json")
    with open(tokens, "w") as f:
        json.dump({"tokens": [{"token": token, "scope": "admin"}]}, f)
    log = open(os.path.join(data, "serve.log"), "ab")
    acknowledged, pending, next_id = {}, [], [0]
    lost_total = 0
    started = time.time()
    try:
        # Round r < kills ends with SIGKILL while requests are in flight, round r == kills with
        # SIGTERM; every restart checks the log first. `--kills 0` is one load round ended by
        # SIGTERM, then the check.
        for kill in range(args.kills + 2):
            port = free_port()
            server = start_server(args.binary, data, tokens, port, log)
            events = read_log(port, token)
            problem = check(events, acknowledged)
            if problem:
                print("FAIL after restart %d: %s (seed %d)" % (kill, problem, args.seed), flush=True)
                return 1
            if kill == args.kills + 1:
                server.send_signal(signal.SIGTERM)
                code = server.wait(timeout=30)
                print("ok: %d kills, %d acknowledged ingests, %d events, %d answers lost (redelivered), %.1f s; SIGTERM exit %d"
                      % (args.kills, len(acknowledged), len(events), lost_total, time.time() - started, code), flush=True)
                return 0 if code == 0 else 1
            if kill == 0:
                status, body = request(port, "POST", "/v1/stores", token, STORE_JSON)
                if status != 202:
                    print("FAIL: registering the store answered %d: %s" % (status, body[:200]), flush=True)
                    return 1
            load = Load(port, token, pending, next_id, rng, args.clients)
            load.run(rng.uniform(0.05, 0.5))
            # Stop issuing new requests, then stop the server while the last ones are in flight.
            load.stop.set()
            if kill < args.kills:
                server.send_signal(signal.SIGKILL)
                server.wait()
            else:
                server.send_signal(signal.SIGTERM)
                code = server.wait(timeout=30)
                if code != 0:
                    print("FAIL: serve exited %d on SIGTERM under load (seed %d)" % (code, args.seed), flush=True)
                    return 1
            for thread in load.threads:
                thread.join(timeout=10)
            stuck = sum(thread.is_alive() for thread in load.threads)
            reasons = load.failures + (["%d client thread(s) did not stop" % stuck] if stuck else [])
            if reasons:
                print("FAIL in round %d: %s (seed %d)" % (kill, "; ".join(reasons), args.seed), flush=True)
                return 1
            acknowledged.update(load.acked)
            pending = [m for m in load.pending + load.lost if m not in acknowledged]
            lost_total += len(load.lost)
    finally:
        log.close()
        if args.keep:
            print("data kept in", data)
        else:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
