"""Lab 1 end to end with both aws CLIs and a real SMTP server: an SNS topic with an e-mail
subscription confirmed from its confirmation e-mail, the mission's GetCallerIdentity rule routing
"AWS API Call via CloudTrail" events to the topic, and a second IAM user's
`aws sts get-caller-identity` arriving as an alert e-mail within 5 seconds."""
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
                            extra_args=["--smtp-relay", f"127.0.0.1:{cls.sink.port}"])
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
        alert = self.sink.wait_for(
            lambda m: address in m["To"] and m["Subject"] == "AWS Notification Message",
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

        # The admin's own calls of other APIs do not alert; the rule is the only one.
        self.aws(cli, "events", "remove-targets", "--rule", f"{topic_name}Rule", "--ids", "sns")
        self.aws(cli, "events", "delete-rule", "--name", f"{topic_name}Rule")

        alerts = run_cli("alerts", "--data-dir", self.server.data_dir, "--json", "--limit", "100")
        self.assertEqual(alerts.returncode, 0, alerts.stderr)
        rows = [json.loads(line) for line in alerts.stdout.splitlines()]
        mine = [r for r in rows if r["destination"] == address]
        self.assertTrue(mine)
        self.assertTrue(all(r["status"] == "delivered" for r in mine), mine)


if __name__ == "__main__":
    unittest.main()
