#!/usr/bin/env python3
"""Event delivery benchmark (issue 6): PutEvents entries/s end to end, and rule-matched deliveries
per second into the durable outbox and out to a local HTTP sink.

What runs (everything on 127.0.0.1, in a temporary directory):
  * an HTTP sink, in a process of its own: a ThreadingHTTPServer that answers 200 at once, counts
    SNS Notifications (distinct events by the `seq` in their detail, duplicates apart) and records
    the first and last arrival; it confirms a SubscriptionConfirmation by visiting its SubscribeURL
    (not needed here: the subscription is declared `confirmed: true`);
  * `tripline serve --config CFG --data-dir DIR --listen 127.0.0.1:PORT --log-level warn`, the
    config declaring an account with an access key, an SNS topic with an `http` subscription to
    the sink (confirmed), and a rule on the default bus, `{"source": ["bench.app"]}`, targeting the
    topic (plus `--rules N` rules that match nothing, targeting the same topic);
  * client processes x threads sending PutEvents of `--batch` entries (Source bench.app) until
    `--entries` entries have been sent; with boto3 (`--client boto3`, one client per thread), or
    with a lean client (`--client raw`: botocore's SigV4 signer and http.client over keep-alive,
    about half of boto3's CPU per call) to find the server's ceiling.

Each accepted entry matches one rule: one `events.target` outbox row in PutEvents' transaction;
the delivery worker publishes it to the topic (one `sns.http` row for the subscription), then
POSTs that to the sink. Two outbox hops per event.

Phases (`--phase`):
  e2e     delivery runs while the clients send: PutEvents entries/s (accepted entries over the send
          phase's wall time), deliveries/s end to end (first PutEvents to last sink arrival), the
          delivery lag after the last PutEvents returns, each event's latency from its PutEvents
          reply to the sink, the outbox backlog's peak and a timeline of it.
  outbox  the sink holds every request until the send phase ends, so the delivery threads block
          on their first POST and PutEvents fill the outbox with nothing draining it (entries/s
          into the outbox; `delivery.threads: 0` is refused by `serve`); then the sink opens and
          the outbox drains with no ingest alongside: deliveries/s out to the sink, and the rate
          of each hop (claims go by next_attempt_at, so every queued events.target row is
          published before most sns.http rows are POSTed). Keep this send phase under SNS's 15-s
          HTTP timeout (the report warns otherwise).
  both    e2e, then outbox (default).

CPU: the server's and the sink's from /proc/PID/stat, the clients' from os.times() in each client
process, all over the measured phase. Exit status 1 when deliveries are missing after `--timeout`
seconds without progress, a PutEvents entry or call failed, or an outbox row is dead.
Figures and analysis: docs/benchmarks.md, "Event delivery: PutEvents to an HTTP sink".

Usage: python3 bench/delivery_bench.py [--tripline build/release/tripline] [--entries 20000]
       [--threads 8] [--processes 1] [--client boto3|raw] [--phase both|e2e|outbox] [--raw-delivery]
       [--rules 0] [--delivery-threads 4] [--timeout 120] [--keep DIR]
"""
import argparse
import json
import math
import multiprocessing as mp
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ACCOUNT = "123456789012"
REGION = "us-east-1"
KEY_ID = "AKIATRIPLINEBENCH001"
SECRET = "benchsecretbenchsecretbenchsecret0000000"
TOPIC = "bench-deliveries"
SOURCE = "bench.app"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------------- sink

SEQ_PHASE = 1_000_000_000  # phases number their events from 0 and from SEQ_PHASE
SEQ_RE = re.compile(rb'seq\\?"\s*:\s*(\d+)')


