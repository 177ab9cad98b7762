"""CloudWatch end to end with both aws CLIs and a real SMTP server (issue 9's acceptance): the CIS
monitoring pack (examples/cis-monitoring.yaml) loaded as it ships; the trail feeds its log group;
calls denied by Tripline's own authorization are counted by the CIS 4.1 "unauthorized API calls"
filter, its alarm goes to ALARM and the e-mail arrives with AWS's alarm message; a console sign-in
without MFA (a real CloudTrail record; the console itself is issue 13) is counted by CIS 4.2; the
logs, metrics and alarm APIs answer both CLIs (CloudWatch: query protocol for v2, JSON 1.0 for
v1), and the state change reaches the event bus."""
import json
import os
import tempfile
import time
import unittest

from aws_clients import clients, run_aws
from smtp_sink import SmtpSink, body_text
from tripline_process import Server

ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecretadmin00")
INTRUDER = ("AKIATRIPLINEINTRUDE1", "intrudersecretintrudersecretintruder0000")
SOURCE_DIR = os.environ.get("TRIPLINE_SOURCE_DIR",
                            os.path.join(os.path.dirname(__file__), "..", ".."))
GROUP = "CloudTrail/DefaultLogGroup"
REGION_NAME = "US East (N. Virginia)"

ACCOUNTS = f"""
accounts:
  - id: "123456789012"
    users:
      - name: admin
        access_keys: [{{id: {ADMIN[0]}, secret: {ADMIN[1]}}}]
      - name: intruder
        policies: [ReadOnlyAccess]
        access_keys: [{{id: {INTRUDER[0]}, secret: {INTRUDER[1]}}}]
"""


