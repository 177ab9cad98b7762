"""Lab 1 declared in the config file instead of with the CLI: a topic with an operator-confirmed
e-mail subscription and a rule whose input transformer formats the alert. With no SMTP relay the
e-mail lands in <data-dir>/mail/new/ (the offline default)."""
import email
import email.policy
import glob
import os
import tempfile
import time
import unittest

from aws_clients import clients, run_aws
from tripline_process import Server, run_cli

CONFIG = """
accounts:
  - id: "123456789012"
    users:
      - name: admin
        access_keys:
          - id: AKIATRIPLINECONFIG01
            secret: configsecretconfigsecretconfigsecret0000
topics:
  - name: APICallAlert
    attributes:
      DisplayName: Tripline lab
    subscriptions:
      - protocol: email
        endpoint: secops@example.com
        confirmed: true
rules:
  - name: APICallRule
    state: ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
    event_pattern:
      source: [aws.sts]
      detail:
        eventName: [GetCallerIdentity]
    targets:
      - Id: email
        Arn: arn:aws:sns:us-east-1:123456789012:APICallAlert
        InputTransformer:
          InputPathsMap:
            user: $.detail.userIdentity.arn
            ip: $.detail.sourceIPAddress
            name: $.detail.eventName
          InputTemplate: |
            "<user> called <name> from <ip>"
            "Check who holds this key."
"""


class LabConfigTest(unittest.TestCase):
    def test_declared_topic_rule_and_transformer_alert_into_the_maildir(self):
        clis = clients()
        if not clis:
            self.skipTest("no aws CLI on this machine")
        with tempfile.TemporaryDirectory(prefix="tripline-labcfg-") as tmp:
            config = os.path.join(tmp, "tripline.yaml")
            with open(config, "w") as f:
                f.write(CONFIG)
            valid = run_cli("validate", "--config", config)
            self.assertEqual(valid.returncode, 0, valid.stderr)
            data_dir = os.path.join(tmp, "var")
            server = Server(config=config, data_dir=data_dir)
            server.wait_ready()
            try:
                proc = run_aws(clis[0][1], server.endpoint, "AKIATRIPLINECONFIG01",
                               "configsecretconfigsecretconfigsecret0000",
                               "sts", "get-caller-identity")
                self.assertEqual(proc.returncode, 0, proc.stderr)
                maildir = os.path.join(server.data_dir, "mail", "new")
                deadline = time.time() + 5
                files = []
                while time.time() < deadline and not files:
                    files = glob.glob(os.path.join(maildir, "*"))
                    time.sleep(0.05)
                self.assertEqual(len(files), 1, "one alert e-mail in the maildir within 5 s")
                with open(files[0], "rb") as f:
                    mail = email.message_from_bytes(f.read(), policy=email.policy.default)
                self.assertEqual(mail["Subject"], "AWS Notification Message")
                self.assertIn("Tripline lab", mail["From"])
                body = mail.get_body().get_content().replace("\r\n", "\n")
                self.assertTrue(body.startswith(
                    '"arn:aws:iam::123456789012:user/admin called GetCallerIdentity from '
                    '127.0.0.1"\n"Check who holds this key."'), body)
            finally:
                server.stop()
            # Restarting with the same file changes nothing and duplicates nothing.
            server = Server(config=config, data_dir=data_dir)
            server.wait_ready()
            try:
                proc = run_aws(clis[0][1], server.endpoint, "AKIATRIPLINECONFIG01",
                               "configsecretconfigsecretconfigsecret0000",
                               "sns", "list-subscriptions")
                self.assertEqual(proc.returncode, 0, proc.stderr)
                import json
                subs = json.loads(proc.stdout)["Subscriptions"]
                self.assertEqual(len(subs), 1, subs)
            finally:
                server.stop()

    def test_invalid_declarations_name_file_and_line(self):
        with tempfile.TemporaryDirectory(prefix="tripline-labcfg-") as tmp:
            config = os.path.join(tmp, "bad.yaml")
            with open(config, "w") as f:
                f.write("rules:\n  - name: r\n    event_pattern:\n      source: aws.sts\n")
            proc = run_cli("validate", "--config", config)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("bad.yaml:4:", proc.stderr)
            self.assertIn("event_pattern", proc.stderr)


if __name__ == "__main__":
    unittest.main()