def sink_main(port_out, stats, arrivals, lock, stop_event, gate):
    """The HTTP sink (its own process, so the clients' GIL does not slow it down).
    stats: [notifications, distinct, duplicates, other_posts, first_arrival, last_arrival];
    arrivals[seq % SEQ_PHASE]: the first arrival time of each event.
    While `gate` is clear, requests are held (read, then left waiting for the reply): the
    deliverer's threads block on them, as on a stalled webhook."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = set()
    seen_lock = threading.Lock()

    def confirm(url):
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                r.read()
        except OSError as e:
            print(f"sink: confirming the subscription failed: {e}", file=sys.stderr)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not gate.is_set():
                gate.wait()
            now = time.monotonic()
            kind = self.headers.get("x-amz-sns-message-type", "Notification")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            if kind == "SubscriptionConfirmation":
                url = json.loads(body)["SubscribeURL"]
                threading.Thread(target=confirm, args=(url,), daemon=True).start()
            m = SEQ_RE.search(body) if kind == "Notification" else None
            if m is None:
                with lock:
                    stats[3] += 1
                return
            seq = int(m.group(1))
            with seen_lock:
                fresh = seq not in seen
                seen.add(seq)
            if fresh and seq % SEQ_PHASE < len(arrivals):
                arrivals[seq % SEQ_PHASE] = now
            with lock:
                stats[0] += 1
                if fresh:
                    stats[1] += 1
                else:
                    stats[2] += 1
                if stats[4] == 0:
                    stats[4] = now
                stats[5] = now

        def log_message(self, *args):
            pass

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_out.value = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop_event.wait()
    server.shutdown()


class Sink:
    def __init__(self, ctx, capacity):
        self.lock = ctx.Lock()
        self.stats = ctx.Array("d", 6, lock=False)
        self.arrivals = ctx.Array("d", capacity, lock=False)
        self.port = ctx.Value("i", 0, lock=False)
        self.stop_event = ctx.Event()
        self.gate = ctx.Event()
        self.gate.set()
        self.proc = ctx.Process(target=sink_main,
                                args=(self.port, self.stats, self.arrivals, self.lock,
                                      self.stop_event, self.gate),
                                daemon=True)
        self.proc.start()
        deadline = time.time() + 10
        while self.port.value == 0:
            if time.time() > deadline or not self.proc.is_alive():
                raise RuntimeError("the HTTP sink did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{self.port.value}/sink"

    def snapshot(self):
        with self.lock:
            s = list(self.stats)
        return {"notifications": int(s[0]), "distinct": int(s[1]), "duplicates": int(s[2]),
                "other": int(s[3]), "first": s[4] or None, "last": s[5] or None}

    def reset(self):
        with self.lock:
            for i in range(6):
                self.stats[i] = 0
            for i in range(len(self.arrivals)):
                self.arrivals[i] = 0

    def close(self):
        self.stop_event.set()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.terminate()


# ---------------------------------------------------------------------------------------- server

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_config(path, sink_url, raw_delivery, extra_rules, delivery_threads):
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:{TOPIC}"
    lines = [
        "server:",
        f"  region: {REGION}",
        "delivery:",
        f"  threads: {delivery_threads}",
        "  retry_delay_scale: 0.01   # only failures wait: a webhook timeout costs 0.2 s, not 20",
        "accounts:",
        f'  - id: "{ACCOUNT}"',
        "    users:",
        "      - name: bench",
        "        access_keys:",
        f"          - id: {KEY_ID}",
        f"            secret: {SECRET}",
        "topics:",
        f"  - name: {TOPIC}",
        "    subscriptions:",
        "      - protocol: http",
        f"        endpoint: {sink_url}",
        "        confirmed: true",
    ]
    if raw_delivery:
        lines += ["        attributes:", '          RawMessageDelivery: "true"']
    lines += [
        "rules:",
        "  - name: bench-to-http",
        f"    event_pattern: {{source: [{SOURCE}]}}",
        "    targets:",
        f"      - {{Id: sink, Arn: \"{topic_arn}\"}}",
    ]
    for i in range(extra_rules):
        # Index keys that the benchmark's events never carry: these rules cost matching, not outbox rows.
        lines += [
            f"  - name: other-{i}",
            f"    event_pattern: {{source: [other.app.{i}], detail-type: [Other {i}],"
            f" detail: {{user: [u{i}]}}}}",
            "    targets:",
            f"      - {{Id: t{i}, Arn: \"{topic_arn}\"}}",
        ]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


class Tripline:
    def __init__(self, binary, config, data_dir, log_path):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "a")
        self.launched = time.monotonic()
        self.proc = subprocess.Popen(
            [binary, "serve", "--config", config, "--data-dir", data_dir,
             "--listen", f"127.0.0.1:{self.port}", "--log-level", "warn"],
            stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tripline exited with {self.proc.returncode} (see {self.log.name})")
            try:
                with urllib.request.urlopen(self.endpoint + "/_tripline/health", timeout=1) as r:
                    if r.status == 200:
                        return time.monotonic()
            except OSError:
                time.sleep(0.02)
        raise TimeoutError("tripline did not become ready")

    def cpu(self):
        return proc_cpu(self.proc.pid)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def proc_cpu(pid):
    """user + system CPU seconds of a process (all its threads)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except OSError:
        return float("nan")


