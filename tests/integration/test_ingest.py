"""`tripline ingest` runs the same pipeline as `serve`: real CloudTrail logs (Stratus Red Team's
detonation logs) fire the rules a user would write, read-only events reach only rules in state
ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, a second run re-alerts nothing (checkpoints and
eventID dedup), and with a server holding the data dir the records go to that server."""
import glob
import json
import os
import tempfile
import time
import unittest

from tripline_process import Server, run_cli

SOURCE = os.path.abspath(os.path.join(os.environ.get("TRIPLINE_SOURCE_DIR", "."), "..", "shared",
                                      "testdata", "cloudtrail", "stratus-red-team"))

TAMPERING = ["StopLogging", "DeleteTrail", "PutEventSelectors"]


def config_text(alerts_dir):
    def rule(name, state, pattern):
        return {"name": name, "state": state, "event_pattern": pattern,
                "targets": [{"Id": "file", "Arn": f"arn:tripline:file:::{alerts_dir}/{name}.jsonl"}]}
    rules = [
        rule("tampering", "ENABLED", {"source": ["aws.cloudtrail"],
                                      "detail": {"eventName": TAMPERING}}),
        rule("console-no-mfa", "ENABLED",
             {"detail-type": ["AWS Console Sign In via CloudTrail"],
              "detail": {"additionalEventData": {"MFAUsed": ["No"]}}}),
        rule("whoami-enabled", "ENABLED", {"detail": {"eventName": ["GetCallerIdentity"]}}),
        rule("whoami-all", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
             {"detail": {"eventName": ["GetCallerIdentity"]}}),
    ]
    return json.dumps({"rules": rules})


def source_records():
    records = []
    for path in sorted(glob.glob(os.path.join(SOURCE, "*.json"))):
        with open(path) as f:
            records += json.load(f)["Records"]
    return records


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class IngestTest(unittest.TestCase):
    def setUp(self):
        if not os.path.isdir(SOURCE):
            self.skipTest(f"no test data at {SOURCE}")
        self.tmp = tempfile.TemporaryDirectory(prefix="tripline-ingest-")
        self.alerts = os.path.join(self.tmp.name, "alerts")
        os.makedirs(self.alerts)
        self.config = os.path.join(self.tmp.name, "tripline.json")
        with open(self.config, "w") as f:
            f.write(config_text(self.alerts))
        self.data_dir = os.path.join(self.tmp.name, "var")

    def tearDown(self):
        self.tmp.cleanup()

    def alerts_of(self, rule):
        return [e["detail"] for e in read_jsonl(os.path.join(self.alerts, f"{rule}.jsonl"))]

    def ingest(self, *extra):
        return run_cli("ingest", "--data-dir", self.data_dir, "--config", self.config, SOURCE,
                       *extra, timeout=120)

    def wait_for_alerts(self, rule, count, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.alerts_of(rule)) < count:
            time.sleep(0.2)
        return self.alerts_of(rule)

    def test_ingested_logs_fire_the_rules_once(self):
        records = source_records()
        by_name = lambda names: sorted(r["eventID"] for r in records if r["eventName"] in names)

        first = self.ingest()
        self.assertEqual(first.returncode, 0, first.stdout + first.stderr)
        tampering = self.wait_for_alerts("tampering", len(by_name(TAMPERING)))
        self.assertEqual(sorted(d["eventID"] for d in tampering), by_name(TAMPERING))
        no_mfa = [r["eventID"] for r in records if r["eventName"] == "ConsoleLogin"
                  and (r.get("additionalEventData") or {}).get("MFAUsed") == "No"]
        self.assertEqual(sorted(d["eventID"] for d in self.alerts_of("console-no-mfa")),
                         sorted(no_mfa))
        whoami = by_name(["GetCallerIdentity"])
        self.assertTrue(whoami)
        self.assertEqual(sorted(d["eventID"] for d in self.wait_for_alerts("whoami-all", len(whoami))),
                         whoami)
        # Read-only management events do not reach rules in state ENABLED (AWS's rule).
        self.assertEqual(self.alerts_of("whoami-enabled"), [])

        second = self.ingest()
        self.assertEqual(second.returncode, 0, second.stdout + second.stderr)
        time.sleep(1)
        self.assertEqual(len(self.alerts_of("tampering")), len(by_name(TAMPERING)))
        self.assertEqual(len(self.alerts_of("whoami-all")), len(whoami))

    def test_ingest_hands_records_to_a_running_server(self):
        with Server(data_dir=self.data_dir, config=self.config) as server:
            server.wait_ready()
            result = self.ingest()
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            records = source_records()
            expected = sorted(r["eventID"] for r in records if r["eventName"] in TAMPERING)
            got = self.wait_for_alerts("tampering", len(expected))
            self.assertEqual(sorted(d["eventID"] for d in got), expected)


if __name__ == "__main__":
    unittest.main()