def console_login_record(mfa):
    path = os.path.join(SOURCE_DIR, "..", "shared", "testdata", "cloudtrail", "stratus-red-team",
                        "aws.initial-access.console-login-without-mfa.json")
    with open(path) as f:
        record = json.load(f)["Records"][0]
    record["eventTime"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    record["additionalEventData"]["MFAUsed"] = mfa
    return json.dumps(record, separators=(",", ":"))


class CloudWatchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if len(cls.clis) < 1:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-cloudwatch-")
        cls.events_file = os.path.join(cls.tmp.name, "alarm-events.jsonl")
        with open(os.path.join(SOURCE_DIR, "examples", "cis-monitoring.yaml")) as f:
            pack = f.read()
        # The pack as it ships, evaluated every second and fed every second for the test.
        pack = pack.replace("\ncloudwatch:\n", "\ncloudwatch:\n  alarm_evaluation_seconds: 1\n"
                                               "  trail_delivery_seconds: 1\n")
        cls.config = os.path.join(cls.tmp.name, "tripline.yaml")
        with open(cls.config, "w") as f:
            f.write(pack + ACCOUNTS)
        cls.sink = SmtpSink().start()
        cls.server = Server(config=cls.config,
                            extra_args=["--smtp-relay", f"127.0.0.1:{cls.sink.port}"])
        cls.server.wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.sink.close()
        cls.tmp.cleanup()

    def aws(self, cli, *args, keys=ADMIN, ok=True):
        proc = run_aws(cli, self.server.endpoint, keys[0], keys[1], *args)
        if ok:
            self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        self.assertNotEqual(proc.returncode, 0, f"{args} succeeded: {proc.stdout}")
        return proc.stderr

    def alarm(self, cli, name):
        alarms = self.aws(cli, "cloudwatch", "describe-alarms", "--alarm-names", name)
        self.assertEqual(len(alarms["MetricAlarms"]), 1, alarms)
        return alarms["MetricAlarms"][0]

    def wait_state(self, cli, name, state, timeout=20):
        deadline = time.time() + timeout
        while True:
            alarm = self.alarm(cli, name)
            if alarm["StateValue"] == state or time.time() > deadline:
                self.assertEqual(alarm["StateValue"], state, alarm)
                return alarm
            time.sleep(0.3)

    def test_cis_pack_alarms_on_denied_calls_and_console_sign_in_without_mfa(self):
        v1 = dict(self.clis).get("v1", self.clis[0][1])
        v2 = dict(self.clis).get("v2", self.clis[-1][1])
        # The pack is there: 15 filters on the trail's group, 15 alarms, all quiet.
        filters = self.aws(v2, "logs", "describe-metric-filters", "--log-group-name", GROUP)
        self.assertEqual(len(filters["metricFilters"]), 15)
        unauthorized = "CIS-4.1-UnauthorizedAPICalls"
        alarm = self.alarm(v1, unauthorized)
        self.assertIn(alarm["StateValue"], ("INSUFFICIENT_DATA", "OK"))
        self.assertEqual(alarm["AlarmActions"], ["arn:aws:sns:us-east-1:123456789012:cis-alerts"])
        self.assertEqual(alarm["Threshold"], 1.0)
        # Alarm state changes on the bus go to a file target.
        self.aws(v1, "events", "put-rule", "--name", "alarms", "--event-pattern",
                 json.dumps({"source": ["aws.cloudwatch"],
                             "detail-type": ["CloudWatch Alarm State Change"]}))
        self.aws(v1, "events", "put-targets", "--rule", "alarms", "--targets",
                 json.dumps([{"Id": "file", "Arn": f"arn:tripline:file:::{self.events_file}"}]))

        # Calls Tripline's own authorization denies: IAM AccessDenied, EC2 UnauthorizedOperation.
        started = time.time()
        err = self.aws(v1, "iam", "create-user", "--user-name", "backdoor", keys=INTRUDER, ok=False)
        self.assertIn("AccessDenied", err)
        err = self.aws(v2, "ec2", "authorize-security-group-ingress", "--group-name", "default",
                       "--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0",
                       keys=INTRUDER, ok=False)
        self.assertIn("UnauthorizedOperation", err)

        alarm = self.wait_state(v2, unauthorized, "ALARM")
        self.assertTrue(alarm["StateReason"].startswith("Threshold Crossed: "), alarm)
        mail = self.sink.wait_for(
            lambda m: m["Subject"] == f'ALARM: "{unauthorized}" in {REGION_NAME}', timeout=10)
        elapsed = time.time() - started
        text = body_text(mail)
        self.assertIn(f'You are receiving this email because your Amazon CloudWatch Alarm '
                      f'"{unauthorized}" in the {REGION_NAME} region has entered the ALARM state',
                      text)
        self.assertIn("- MetricNamespace:", text)
        self.assertIn("CISBenchmark", text)
        self.assertIn("security@example.com", mail["To"])
        self.assertLess(elapsed, 20)

        # The records are in the trail's log group, one log event per record.
        found = self.aws(v1, "logs", "filter-log-events", "--log-group-name", GROUP,
                         "--filter-pattern", '{ $.errorCode = "AccessDenied" }')
        denied = [json.loads(e["message"]) for e in found["events"]]
        self.assertTrue(any(r["eventName"] == "CreateUser" for r in denied), denied)
        self.assertEqual({e["logStreamName"] for e in found["events"]},
                         {"123456789012_CloudTrail_us-east-1"})
        status = self.aws(v2, "cloudtrail", "get-trail-status", "--name", "cis-trail")
        self.assertIn("LatestCloudWatchLogsDeliveryTime", status)
        now = time.time()
        stats = self.aws(v1, "cloudwatch", "get-metric-statistics", "--namespace", "CISBenchmark",
                         "--metric-name", unauthorized, "--statistics", "Sum",
                         "--period", "300",
                         "--start-time", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 900)),
                         "--end-time", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 300)))
        self.assertGreaterEqual(sum(p["Sum"] for p in stats["Datapoints"]), 2, stats)
        history = self.aws(v2, "cloudwatch", "describe-alarm-history", "--alarm-name", unauthorized)
        summaries = [h["HistorySummary"] for h in history["AlarmHistoryItems"]]
        self.assertIn("Successfully executed action arn:aws:sns:us-east-1:123456789012:cis-alerts",
                      summaries)

        # CIS 4.2: a console sign-in without MFA (and not one with MFA).
        self.aws(v2, "logs", "create-log-stream", "--log-group-name", GROUP,
                 "--log-stream-name", "console")
        matches = self.aws(v1, "logs", "test-metric-filter", "--filter-pattern",
                           '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
                           "--log-event-messages", console_login_record("Yes"),
                           console_login_record("No"))
        self.assertEqual([m["eventNumber"] for m in matches["matches"]], [2])
        self.aws(v1, "logs", "put-log-events", "--log-group-name", GROUP, "--log-stream-name",
                 "console", "--log-events",
                 json.dumps([{"timestamp": int(time.time() * 1000),
                              "message": console_login_record("No")}]))
        no_mfa = "CIS-4.2-ConsoleSignInWithoutMFA"
        self.wait_state(v1, no_mfa, "ALARM")
        self.sink.wait_for(lambda m: m["Subject"] == f'ALARM: "{no_mfa}" in {REGION_NAME}')
        # Quiet controls stay OK (notBreaching).
        self.wait_state(v2, "CIS-4.3-RootAccountUsage", "OK")

        # The state changes reached the bus.
        deadline = time.time() + 10
        events = []
        while time.time() < deadline:
            if os.path.exists(self.events_file):
                with open(self.events_file) as f:
                    events = [json.loads(line) for line in f if line.strip()]
            if any(e["detail"]["alarmName"] == no_mfa for e in events):
                break
            time.sleep(0.2)
        change = [e for e in events if e["detail"]["alarmName"] == unauthorized]
        self.assertTrue(change, events)
        self.assertEqual(change[0]["source"], "aws.cloudwatch")
        self.assertEqual(change[0]["detail"]["state"]["value"], "ALARM")
        self.assertEqual(change[0]["resources"],
                         [f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{unauthorized}"])

    def test_logs_and_metrics_apis_with_both_clis(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                group = f"app-{name}"
                self.aws(cli, "logs", "create-log-group", "--log-group-name", group)
                err = self.aws(cli, "logs", "create-log-group", "--log-group-name", group, ok=False)
                self.assertIn("ResourceAlreadyExistsException", err)
                self.aws(cli, "logs", "put-retention-policy", "--log-group-name", group,
                         "--retention-in-days", "7")
                self.aws(cli, "logs", "create-log-stream", "--log-group-name", group,
                         "--log-stream-name", "web")
                now = int(time.time() * 1000)
                lines = ["10.0.0.1 GET /index.html 200 512", "10.0.0.2 GET /admin 403 128",
                         "10.0.0.2 GET /admin 404 64"]
                self.aws(cli, "logs", "put-metric-filter", "--log-group-name", group,
                         "--filter-name", "client-errors",
                         "--filter-pattern", "[ip, method, path, status = 4*, bytes]",
                         "--metric-transformations",
                         "metricName=ClientErrorBytes,metricNamespace=App,metricValue=$bytes")
                self.aws(cli, "logs", "put-log-events", "--log-group-name", group,
                         "--log-stream-name", "web", "--log-events",
                         json.dumps([{"timestamp": now + i, "message": m}
                                     for i, m in enumerate(lines)]))
                got = self.aws(cli, "logs", "get-log-events", "--log-group-name", group,
                               "--log-stream-name", "web", "--start-from-head")
                self.assertEqual([e["message"] for e in got["events"]], lines)
                found = self.aws(cli, "logs", "filter-log-events", "--log-group-name", group,
                                 "--filter-pattern", "403")
                self.assertEqual(len(found["events"]), 1)
                groups = self.aws(cli, "logs", "describe-log-groups", "--log-group-name-prefix",
                                  group)["logGroups"]
                self.assertEqual(groups[0]["retentionInDays"], 7)
                self.assertEqual(groups[0]["metricFilterCount"], 1)
                streams = self.aws(cli, "logs", "describe-log-streams", "--log-group-name",
                                   group)["logStreams"]
                self.assertEqual(streams[0]["lastEventTimestamp"], now + 2)

                # Metrics: the filter's datapoints and PutMetricData's.
                self.aws(cli, "cloudwatch", "put-metric-data", "--namespace", "Lab",
                         "--metric-name", "Logins", "--value", "3",
                         "--dimensions", "Service=console")
                listed = self.aws(cli, "cloudwatch", "list-metrics", "--namespace", "App")
                self.assertIn("ClientErrorBytes", [m["MetricName"] for m in listed["Metrics"]])
                start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now / 1000 - 600))
                end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now / 1000 + 600))
                stats = self.aws(cli, "cloudwatch", "get-metric-statistics", "--namespace", "App",
                                 "--metric-name", "ClientErrorBytes", "--statistics", "Sum",
                                 "Maximum", "SampleCount", "--period", "3600",
                                 "--start-time", start, "--end-time", end)
                self.assertEqual(sum(p["Sum"] for p in stats["Datapoints"]),
                                 (192 if name == self.clis[0][0] else 384))
                data = self.aws(cli, "cloudwatch", "get-metric-data", "--start-time", start,
                                "--end-time", end, "--metric-data-queries", json.dumps([{
                                    "Id": "logins", "MetricStat": {
                                        "Metric": {"Namespace": "Lab", "MetricName": "Logins",
                                                   "Dimensions": [{"Name": "Service",
                                                                   "Value": "console"}]},
                                        "Period": 60, "Stat": "Sum"}}]))
                self.assertGreaterEqual(sum(data["MetricDataResults"][0]["Values"]), 3)

                # An alarm over it, its actions, state and deletion.
                alarm = f"logins-{name}"
                self.aws(cli, "cloudwatch", "put-metric-alarm", "--alarm-name", alarm,
                         "--namespace", "Lab", "--metric-name", "Logins",
                         "--dimensions", "Name=Service,Value=console", "--statistic", "Sum",
                         "--period", "60", "--evaluation-periods", "1", "--threshold", "100",
                         "--comparison-operator", "GreaterThanThreshold",
                         "--alarm-actions", "arn:aws:sns:us-east-1:123456789012:cis-alerts")
                self.wait_state(cli, alarm, "OK")
                self.aws(cli, "cloudwatch", "set-alarm-state", "--alarm-name", alarm,
                         "--state-value", "ALARM", "--state-reason", "testing the alert path")
                self.assertEqual(self.alarm(cli, alarm)["StateReason"], "testing the alert path")
                self.sink.wait_for(lambda m: m["Subject"] == f'ALARM: "{alarm}" in {REGION_NAME}')
                for_metric = self.aws(cli, "cloudwatch", "describe-alarms-for-metric",
                                      "--namespace", "Lab", "--metric-name", "Logins",
                                      "--dimensions", "Name=Service,Value=console")
                self.assertIn(alarm, [a["AlarmName"] for a in for_metric["MetricAlarms"]])
                self.aws(cli, "cloudwatch", "disable-alarm-actions", "--alarm-names", alarm)
                self.assertFalse(self.alarm(cli, alarm)["ActionsEnabled"])
                self.aws(cli, "cloudwatch", "delete-alarms", "--alarm-names", alarm)
                err = self.aws(cli, "cloudwatch", "set-alarm-state", "--alarm-name", alarm,
                               "--state-value", "OK", "--state-reason", "x", ok=False)
                self.assertIn("ResourceNotFound", err)
                err = self.aws(cli, "cloudwatch", "put-metric-alarm", "--alarm-name", "bad",
                               "--namespace", "Lab", "--metric-name", "Logins",
                               "--statistic", "Sum", "--period", "45", "--evaluation-periods", "1",
                               "--threshold", "1", "--comparison-operator", "GreaterThanThreshold",
                               ok=False)
                self.assertIn("Period", err)


if __name__ == "__main__":
    unittest.main()