def outbox_counts(data_dir):
    """{(kind, status): rows} from state.db, read-only."""
    uri = f"file:{os.path.join(data_dir, 'state.db')}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=10)
    try:
        rows = db.execute("SELECT kind, status, count(*) FROM outbox GROUP BY kind, status").fetchall()
    finally:
        db.close()
    return {(k, s): n for k, s, n in rows}


class BacklogSampler:
    """Polls the outbox's undelivered rows (pending + in_flight) per kind, the sink's count and the
    server's CPU: keeps the peaks and a time series
    [(monotonic time, {kind: rows}, sink distinct, server CPU s)]."""

    def __init__(self, data_dir, interval, sink, server_pid):
        self.data_dir = data_dir
        self.server_pid = server_pid
        self.interval = interval
        self.sink = sink
        self.peak = {}
        self.series = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        if interval > 0:
            self._thread.start()

    def _run(self):
        while not self._stop.wait(self.interval):
            try:
                counts = outbox_counts(self.data_dir)
            except sqlite3.Error:
                continue
            per_kind = {"events.target": 0, "sns.http": 0}
            for (kind, status), n in counts.items():
                if status in ("pending", "in_flight"):
                    per_kind[kind] = per_kind.get(kind, 0) + n
            for kind, n in per_kind.items():
                self.peak[kind] = max(self.peak.get(kind, 0), n)
            self.series.append((time.monotonic(), per_kind, self.sink.snapshot()["distinct"],
                                proc_cpu(self.server_pid)))

    def first_time(self, predicate, after):
        """The first sample's time >= after whose {kind: rows} satisfies predicate, or None."""
        for t, per_kind, _, _ in self.series:
            if t >= after and predicate(per_kind):
                return t
        return None

    def stop(self):
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def timeline(series, t0, lines=12):
    """A few samples of the series, relative to t0."""
    if not series:
        return []
    step = max(1, math.ceil(len(series) / lines))
    picked = series[::step]
    if picked[-1] is not series[-1]:
        picked.append(series[-1])
    return [f"{t - t0:7.1f} s  events.target {k.get('events.target', 0):>7,}  "
            f"sns.http {k.get('sns.http', 0):>7,}  at the sink {n:>7,}  server CPU {c:6.1f} s"
            for t, k, n, c in picked]


# ---------------------------------------------------------------------------------------- clients

def make_entries(seqs):
    return [{"Source": SOURCE, "DetailType": "Bench Event",
             "Detail": json.dumps({"seq": s, "user": "alice", "action": "login",
                                   "ip": "203.0.113.7", "ok": True}, separators=(",", ":"))}
            for s in seqs]


def boto3_sender(endpoint):
    import boto3
    from botocore.config import Config
    client = boto3.client("events", endpoint_url=endpoint, region_name=REGION,
                          aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
                          config=Config(retries={"total_max_attempts": 1}, max_pool_connections=2,
                                        connect_timeout=10, read_timeout=60))

    def send(entries):
        reply = client.put_events(Entries=entries)
        return len(entries) - reply["FailedEntryCount"], reply["FailedEntryCount"]
    return send


