"""Lab 1 end to end with both aws CLIs and a real SMTP server: an SNS topic with an e-mail
subscription confirmed from its confirmation e-mail, a trail (log files with digests, file
notifications to the topic), the mission's GetCallerIdentity rule routing "AWS API Call via
CloudTrail" events to the topic, and a second IAM user's `aws sts get-caller-identity` arriving as
an alert e-mail within 5 seconds; then the trail's log files and digests are in the bucket and
validate, and lookup-events finds the call (issue 7's acceptance)."""
import gzip
import html
import json
import os
import re
import tempfile
import time
import unittest
import urllib.request

from aws_clients import clients, run_aws
from smtp_sink import SmtpSink, body_text
from tripline_process import Server, run_cli

ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecretadmin00")
ATTACKER = ("AKIATRIPLINEATTACK01", "attackersecretattackersecretattacker0000")

CONFIG = f"""
trail:
  digest_interval_seconds: 2
accounts:
  - id: "123456789012"
    users:
      - name: admin
        access_keys:
          - id: {ADMIN[0]}
            secret: {ADMIN[1]}
      - name: intruder
        access_keys:
          - id: {ATTACKER[0]}
            secret: {ATTACKER[1]}
"""

PATTERN = {
    "source": ["aws.sts"],
    "detail-type": ["AWS API Call via CloudTrail"],
    "detail": {"eventSource": ["sts.amazonaws.com"], "eventName": ["GetCallerIdentity"]},
}


class LabAlertTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-lab-")
        cls.config = os.path.join(cls.tmp.name, "tripline.yaml")
        with open(cls.config, "w") as f:
            f.write(CONFIG)
        cls.sink = SmtpSink().start()
        cls.server = Server(config=cls.config,
                            extra_args=["--smtp-relay", f"127.0.0.1:{cls.sink.port}",
                                        "--trail-flush-seconds", "1"])
        cls.server.wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.sink.close()
        cls.tmp.cleanup()

    def aws(self, cli, *args, keys=ADMIN, region="us-east-1"):
        proc = run_aws(cli, self.server.endpoint, keys[0], keys[1], *args, region=region)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def test_get_caller_identity_by_another_user_alerts_by_email(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                self.run_lab(cli, f"APICallAlert{n + 1}", f"secops{n + 1}@example.com")

    def run_lab(self, cli, topic_name, address):
        topic_arn = self.aws(cli, "sns", "create-topic", "--name", topic_name)["TopicArn"]
        self.assertEqual(topic_arn, f"arn:aws:sns:us-east-1:123456789012:{topic_name}")
        sub = self.aws(cli, "sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "email",
                       "--notification-endpoint", address)
        self.assertEqual(sub["SubscriptionArn"], "pending confirmation")

        confirmation = self.sink.wait_for(
            lambda m: address in m["To"] and "Subscription Confirmation" in m["Subject"])
        self.assertEqual(confirmation["Subject"], "AWS Notification - Subscription Confirmation")
        page = body_text(confirmation)
        self.assertIn("You have chosen to subscribe to the topic:", page)
        link = html.unescape(re.search(r'href="([^"]*confirmation\.html[^"]*)"', page).group(1))
        self.assertTrue(link.startswith(self.server.endpoint + "/confirmation.html?"), link)
        with urllib.request.urlopen(link, timeout=10) as reply:
            self.assertEqual(reply.status, 200)
        subs = self.aws(cli, "sns", "list-subscriptions-by-topic", "--topic-arn", topic_arn)
        self.assertEqual(len(subs["Subscriptions"]), 1)
        sub_arn = subs["Subscriptions"][0]["SubscriptionArn"]
        self.assertTrue(sub_arn.startswith(topic_arn + ":"), sub_arn)

        bucket = f"{topic_name.lower()}-trail-logs"
        trail_name = f"{topic_name}Trail"
        self.aws(cli, "s3api", "create-bucket", "--bucket", bucket)
        trail = self.aws(cli, "cloudtrail", "create-trail", "--name", trail_name,
                         "--s3-bucket-name", bucket, "--sns-topic-name", topic_name,
                         "--enable-log-file-validation")
        self.assertEqual(trail["TrailARN"],
                         f"arn:aws:cloudtrail:us-east-1:123456789012:trail/{trail_name}")
        self.assertEqual(trail["SnsTopicARN"], topic_arn)
        self.aws(cli, "cloudtrail", "start-logging", "--name", trail_name)
        trail_started = time.time()

        rule = self.aws(cli, "events", "put-rule", "--name", f"{topic_name}Rule",
                        "--event-pattern", json.dumps(PATTERN),
                        "--state", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
        self.assertIn(f"rule/{topic_name}Rule", rule["RuleArn"])
        targets = self.aws(cli, "events", "put-targets", "--rule", f"{topic_name}Rule",
                           "--targets", json.dumps([{"Id": "sns", "Arn": topic_arn}]))
        self.assertEqual(targets["FailedEntryCount"], 0)

        started = time.time()
        identity = self.aws(cli, "sts", "get-caller-identity", keys=ATTACKER)
        self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:user/intruder")
        # The topic also carries the trail's file notifications, under the same default subject.
        alert = self.sink.wait_for(
            lambda m: address in m["To"] and m["Subject"] == "AWS Notification Message"
            and "AWS API Call via CloudTrail" in body_text(m),
            timeout=5)
        elapsed = time.time() - started
        self.assertLess(elapsed, 5.0)
        text = body_text(alert)
        event_json, footer = text.split("\n\n--\n", 1)
        event = json.loads(event_json.strip())
        self.assertEqual(event["source"], "aws.sts")
        self.assertEqual(event["detail-type"], "AWS API Call via CloudTrail")
        detail = event["detail"]
        self.assertEqual(detail["eventName"], "GetCallerIdentity")
        self.assertEqual(detail["userIdentity"]["arn"], identity["Arn"])
        self.assertEqual(detail["sourceIPAddress"], "127.0.0.1")
        self.assertIn("please click or visit the link below to unsubscribe:", footer)
        self.assertIn(f"/unsubscribe.html?SubscriptionArn=", footer)

        self.check_trail(cli, trail_name, bucket, address, identity["Arn"], trail_started)

        # The admin's own calls of other APIs do not alert; the rule is the only one.
        self.aws(cli, "events", "remove-targets", "--rule", f"{topic_name}Rule", "--ids", "sns")
        self.aws(cli, "events", "delete-rule", "--name", f"{topic_name}Rule")

        # The trail keeps writing log files, and a file notification may be in flight when the
        # outbox is read: every alert must be delivered within moments, not at one instant.
        deadline = time.time() + 10
        while True:
            alerts = run_cli("alerts", "--data-dir", self.server.data_dir, "--json", "--limit", "100")
            self.assertEqual(alerts.returncode, 0, alerts.stderr)
            rows = [json.loads(line) for line in alerts.stdout.splitlines()]
            mine = [r for r in rows if r["destination"] == address]
            self.assertTrue(mine)
            if all(r["status"] == "delivered" for r in mine) or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertTrue(all(r["status"] == "delivered" for r in mine), mine)

    def check_trail(self, cli, trail_name, bucket, address, attacker_arn, trail_started):
        """The trail wrote the call into a log file (and told the topic), digests chain and
        validate, and the event history finds the call."""
        prefix = "AWSLogs/123456789012/CloudTrail/us-east-1/"
        deadline = time.time() + 15
        log_records, digests = [], []
        while time.time() < deadline:
            listing = self.aws(cli, "s3api", "list-objects-v2", "--bucket", bucket)
            keys = [o["Key"] for o in listing.get("Contents", [])]
            logs = [k for k in keys if k.startswith(prefix) and k.endswith(".json.gz")]
            digests = [k for k in keys if "/CloudTrail-Digest/us-east-1/" in k]
            log_records = [r for k in logs for r in self.log_file_records(cli, bucket, k)]
            if any(r.get("eventName") == "GetCallerIdentity" for r in log_records) and digests:
                break
            time.sleep(0.5)
        calls = [r for r in log_records if r.get("eventName") == "GetCallerIdentity"]
        self.assertTrue(calls, "no GetCallerIdentity record in the trail's log files")
        self.assertEqual(calls[-1]["userIdentity"]["arn"], attacker_arn)
        self.assertTrue(digests, "no digest file")
        name = re.compile(r"^AWSLogs/123456789012/CloudTrail/us-east-1/\d{4}/\d{2}/\d{2}/"
                          r"123456789012_CloudTrail_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}"
                          r"\.json\.gz$")
        self.assertTrue(all(name.match(k) for k in logs), logs)

        notice = self.sink.wait_for(
            lambda m: address in m["To"] and '"s3ObjectKey"' in body_text(m), timeout=10)
        message = json.loads(body_text(notice).split("\n\n--\n", 1)[0].strip())
        self.assertEqual(message["s3Bucket"], bucket)
        self.assertTrue(message["s3ObjectKey"][0].startswith(prefix), message)

        status = self.aws(cli, "cloudtrail", "get-trail-status", "--name", trail_name)
        self.assertTrue(status["IsLogging"])
        self.assertIn("LatestDeliveryTime", status)

        start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(trail_started - 120))
        validate = run_cli("trail", "validate", "--data-dir", self.server.data_dir,
                           "--bucket", bucket, "--start-time", start)
        self.assertEqual(validate.returncode, 0, validate.stdout + validate.stderr)
        self.assertRegex(validate.stdout, r"[1-9]\d*/\d+ digest files valid")

        events = self.aws(cli, "cloudtrail", "lookup-events", "--lookup-attributes",
                          "AttributeKey=EventName,AttributeValue=GetCallerIdentity")["Events"]
        mine = [e for e in events if json.loads(e["CloudTrailEvent"])["userIdentity"].get("arn")
                == attacker_arn]
        self.assertTrue(mine, events)
        self.assertEqual(mine[0]["EventSource"], "sts.amazonaws.com")

    def log_file_records(self, cli, bucket, key):
        with tempfile.NamedTemporaryFile(suffix=".json.gz") as out:
            self.aws(cli, "s3api", "get-object", "--bucket", bucket, "--key", key, out.name)
            with gzip.open(out.name, "rt") as f:
                return json.load(f)["Records"]


if __name__ == "__main__":
    unittest.main()
