"""Alerts are never lost: an SMTP relay that is down while an alert is pending and a `kill -9` of
`tripline serve` still end in the e-mail arriving after restart; records a trail had buffered but
not yet written to a log file when `serve` was killed reach a log file after restart (the spool); a webhook that keeps failing ends
in Tripline's dead-letter store, from where `tripline dlq redrive` delivers it once the webhook
works. Also checks the SNS HTTP handshake and the message signature with openssl."""
import base64
import gzip
import html
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aws_clients import clients, read_credentials, run_aws
from smtp_sink import SmtpSink, body_text
from tripline_process import Server, run_cli

CONFIG = """
delivery:
  retry_delay_scale: 0.01
"""


class Webhook:
    """An HTTP subscriber that confirms its subscription and records notifications; it answers
    500 while `failing` is set."""

    def __init__(self):
        self.failing = False
        self.received = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                doc = json.loads(body)
                kind = self.headers["x-amz-sns-message-type"]
                if kind == "SubscriptionConfirmation":
                    with urllib.request.urlopen(doc["SubscribeURL"], timeout=10) as r:
                        r.read()
                elif hook.failing:
                    self.send_response(500)
                    self.end_headers()
                    return
                hook.received.append((kind, dict(self.headers), doc))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def notifications(self):
        return [r for r in self.received if r[0] == "Notification"]

    def close(self):
        self.server.shutdown()