def raw_sender(endpoint):
    """botocore's SigV4 signer + http.client on one keep-alive connection: the same request boto3
    sends, without boto3's per-call machinery."""
    import http.client
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    creds = Credentials(KEY_ID, SECRET)
    signer = SigV4Auth(creds, "events", REGION)
    host, port = endpoint.rsplit("//", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)

    def send(entries):
        body = json.dumps({"Entries": entries}, separators=(",", ":"))
        req = AWSRequest(method="POST", url=endpoint + "/", data=body,
                         headers={"Content-Type": "application/x-amz-json-1.1",
                                  "X-Amz-Target": "AWSEvents.PutEvents"})
        signer.add_auth(req)
        conn.request("POST", "/", body=body.encode(), headers=dict(req.headers.items()))
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}: {data[:300]!r}")
        failed = json.loads(data)["FailedEntryCount"]
        return len(entries) - failed, failed
    return send


def client_main(index, endpoint, kind, threads, batches, batch, seq_base, ready_q, start_event,
                result_q):
    """One client process: `threads` threads; global batch numbers `batches` (a list) split among
    them round-robin. Reports counts, per-call latencies, end time and its own CPU."""
    make = boto3_sender if kind == "boto3" else raw_sender
    senders = [make(endpoint) for _ in range(threads)]
    per_thread = [batches[i::threads] for i in range(threads)]
    results = [None] * threads

    def run(t):
        send = senders[t]
        accepted = failed = errors = 0
        lat = []
        replies = []  # (batch number, reply time)
        first_error = None
        start_event.wait()
        for b in per_thread[t]:
            entries = make_entries(range(seq_base + b * batch, seq_base + (b + 1) * batch))
            t1 = time.monotonic()
            try:
                a, f = send(entries)
                accepted += a
                failed += f
            except Exception as e:  # noqa: BLE001 - counted and reported
                errors += 1
                first_error = first_error or repr(e)
            t2 = time.monotonic()
            lat.append(t2 - t1)
            replies.append((b, t2))
        results[t] = (accepted, failed, errors, first_error, lat, time.monotonic(), replies)

    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    ready_q.put(index)
    start_event.wait()
    cpu0 = os.times()
    for w in workers:
        w.join()
    cpu1 = os.times()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    result_q.put({
        "accepted": sum(r[0] for r in results), "failed": sum(r[1] for r in results),
        "errors": sum(r[2] for r in results),
        "first_error": next((r[3] for r in results if r[3]), None),
        "latencies": [x for r in results for x in r[4]],
        "replies": [x for r in results for x in r[6]],
        "end": max(r[5] for r in results), "cpu": cpu,
    })


def send_phase(ctx, args, endpoint, seq_base):
    """Runs the clients; returns t0 (monotonic) and the aggregated result (clients' CPU included).
    seq_base: the first event's `seq` (phases use distinct ranges: the sink remembers seqs)."""
    total_batches = math.ceil(args.entries / args.batch)
    ready_q, result_q = ctx.Queue(), ctx.Queue()
    start_event = ctx.Event()
    procs = []
    for p in range(args.processes):
        batches = list(range(p, total_batches, args.processes))
        procs.append(ctx.Process(target=client_main, daemon=True,
                                 args=(p, endpoint, args.client, args.threads, batches, args.batch,
                                       seq_base, ready_q, start_event, result_q)))
    for proc in procs:
        proc.start()
    for _ in procs:
        ready_q.get(timeout=120)
    time.sleep(0.2)  # let every thread reach its wait
    t0 = time.monotonic()
    start_event.set()
    results = [result_q.get(timeout=args.timeout + 600) for _ in procs]
    for proc in procs:
        proc.join(10)
    lat = sorted(x for r in results for x in r["latencies"])
    return t0, {
        "accepted": sum(r["accepted"] for r in results),
        "failed": sum(r["failed"] for r in results),
        "errors": sum(r["errors"] for r in results),
        "first_error": next((r["first_error"] for r in results if r["first_error"]), None),
        "calls": len(lat),
        "end": max(r["end"] for r in results),
        "client_cpu": sum(r["cpu"] for r in results),
        "p50": lat[len(lat) // 2] if lat else float("nan"),
        "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan"),
        "replies": [x for r in results for x in r["replies"]],
    }


