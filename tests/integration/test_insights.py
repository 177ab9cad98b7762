"""CloudTrail Insights over ingested logs (`tripline ingest --insights`), in event time: a synthetic
week of ordinary traffic followed by an attacker's burst (insights_week.py) starts and ends exactly
two insights - the call rate of s3 PutBucketPolicy and the AccessDenied rate of secretsmanager
ListSecrets - whose Start/End events carry the burst's statistics and attributions, reach a rule
(a file target and an SNS topic with an e-mail subscription, delivered to the maildir) and the
trail store; the noise alone starts none; and a replay split over several runs on one data
directory gives the same four events (the detection state persists between runs)."""
import datetime
import email
import email.policy
import glob
import json
import os
import tempfile
import time
import unittest

import insights_week
from tripline_process import run_cli

MONITORING_ACCOUNT = "123456789012"  # the first (here: default) account: ingested events' bus
PATTERN = {"source": ["aws.cloudtrail"], "detail-type": ["AWS Insight via CloudTrail"]}
DETAIL_TYPE = "AWS Insight via CloudTrail"


def config_text(alerts_file):
    return json.dumps({
        "topics": [{
            "name": "InsightAlerts",
            "attributes": {"DisplayName": "Tripline insights"},
            "subscriptions": [{"protocol": "email", "endpoint": "secops@example.com",
                               "confirmed": True}],
        }],
        "rules": [{
            "name": "insights",
            "state": "ENABLED",
            "event_pattern": PATTERN,
            "targets": [
                {"Id": "topic", "Arn": f"arn:aws:sns:us-east-1:{MONITORING_ACCOUNT}:InsightAlerts"},
                {"Id": "file", "Arn": f"arn:tripline:file:::{alerts_file}"},
            ],
        }],
    })


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def insight_key(details):
    return (details["insightType"], details["eventSource"], details["eventName"],
            details.get("errorCode"))


def fact_key(fact):
    return (fact["insight_type"], fact["event_source"], fact["event_name"], fact["error_code"])


def minutes_between(start, end):
    parse = lambda t: datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")
    return (parse(end) - parse(start)).total_seconds() / 60


def top_value(details, attribute):
    for a in details["insightContext"]["attributions"]:
        if a["attribute"] == attribute:
            return a["insight"][0]["value"] if a["insight"] else None
    return None


class InsightsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="tripline-insights-")
        self.logs = os.path.join(self.tmp.name, "logs")
        self.alerts = os.path.join(self.tmp.name, "alerts", "insights.jsonl")
        os.makedirs(os.path.dirname(self.alerts))
        self.config = os.path.join(self.tmp.name, "tripline.json")
        with open(self.config, "w") as f:
            f.write(config_text(self.alerts))
        self.data_dir = os.path.join(self.tmp.name, "var")
        valid = run_cli("validate", "--config", self.config)
        self.assertEqual(valid.returncode, 0, valid.stdout + valid.stderr)

    def tearDown(self):
        self.tmp.cleanup()

    def ingest(self):
        # The bound only catches hangs (ASan builds on two cores are slow).
        result = run_cli("ingest", "--insights", "--quiet", "--config", self.config,
                         "--data-dir", self.data_dir, self.logs, timeout=600)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(" 0 bad files, 0 bad records", result.stdout)

    def query(self, sql):
        result = run_cli("query", "--data-dir", self.data_dir, "--format", "json", sql, timeout=60)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return json.loads(result.stdout)

    def events(self, expected=None, timeout=10):
        """The events the rule's file target received (waiting up to `timeout` for `expected`)."""
        deadline = time.time() + timeout
        events = read_jsonl(self.alerts)
        while expected is not None and len(events) < expected and time.time() < deadline:
            time.sleep(0.2)
            events = read_jsonl(self.alerts)
        return events

    def assert_burst_insights(self, events):
        """Exactly one Start and one End per expected insight, with the burst's statistics."""
        facts = insights_week.burst_facts()
        for e in events:
            self.assertEqual(e["detail-type"], DETAIL_TYPE)
            self.assertEqual(e["source"], "aws.cloudtrail")
            self.assertEqual(e["detail"]["eventType"], "AwsCloudTrailInsight")
            self.assertEqual(e["detail"]["eventCategory"], "Insight")
            self.assertEqual(e["detail"]["recipientAccountId"], facts["account"])
            self.assertEqual(e["detail"]["awsRegion"], facts["region"])
        by_insight = {}
        for e in events:
            details = e["detail"]["insightDetails"]
            by_insight.setdefault(insight_key(details), []).append(e["detail"])
        expected = {fact_key(f): f for f in facts["insights"]}
        self.assertEqual(sorted(by_insight, key=str), sorted(expected, key=str),
                         json.dumps([e["detail"] for e in events], indent=1))
        self.assertEqual(len(events), 4, json.dumps([e["detail"] for e in events], indent=1))
        for key, fact in expected.items():
            with self.subTest(insight=key):
                records = by_insight[key]
                states = sorted(r["insightDetails"]["state"] for r in records)
                self.assertEqual(states, ["End", "Start"], records)
                start = next(r for r in records if r["insightDetails"]["state"] == "Start")
                end = next(r for r in records if r["insightDetails"]["state"] == "End")
                self.assertEqual(start["sharedEventID"], end["sharedEventID"])
                self.assertNotEqual(start["eventID"], end["eventID"])
                self.assertEqual(start["eventTime"], fact["start_time"])

                s = start["insightDetails"]["insightContext"]["statistics"]
                self.assertAlmostEqual(s["insight"]["average"], fact["counts"][0], places=6)
                self.assertEqual(s["insightDuration"], 1)
                self.assertLess(s["baseline"]["average"], 1)
                self.assertGreaterEqual(s["baselineDuration"], 10080)

                s = end["insightDetails"]["insightContext"]["statistics"]
                self.assertLessEqual(abs(s["insightDuration"] - fact["duration"]), 1, s)
                self.assertAlmostEqual(s["insight"]["average"],
                                       fact["total"] / s["insightDuration"], places=6)
                self.assertLess(s["baseline"]["average"], 1)
                self.assertGreaterEqual(s["baselineDuration"], 10080)
                # End's eventTime: the minute after the last unusual one (±1 as the duration).
                end_offset = minutes_between(fact["start_time"], end["eventTime"])
                self.assertLessEqual(abs(end_offset - fact["duration"]), 1, end["eventTime"])

                for r in (start, end):
                    details = r["insightDetails"]
                    self.assertEqual(details["sourceEventCategory"], "Management")
                    if fact["error_code"] is None:
                        self.assertEqual(top_value(details, "errorCode"), "null", details)
                    self.assertEqual(top_value(details, "userIdentityArn"), facts["attacker_arn"],
                                     details)
                    self.assertEqual(top_value(details, "userAgent"), facts["attacker_agent"],
                                     details)
        return by_insight

    def test_burst_starts_and_ends_one_insight_per_api(self):
        insights_week.write(self.logs)
        self.ingest()
        events = self.events(expected=4)
        self.assert_burst_insights(events)
        shared_ids = {e["detail"]["sharedEventID"] for e in events}

        # The topic's e-mail subscription: one message per event, in the maildir (no SMTP).
        maildir = os.path.join(self.data_dir, "mail", "new")
        deadline = time.time() + 10
        files = glob.glob(os.path.join(maildir, "*"))
        while len(files) < 4 and time.time() < deadline:
            time.sleep(0.2)
            files = glob.glob(os.path.join(maildir, "*"))
        self.assertEqual(len(files), 4, files)
        mailed_states = []
        for path in files:
            with open(path, "rb") as f:
                mail = email.message_from_bytes(f.read(), policy=email.policy.default)
            self.assertEqual(mail["To"], "secops@example.com")
            body = mail.get_body(preferencelist=("plain",)).get_content()
            self.assertIn(DETAIL_TYPE, body)
            message = json.loads(body[:body.rindex("}") + 1])
            self.assertEqual(message["detail-type"], DETAIL_TYPE)
            self.assertIn(message["detail"]["sharedEventID"], shared_ids)
            mailed_states.append(message["detail"]["insightDetails"]["state"])
        self.assertEqual(sorted(mailed_states), ["End", "End", "Start", "Start"])

        # The trail store holds the four records (eventcategory is a column of the extended
        # table: AWS's DDL for cloudtrail_logs does not declare it, docs/athena.md).
        rows = self.query("SELECT eventtype, eventtime, sharedeventid "
                          "FROM cloudtrail_logs_extended WHERE eventcategory = 'Insight'")
        self.assertEqual(sorted((r["eventtype"], r["eventtime"], r["sharedeventid"]) for r in rows),
                         sorted(("AwsCloudTrailInsight", e["detail"]["eventTime"],
                                 e["detail"]["sharedEventID"]) for e in events))

    def test_trail_store_returns_insight_details(self):
        insights_week.write(self.logs)
        self.ingest()
        events = self.events(expected=4)
        self.assertEqual(len(events), 4)
        rows = self.query("SELECT eventname, sharedeventid, insightdetails "
                          "FROM cloudtrail_logs_extended WHERE eventcategory = 'Insight'")
        self.assertEqual(len(rows), 4, rows)
        # Insights records have no top-level eventName; their API is in insightDetails.
        self.assertEqual([r["eventname"] for r in rows], [None] * 4)
        stored = sorted((r["sharedeventid"], json.loads(r["insightdetails"])["state"],
                         insight_key(json.loads(r["insightdetails"]))) for r in rows)
        delivered = sorted((e["detail"]["sharedEventID"], e["detail"]["insightDetails"]["state"],
                            insight_key(e["detail"]["insightDetails"])) for e in events)
        self.assertEqual(stored, delivered)

    def test_ordinary_week_starts_no_insight(self):
        insights_week.write(self.logs, burst=False)
        self.ingest()
        time.sleep(1)
        self.assertEqual(self.events(), [])
        self.assertEqual(glob.glob(os.path.join(self.data_dir, "mail", "new", "*")), [])
        self.assertEqual(self.query("SELECT count(*) AS n FROM cloudtrail_logs_extended "
                                    "WHERE eventcategory = 'Insight'"), [{"n": 0}])
        # The week itself is in the store (the noise was ingested, not dropped).
        rows = self.query("SELECT count(*) AS n FROM cloudtrail_logs")
        self.assertGreater(rows[0]["n"], 30000)

    def test_replay_split_over_runs_gives_the_same_insights(self):
        # Run 1: the first half of the week; run 2: up to the first file boundary inside the
        # call-rate burst (its insight is open, with minutes still to come, when the run ends);
        # run 3: the rest. More files each time, the same data directory.
        step = insights_week.FILE_MINUTES
        middle = insights_week.TOTAL_MINUTES // 2 // step * step
        call_burst = insights_week.burst_facts()["insights"][0]
        mid_burst = (call_burst["start_minute"] // step + 1) * step
        self.assertLess(mid_burst, call_burst["start_minute"] + call_burst["duration"])
        insights_week.write(self.logs, to_minute=middle)
        self.ingest()
        self.assertEqual(self.events(), [])
        insights_week.write(self.logs, from_minute=middle, to_minute=mid_burst)
        self.ingest()
        events = self.events(expected=1)
        self.assertEqual([(e["detail"]["insightDetails"]["eventName"],
                           e["detail"]["insightDetails"]["state"]) for e in events],
                         [("PutBucketPolicy", "Start")])
        insights_week.write(self.logs, from_minute=mid_burst)
        self.ingest()
        self.assert_burst_insights(self.events(expected=4))


if __name__ == "__main__":
    unittest.main()