def wait_until(predicate, timeout=15, what="condition"):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class DeliveryFaultsTest(unittest.TestCase):
    def setUp(self):
        self.clis = clients()
        if not self.clis:
            self.skipTest("no aws CLI on this machine")
        self.cli = self.clis[0][1]
        self.tmp = tempfile.TemporaryDirectory(prefix="tripline-faults-")
        self.data_dir = os.path.join(self.tmp.name, "var")
        self.config = os.path.join(self.tmp.name, "tripline.yaml")
        with open(self.config, "w") as f:
            f.write(CONFIG)
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.stop(sig=signal.SIGKILL)
        self.tmp.cleanup()

    def start(self, *extra):
        self.server = Server(data_dir=self.data_dir, config=self.config, extra_args=list(extra))
        self.server.wait_ready()
        self.key, self.secret = read_credentials(self.data_dir)

    def aws(self, *args):
        proc = run_aws(self.cli, self.server.endpoint, self.key, self.secret, *args)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def test_pending_alert_survives_relay_outage_and_kill_9(self):
        sink = SmtpSink().start()
        try:
            self.start("--smtp-relay", f"127.0.0.1:{sink.port}")
            topic = self.aws("sns", "create-topic", "--name", "alerts")["TopicArn"]
            self.aws("sns", "subscribe", "--topic-arn", topic, "--protocol", "email",
                     "--notification-endpoint", "oncall@example.com")
            confirmation = sink.wait_for(lambda m: "Confirmation" in m["Subject"])
            link = html.unescape(re.search(r'href="([^"]*confirmation\.html[^"]*)"',
                                           body_text(confirmation)).group(1))
            urllib.request.urlopen(link, timeout=10).read()

            sink.stop()  # the relay goes down
            self.aws("sns", "publish", "--topic-arn", topic, "--subject", "Root login",
                     "--message", "someone used the root account")
            wait_until(self.has_retried, what="a failed delivery attempt")
            self.server.stop(sig=signal.SIGKILL)  # crash with the alert pending
            self.server = None

            sink.start()  # the relay is back, on the same port
            self.start("--smtp-relay", f"127.0.0.1:{sink.port}")
            alert = sink.wait_for(lambda m: m["Subject"] == "Root login", timeout=15)
            self.assertTrue(body_text(alert).startswith("someone used the root account"))
            rows = wait_until(lambda: [r for r in self.alerts()
                                       if r["destination"] == "oncall@example.com"
                                       and r["status"] == "delivered"
                                       and "root" in r["payload"]], what="delivered status")
            self.assertGreaterEqual(rows[0]["attempts"], 1)
        finally:
            sink.close()

    def test_buffered_trail_records_survive_kill_9(self):
        with open(self.config, "w") as f:
            f.write("trail:\n  flush_seconds: 3600\n")  # nothing is written before the crash
        self.start()
        self.aws("s3api", "create-bucket", "--bucket", "crash-trail")
        self.aws("cloudtrail", "create-trail", "--name", "crash", "--s3-bucket-name", "crash-trail")
        self.aws("cloudtrail", "start-logging", "--name", "crash")
        self.aws("cloudtrail", "describe-trails", "--trail-name-list", "marker-before-the-crash")
        self.assertEqual(self.log_file_texts(), [], "flushed too early")
        self.server.stop(sig=signal.SIGKILL)
        self.server = None
        spool = os.path.join(self.data_dir, "cloudtrail", "spool")
        self.assertTrue(os.listdir(spool), "the buffered log file was not spooled")

        self.start("--trail-flush-seconds", "1")
        found = wait_until(lambda: [t for t in self.log_file_texts()
                                    if "marker-before-the-crash" in t], timeout=20,
                           what="the spooled record in a log file")
        records = json.loads(found[0])["Records"]
        names = [r["eventName"] for r in records]
        self.assertIn("DescribeTrails", names)
        self.assertIn("StartLogging", names)
        self.server.stop()
        log = self.server.stdout + self.server.stderr
        self.server = None
        self.assertIn("records recovered from", log)

    def log_file_texts(self):
        listing = self.aws("s3api", "list-objects-v2", "--bucket", "crash-trail")
        texts = []
        for obj in listing.get("Contents", []):
            if "/CloudTrail/" not in obj["Key"]:
                continue
            out = os.path.join(self.tmp.name, "object.gz")
            self.aws("s3api", "get-object", "--bucket", "crash-trail", "--key", obj["Key"], out)
            with open(out, "rb") as f:
                texts.append(gzip.decompress(f.read()).decode())
        return texts

    def alerts(self):
        proc = run_cli("alerts", "--data-dir", self.data_dir, "--json", "--limit", "50")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return [json.loads(line) for line in proc.stdout.splitlines()]

    def has_retried(self):
        return any(r["attempts"] > 0 and r["status"] in ("pending", "in_flight")
                   for r in self.alerts())

    def test_failing_webhook_is_dead_lettered_then_redriven(self):
        hook = Webhook()
        try:
            self.start()
            topic = self.aws("sns", "create-topic", "--name", "hooks")["TopicArn"]
            sub = self.aws("sns", "subscribe", "--topic-arn", topic, "--protocol", "http",
                           "--notification-endpoint", hook.url,
                           "--return-subscription-arn")["SubscriptionArn"]
            wait_until(lambda: self.subscription_confirmed(topic), what="HTTP confirmation")
            policy = {"healthyRetryPolicy": {"numRetries": 1, "minDelayTarget": 1,
                                             "maxDelayTarget": 1, "backoffFunction": "linear"}}
            self.aws("sns", "set-subscription-attributes", "--subscription-arn", sub,
                     "--attribute-name", "DeliveryPolicy", "--attribute-value", json.dumps(policy))

            hook.failing = True
            self.aws("sns", "publish", "--topic-arn", topic, "--message", "webhook alert")
            dead = wait_until(lambda: [r for r in self.dlq() if "webhook alert" in r["payload"]],
                              what="the dead-lettered delivery")
            self.assertEqual(dead[0]["attempts"], 2)
            self.assertIn("HTTP 500", dead[0]["last_error"])
            self.assertEqual(hook.notifications(), [])

            hook.failing = False
            proc = run_cli("dlq", "redrive", "--data-dir", self.data_dir, str(dead[0]["id"]))
            self.assertEqual(proc.returncode, 0, proc.stderr)
            wait_until(lambda: hook.notifications(), what="the re-driven notification")
            kind, headers, doc = hook.notifications()[0]
            self.assertEqual(doc["Message"], "webhook alert")
            self.assertEqual(headers["x-amz-sns-subscription-arn"], sub)
            self.verify_signature(doc)
            self.assertEqual(self.dlq(), [])
        finally:
            hook.close()

    def dlq(self):
        proc = run_cli("dlq", "list", "--data-dir", self.data_dir, "--json")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return [json.loads(line) for line in proc.stdout.splitlines()]

    def subscription_confirmed(self, topic):
        subs = self.aws("sns", "list-subscriptions-by-topic", "--topic-arn", topic)
        return all(s["SubscriptionArn"] != "PendingConfirmation" for s in subs["Subscriptions"])

    def verify_signature(self, doc):
        keys = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
        text = "".join(f"{k}\n{doc[k]}\n" for k in keys if k in doc)
        with urllib.request.urlopen(doc["SigningCertURL"], timeout=10) as r:
            cert = r.read()
        d = self.tmp.name
        for name, content in (("cert.pem", cert), ("text", text.encode()),
                              ("sig", base64.b64decode(doc["Signature"]))):
            with open(os.path.join(d, name), "wb") as f:
                f.write(content)
        pub = subprocess.run(["openssl", "x509", "-pubkey", "-noout", "-in",
                              os.path.join(d, "cert.pem")], capture_output=True, check=True)
        with open(os.path.join(d, "pub.pem"), "wb") as f:
            f.write(pub.stdout)
        digest = "-sha1" if doc["SignatureVersion"] == "1" else "-sha256"
        proc = subprocess.run(["openssl", "dgst", digest, "-verify", os.path.join(d, "pub.pem"),
                               "-signature", os.path.join(d, "sig"), os.path.join(d, "text")],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)


if __name__ == "__main__":
    unittest.main()