def delivery_latencies(sink, sent, batch):
    """Per event: its first arrival at the sink minus its PutEvents reply, sorted (seconds)."""
    arrivals = list(sink.arrivals)
    out = []
    for b, replied in sent["replies"]:
        for i in range(b * batch, min((b + 1) * batch, len(arrivals))):
            if arrivals[i]:
                out.append(arrivals[i] - replied)
    return sorted(out)


def pct(values, q):
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


def wait_for_sink(sink, expected, timeout):
    """Waits until `expected` distinct events arrived or nothing arrived for `timeout` seconds."""
    last_count, last_change = -1, time.monotonic()
    while True:
        snap = sink.snapshot()
        if snap["distinct"] >= expected:
            return snap
        if snap["distinct"] != last_count:
            last_count, last_change = snap["distinct"], time.monotonic()
        elif time.monotonic() - last_change > timeout:
            return snap
        time.sleep(0.02)


# ---------------------------------------------------------------------------------------- phases

def start_server(args, sink, work, phase):
    """A fresh data dir and config for `phase`, an emptied sink, and the server (not yet ready)."""
    data_dir = os.path.join(work, phase)
    config = os.path.join(work, phase + ".yaml")
    write_config(config, sink.url, args.raw_delivery, args.rules, args.delivery_threads)
    sink.reset()
    return data_dir, Tripline(args.tripline, config, data_dir, os.path.join(work, phase + ".log"))


def phase_e2e(ctx, args, sink, work):
    data_dir, server = start_server(args, sink, work, "e2e")
    try:
        server.wait_ready()
        sampler = BacklogSampler(data_dir, args.sample, sink, server.proc.pid)
        load0 = os.getloadavg()
        cpu_srv0, cpu_sink0 = server.cpu(), proc_cpu(sink.proc.pid)
        t0, sent = send_phase(ctx, args, server.endpoint, 0)
        at_send_end = sink.snapshot()
        cpu_srv_send = server.cpu()
        snap = wait_for_sink(sink, sent["accepted"], args.timeout)
        cpu_srv1, cpu_sink1 = server.cpu(), proc_cpu(sink.proc.pid)
        sampler.stop()
        load1 = os.getloadavg()
    finally:
        server.stop()
    counts = outbox_counts(data_dir)
    lags = delivery_latencies(sink, sent, args.batch)
    send_s = sent["end"] - t0
    last = snap["last"] or float("nan")
    first = snap["first"] or float("nan")
    res = {
        "phase": "e2e", "sent": sent, "sink": snap,
        "entries_per_s": sent["accepted"] / send_s,
        "send_s": send_s,
        "e2e_s": last - t0,
        "e2e_per_s": snap["distinct"] / (last - t0),
        "sink_per_s": snap["distinct"] / (last - first) if last > first else float("nan"),
        "delivered_by_send_end": at_send_end["distinct"],
        "lag_after_send_s": last - sent["end"],
        "first_delivery_s": first - t0,
        "latency": [pct(lags, q) for q in (0.5, 0.9, 0.99)] + [lags[-1] if lags else float("nan")],
        "server_cpu_send": cpu_srv_send - cpu_srv0,
        "server_cpu": cpu_srv1 - cpu_srv0,
        "sink_cpu": cpu_sink1 - cpu_sink0,
        "load": (load0, load1), "outbox": counts, "backlog_peak": sampler.peak,
        "timeline": timeline(sampler.series, t0),
        "hop1_done_s": (lambda t: t - t0 if t else float("nan"))(
            sampler.first_time(lambda k: k["events.target"] == 0, sent["end"])),
    }
    return res


def phase_outbox(ctx, args, sink, work):
    """The sink holds every request until the send phase ends: the delivery threads block on their
    first HTTP POST (SNS's 15-s timeout is not reached when the send phase is shorter), so the
    PutEvents fill the outbox with nothing draining it. Then the sink opens and the outbox drains
    with no ingest competing for the CPU."""
    data_dir, server = start_server(args, sink, work, "outbox")
    try:
        server.wait_ready()
        sink.gate.clear()
        load0 = os.getloadavg()
        cpu0 = server.cpu()
        t0, sent = send_phase(ctx, args, server.endpoint, SEQ_PHASE)
        fill_cpu = server.cpu() - cpu0
        queued = outbox_counts(data_dir)
        cpu1, cpu_sink0 = server.cpu(), proc_cpu(sink.proc.pid)
        released = time.monotonic()
        sampler = BacklogSampler(data_dir, args.sample, sink, server.proc.pid)
        sink.gate.set()
        snap = wait_for_sink(sink, sent["accepted"], args.timeout)
        cpu2, cpu_sink1 = server.cpu(), proc_cpu(sink.proc.pid)
        sampler.stop()
        load1 = os.getloadavg()
    finally:
        sink.gate.set()
        server.stop()
    # Claims go by (next_attempt_at, id): the queued events.target rows are all published to the
    # topic (hop 1) before most of the sns.http rows that creates are POSTed (hop 2).
    hop1_done = sampler.first_time(lambda k: k["events.target"] == 0, released)
    at_hop1, cpu_hop1 = next(((n, c) for t, _, n, c in sampler.series if t == hop1_done),
                             (0, float("nan")))
    counts = outbox_counts(data_dir)
    last = snap["last"] or float("nan")
    return {
        "phase": "outbox", "sent": sent, "sink": snap,
        "entries_per_s": sent["accepted"] / (sent["end"] - t0),
        "send_s": sent["end"] - t0,
        "fill_cpu": fill_cpu, "queued": queued,
        "queued_targets": sum(n for (k, st), n in queued.items()
                              if k == "events.target" and st in ("pending", "in_flight")),
        "queued_http": sum(n for (k, st), n in queued.items()
                           if k == "sns.http" and st in ("pending", "in_flight")),
        "fill_s_over_timeout": (sent["end"] - t0) > 14,
        "drain_s": last - released,
        "drain_per_s": snap["distinct"] / (last - released),
        "drain_cpu": cpu2 - cpu1, "sink_cpu": cpu_sink1 - cpu_sink0,
        "load": (load0, load1), "outbox": counts, "backlog_peak": sampler.peak,
        "timeline": timeline(sampler.series, released),
        "first_after_open_s": (snap["first"] or float("nan")) - released,
        "hop1_s": hop1_done - released if hop1_done else float("nan"),
        "hop1_per_s": sent["accepted"] / (hop1_done - released) if hop1_done else float("nan"),
        "at_hop1": at_hop1,
        "hop2_per_s": ((snap["distinct"] - at_hop1) / (last - hop1_done)
                       if hop1_done and last > hop1_done else float("nan")),
        # Server CPU per event: hop 1 (publish; the few POSTs in that window included), hop 2.
        "hop1_cpu_ms": (cpu_hop1 - cpu1) / max(1, sent["accepted"]) * 1000,
        "hop2_cpu_ms": (cpu2 - cpu_hop1) / max(1, snap["distinct"] - at_hop1) * 1000,
    }


# ---------------------------------------------------------------------------------------- report

def fmt_counts(counts):
    return ", ".join(f"{k}/{s} {n}" for (k, s), n in sorted(counts.items())) or "none"


def report(res, args):
    s, sink = res["sent"], res["sink"]
    ok = True
    print()
    print(f"== phase {res['phase']}: {s['accepted']} entries accepted in {s['calls']} PutEvents calls"
          f" ({args.processes} process(es) x {args.threads} threads, {args.client} client,"
          f" batch {args.batch}, {1 + args.rules} rules, delivery threads {args.delivery_threads},"
          f" raw delivery {'on' if args.raw_delivery else 'off'})")
    if s["failed"] or s["errors"]:
        ok = False
        print(f"   !! {s['failed']} failed entries, {s['errors']} failed calls; first error: {s['first_error']}")
    rows = []
    if res["phase"] == "e2e":
        rows += [
            ("PutEvents entries/s accepted (send phase wall time)", f"{res['entries_per_s']:,.0f}",
             f"{res['send_s']:.2f} s; call p50 {s['p50'] * 1000:.1f} ms, p99 {s['p99'] * 1000:.1f} ms"),
            ("rule-matched deliveries/s into the outbox", f"{res['entries_per_s']:,.0f}",
             "one events.target row per entry, committed before the reply"),
            ("deliveries/s end to end (first PutEvents -> last sink arrival)", f"{res['e2e_per_s']:,.0f}",
             f"{res['e2e_s']:.2f} s"),
            ("deliveries/s out to the sink (first -> last arrival)", f"{res['sink_per_s']:,.0f}",
             f"first arrival {res['first_delivery_s'] * 1000:.0f} ms after the start"),
            ("delivered when the last PutEvents returned", f"{res['delivered_by_send_end']:,}",
             f"lag after it: {res['lag_after_send_s']:.2f} s"),
            ("delivery latency per event, PutEvents reply -> sink (p50/p90/p99/max)",
             "/".join(f"{x:.1f}" for x in res["latency"]) + " s", ""),
            ("events.target backlog empty (hop 1 done) after", f"{res['hop1_done_s']:.2f} s",
             "from the first PutEvents"),
            ("outbox backlog peak (pending + in_flight)",
             ", ".join(f"{k} {v:,}" for k, v in sorted(res["backlog_peak"].items())) or "-",
             f"sampled every {args.sample} s"),
            ("CPU s: server (send / total), clients, sink",
             f"{res['server_cpu_send']:.1f} / {res['server_cpu']:.1f}",
             f"clients {s['client_cpu']:.1f}, sink {res['sink_cpu']:.1f}; server"
             f" {res['server_cpu'] / max(1, sink['distinct']) * 1000:.2f} ms per event, clients"
             f" {s['client_cpu'] / max(1, s['calls']) * 1000:.2f} ms per call"),
        ]
    else:
        rows += [
            ("PutEvents entries/s into the outbox (sink stalled: nothing drains)",
             f"{res['entries_per_s']:,.0f}",
             f"{res['send_s']:.2f} s; call p50 {s['p50'] * 1000:.1f} ms, p99 {s['p99'] * 1000:.1f} ms"),
            ("undelivered outbox rows when the send phase ended",
             f"{res['queued_targets'] + res['queued_http']:,}",
             f"events.target {res['queued_targets']:,}, sns.http {res['queued_http']:,}"),
            ("deliveries/s draining the outbox to the sink (sink opens -> last arrival)",
             f"{res['drain_per_s']:,.0f}", f"{res['drain_s']:.2f} s"),
            ("  hop 1, events.target -> topic (backlog of events.target empty)",
             f"{res['hop1_per_s']:,.0f}",
             f"after {res['hop1_s']:.2f} s; {res['at_hop1']:,} at the sink by then"),
            ("  hop 2, sns.http -> sink (after hop 1 -> last arrival)", f"{res['hop2_per_s']:,.0f}", ""),
            ("  server CPU per event: hop 1, hop 2 (ms)",
             f"{res['hop1_cpu_ms']:.2f}, {res['hop2_cpu_ms']:.2f}", ""),
            ("CPU s: server fill, server drain, clients, sink",
             f"{res['fill_cpu']:.1f}, {res['drain_cpu']:.1f}",
             f"clients {s['client_cpu']:.1f}, sink {res['sink_cpu']:.1f}; clients"
             f" {s['client_cpu'] / max(1, s['calls']) * 1000:.2f} ms per call, server"
             f" {res['fill_cpu'] / max(1, s['calls']) * 1000:.2f} ms per call"),
        ]
    rows.append(("sink: distinct events, duplicates, other POSTs",
                 f"{sink['distinct']:,}", f"dup {sink['duplicates']}, other {sink['other']}"))
    rows.append(("load average (1/5/15 min) before / after",
                 "/".join(f"{x:.2f}" for x in res["load"][0]),
                 "/".join(f"{x:.2f}" for x in res["load"][1])))
    w = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"   {name:<{w}}  {value:>14}  {note}")
    print(f"   outbox at the end: {fmt_counts(res['outbox'])}")
    if res.get("timeline"):
        origin = "the first PutEvents" if res["phase"] == "e2e" else "the sink opening"
        print(f"   undelivered outbox rows and sink arrivals over time (from {origin}):")
        for line in res["timeline"]:
            print("     " + line)
    if res.get("fill_s_over_timeout"):
        print("   note: the send phase took over 14 s: held deliveries may have hit SNS's 15-s HTTP"
              " timeout and been retried (duplicates)")
    missing = s["accepted"] - sink["distinct"]
    if missing > 0:
        ok = False
        print(f"   !! {missing} deliveries missing after waiting {args.timeout} s without progress")
    dead = sum(n for (k, st), n in res["outbox"].items() if st == "dead")
    if dead:
        ok = False
        print(f"   !! {dead} dead outbox rows")
    return ok


def main():
    ap = argparse.ArgumentParser(
        description="PutEvents entries/s end to end and rule-matched deliveries/s into the outbox "
                    "and out to a local HTTP sink (issue 6).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--tripline", default=os.path.join(REPO, "build/release/tripline"),
                    help="the tripline binary")
    ap.add_argument("--entries", type=int, default=20000, help="PutEvents entries to send per phase")
    ap.add_argument("--batch", type=int, default=10, help="entries per PutEvents call (1-10)")
    ap.add_argument("--threads", type=int, default=8, help="client threads per client process")
    ap.add_argument("--processes", type=int, default=1, help="client processes")
    ap.add_argument("--client", choices=["boto3", "raw"], default="boto3",
                    help="boto3 client per thread, or botocore's signer + http.client (leaner)")
    ap.add_argument("--phase", choices=["both", "e2e", "outbox"], default="both",
                    help="e2e: deliver while sending; outbox: fill with the sink stalled, then "
                         "drain; both: e2e then outbox")
    ap.add_argument("--raw-delivery", action="store_true",
                    help="RawMessageDelivery on the subscription (no SNS envelope, no signature)")
    ap.add_argument("--rules", type=int, default=0, help="extra rules that match nothing")
    ap.add_argument("--delivery-threads", type=int, default=4, help="server's delivery.threads")
    ap.add_argument("--timeout", type=float, default=120,
                    help="give up when no delivery arrived for this many seconds")
    ap.add_argument("--sample", type=float, default=0.25,
                    help="outbox backlog sampling interval in seconds (0: off)")
    ap.add_argument("--keep", metavar="DIR", help="keep data dirs, configs and server logs in DIR")
    args = ap.parse_args()
    if not 1 <= args.batch <= 10:
        ap.error("--batch must be 1-10")
    if not os.access(args.tripline, os.X_OK):
        ap.error(f"no tripline binary at {args.tripline}")

    started = time.monotonic()
    ctx = mp.get_context("spawn")
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        work = tempfile.mkdtemp(prefix="delivery-bench-", dir=args.keep)
    else:
        work = tempfile.mkdtemp(prefix="tripline-delivery-bench-")
    try:
        version = subprocess.run([args.tripline, "version"], capture_output=True, text=True,
                                 timeout=30).stdout.strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        version = "?"
    built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.stat(args.tripline).st_mtime))
    print(f"tripline {args.tripline} ({version}, built {built}); work dir {work}; "
          f"{os.cpu_count()} CPUs; load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    sink = Sink(ctx, math.ceil(args.entries / args.batch) * args.batch)
    ok = True
    try:
        phases = ["e2e", "outbox"] if args.phase == "both" else [args.phase]
        for phase in phases:
            res = (phase_e2e if phase == "e2e" else phase_outbox)(ctx, args, sink, work)
            ok = report(res, args) and ok
            for log in ("e2e.log", "outbox.log"):
                path = os.path.join(work, log)
                if phase in log and os.path.exists(path):
                    with open(path) as f:
                        lines = [l for l in f if l.strip()]
                    if lines:
                        print(f"   server log ({len(lines)} lines at warn and above), last lines:")
                        for l in lines[-5:]:
                            print("     " + l.rstrip()[:300])
    finally:
        sink.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(f"{'OK' if ok else 'FAILED: see !! above'} ({time.monotonic() - started:.0f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
