"""EventBridge through both real CLIs: rules in all three states, targets with the GuardDuty input
transformer (round-trip), TestEventPattern, PutEvents with per-entry results (and the outbox rows
they produce), RemoveTargets, DeleteRule, event buses, errors, and persistence across a restart."""
import json
import os
import sqlite3
import tempfile
import unittest

from aws_clients import clients, read_credentials, read_records, run_aws
from lab_server_test import LabServerTest
from tripline_process import Server, outbox_payload

ACCOUNT = "123456789012"
REGION = "us-east-1"
STS_PATTERN = ('{"source": ["aws.sts"], "detail-type": ["AWS API Call via CloudTrail"], '
               '"detail": {"eventSource": ["sts.amazonaws.com"], "eventName": ["GetCallerIdentity"]}}')
GD_TEMPLATE = ('"AWS <Account_ID> has a severity <severity> GuardDuty finding type <Finding_Type> in the '
               '<region> region."\n"Finding Description:"\n"<Finding_description>. "\n"For more details '
               'open the GuardDuty console at https://console.aws.amazon.com/guardduty/home?region=<region>'
               '#/findings?search=id=<Finding_ID>"')
GD_PATHS = {"severity": "$.detail.severity", "Account_ID": "$.detail.accountId",
            "Finding_ID": "$.detail.id", "Finding_Type": "$.detail.type", "region": "$.region",
            "Finding_description": "$.detail.description"}


class EventsTest(LabServerTest):
    """Set-up: lab_server_test.LabServerTest (one server, the lab key, the CLIs, self.tmp)."""

    def aws(self, cli, *args, ok=True):
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret, "events", *args, region=REGION)
        if ok:
            self.assertEqual(proc.returncode, 0, proc.stderr)
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        return proc.stderr

    def write(self, name, value):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            json.dump(value, f)
        return "file://" + path

    def outbox(self, kind="events.target"):
        db = sqlite3.connect(f"file:{os.path.join(self.server.data_dir, 'state.db')}?mode=ro", uri=True)
        try:
            return [(d, json.loads(outbox_payload(p))) for d, p in
                    db.execute("SELECT destination, payload FROM outbox WHERE kind = ? ORDER BY id", (kind,))]
        finally:
            db.close()

    def test_put_rule_in_all_three_states_then_describe_and_list(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                for state in ("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"):
                    rule = f"{name}-State-{state}"
                    out = self.aws(cli, "put-rule", "--name", rule, "--event-pattern", STS_PATTERN,
                                   "--state", state, "--description", "lab1")
                    self.assertEqual(out["RuleArn"], f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{rule}")
                    described = self.aws(cli, "describe-rule", "--name", rule)
                    self.assertEqual(described["EventPattern"], STS_PATTERN)  # verbatim
                    self.assertEqual(described["State"], state)
                    self.assertEqual(described["Description"], "lab1")
                    self.assertEqual(described["EventBusName"], "default")
                    self.assertEqual(described["CreatedBy"], ACCOUNT)
                    self.assertEqual(described["Arn"], out["RuleArn"])
                listed = self.aws(cli, "list-rules", "--name-prefix", f"{name}-State-")
                self.assertEqual([r["Name"] for r in listed["Rules"]],
                                 sorted(f"{name}-State-{s}" for s in
                                        ("ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")))
                self.assertEqual(listed["Rules"][0]["EventPattern"], STS_PATTERN)
                # Paginated by the CLI (Limit 1 per call).
                paged = self.aws(cli, "list-rules", "--name-prefix", f"{name}-State-", "--page-size", "1")
                self.assertEqual(len(paged["Rules"]), 3)
                self.aws(cli, "disable-rule", "--name", f"{name}-State-ENABLED")
                self.assertEqual(self.aws(cli, "describe-rule", "--name", f"{name}-State-ENABLED")["State"],
                                 "DISABLED")
                self.aws(cli, "enable-rule", "--name", f"{name}-State-ENABLED")
                self.assertEqual(self.aws(cli, "describe-rule", "--name", f"{name}-State-ENABLED")["State"],
                                 "ENABLED")

    def test_put_rule_is_recorded_in_cloudtrail_style(self):
        cli = self.clis[0][1]
        self.aws(cli, "put-rule", "--name", "RecordedRule", "--event-pattern", STS_PATTERN)
        record = [r for r in read_records(self.server.data_dir) if r["eventName"] == "PutRule"][-1]
        self.assertEqual(record["eventSource"], "events.amazonaws.com")
        self.assertEqual(record["requestParameters"]["name"], "RecordedRule")
        self.assertEqual(record["requestParameters"]["eventPattern"], STS_PATTERN)
        self.assertEqual(record["responseElements"]["ruleArn"],
                         f"arn:aws:events:{REGION}:{ACCOUNT}:rule/RecordedRule")
        self.assertFalse(record["readOnly"])

    def test_input_transformer_round_trips_exactly(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                rule = f"{name}-GDRule"
                self.aws(cli, "put-rule", "--name", rule, "--event-pattern",
                         '{"source":["aws.guardduty"],"detail-type":["GuardDuty Finding"],'
                         '"detail":{"severity":[4,4.1,5,6,7,8,8.9]}}')
                targets = [{"Id": "1", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:GDTopic",
                            "InputTransformer": {"InputPathsMap": GD_PATHS, "InputTemplate": GD_TEMPLATE}},
                           {"Id": "file", "Arn": "arn:tripline:file:::/tmp/tripline-events.jsonl",
                            "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 600},
                            "DeadLetterConfig": {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:dlq"}}]
                out = self.aws(cli, "put-targets", "--rule", rule, "--targets", self.write("t.json", targets))
                self.assertEqual(out, {"FailedEntryCount": 0, "FailedEntries": []})
                listed = self.aws(cli, "list-targets-by-rule", "--rule", rule)
                self.assertEqual(listed["Targets"], targets)
                got = listed["Targets"][0]["InputTransformer"]
                self.assertEqual(got["InputTemplate"], GD_TEMPLATE)
                self.assertEqual(list(got["InputPathsMap"]), list(GD_PATHS))  # order kept
                self.assertIn(rule, self.aws(cli, "list-rule-names-by-target", "--target-arn",
                                             f"arn:aws:sns:{REGION}:{ACCOUNT}:GDTopic")["RuleNames"])

    def test_target_validation(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                rule = f"{name}-Limits"
                self.aws(cli, "put-rule", "--name", rule, "--event-pattern", '{"source":["custom.x"]}')
                mixed = [{"Id": "ok", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q"},
                         {"Id": "fn", "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f"}]
                out = self.aws(cli, "put-targets", "--rule", rule, "--targets", self.write("m.json", mixed))
                self.assertEqual(out["FailedEntryCount"], 1)
                self.assertEqual(out["FailedEntries"][0]["TargetId"], "fn")
                self.assertEqual(out["FailedEntries"][0]["ErrorCode"], "ValidationException")
                self.assertIn("not supported", out["FailedEntries"][0]["ErrorMessage"])
                both = [{"Id": "b", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q", "Input": "{}",
                         "InputPath": "$.detail"}]
                err = self.aws(cli, "put-targets", "--rule", rule, "--targets",
                               self.write("b.json", both), ok=False)
                self.assertIn("ValidationException", err)
                self.assertIn("Only one of Input, InputPath, or InputTransformer must be provided for target b.",
                              err)
                five = [{"Id": str(i), "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q"} for i in range(5)]
                err = self.aws(cli, "put-targets", "--rule", rule, "--targets",
                               self.write("f.json", five), ok=False)
                self.assertIn("LimitExceededException", err)
                err = self.aws(cli, "put-targets", "--rule", "NoSuchRule", "--targets",
                               self.write("n.json", mixed[:1]), ok=False)
                self.assertIn("ResourceNotFoundException", err)
                self.assertIn("Rule NoSuchRule does not exist on EventBus default.", err)

    def test_test_event_pattern(self):
        event = json.dumps({"id": "1", "source": "aws.sts", "detail-type": "AWS API Call via CloudTrail",
                            "account": ACCOUNT, "time": "2026-11-22T08:00:00Z", "region": REGION,
                            "detail": {"eventSource": "sts.amazonaws.com", "eventName": "GetCallerIdentity"}})
        for name, cli in self.clis:
            with self.subTest(cli=name):
                self.assertEqual(self.aws(cli, "test-event-pattern", "--event-pattern", STS_PATTERN,
                                          "--event", event), {"Result": True})
                self.assertEqual(self.aws(cli, "test-event-pattern", "--event-pattern",
                                          '{"source":["aws.iam"]}', "--event", event), {"Result": False})
                err = self.aws(cli, "test-event-pattern", "--event-pattern", '{"source":"aws.sts"}',
                               "--event", event, ok=False)
                self.assertIn("InvalidEventPatternException", err)
                self.assertIn("Event pattern is not valid. Reason:", err)
                err = self.aws(cli, "test-event-pattern", "--event-pattern", STS_PATTERN,
                               "--event", '{"testEvent":"value"}', ok=False)
                self.assertIn("ValidationException", err)
                self.assertIn("Parameter Event is not valid.", err)

    def test_put_events_per_entry_results_and_outbox(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                rule = f"{name}-Custom"
                topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}-custom"
                self.aws(cli, "put-rule", "--name", rule, "--event-pattern",
                         json.dumps({"source": [f"custom.{name}"]}))
                self.aws(cli, "put-targets", "--rule", rule, "--targets",
                         self.write("c.json", [{"Id": "1", "Arn": topic}]))
                entries = [
                    {"Source": f"custom.{name}", "DetailType": "Test", "Detail": '{"k": "v", "n": 8.0}'},
                    {"Source": f"custom.{name}", "DetailType": "Test"},
                    {"Source": "aws.sts", "DetailType": "Test", "Detail": "{}"},
                    {"Source": f"custom.{name}", "DetailType": "Test", "Detail": "[1]"},
                    {"Source": f"custom.{name}", "DetailType": "Test", "Detail": "{}",
                     "EventBusName": "nope"},
                ]
                out = self.aws(cli, "put-events", "--entries", self.write("e.json", entries))
                self.assertEqual(out["FailedEntryCount"], 4)
                results = out["Entries"]
                self.assertIn("EventId", results[0])
                self.assertEqual(results[1], {"ErrorCode": "InvalidArgument", "ErrorMessage":
                                              "Parameter Detail is not valid. Reason: Detail is a required argument."})
                self.assertEqual(results[2]["ErrorCode"], "NotAuthorizedForSourceException")
                self.assertEqual(results[3]["ErrorCode"], "MalformedDetail")
                self.assertEqual(results[4]["ErrorCode"], "ResourceNotFoundException")
                rows = [(d, p) for d, p in self.outbox() if d == topic]
                self.assertEqual(len(rows), 1)
                invocation = rows[0][1]
                event = json.loads(invocation["input"])
                self.assertEqual(event["id"], results[0]["EventId"])
                self.assertEqual(event["source"], f"custom.{name}")
                self.assertEqual(event["detail-type"], "Test")
                self.assertEqual(event["account"], ACCOUNT)
                self.assertEqual(event["region"], REGION)
                self.assertIn('"detail":{"k":"v","n":8.0}', invocation["input"])
                self.assertEqual(invocation["rule_arn"], f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{rule}")
                # No entry with Source, DetailType and Detail: the whole request fails.
                err = self.aws(cli, "put-events", "--entries",
                               self.write("x.json", [{"Source": "a"}]), ok=False)
                self.assertIn("ValidationException", err)

    def test_remove_targets_then_delete_rule(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                rule = f"{name}-Doomed"
                self.aws(cli, "put-rule", "--name", rule, "--event-pattern", '{"source":["x"]}')
                self.aws(cli, "put-targets", "--rule", rule, "--targets",
                         self.write("d.json", [{"Id": "1", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:q"}]))
                err = self.aws(cli, "delete-rule", "--name", rule, ok=False)
                self.assertIn("ValidationException", err)
                self.assertIn("Rule can't be deleted since it has targets.", err)
                out = self.aws(cli, "remove-targets", "--rule", rule, "--ids", "1", "2")
                self.assertEqual(out["FailedEntryCount"], 1)
                self.assertEqual(out["FailedEntries"][0]["TargetId"], "2")
                self.assertEqual(out["FailedEntries"][0]["ErrorCode"], "ResourceNotFoundException")
                self.assertEqual(self.aws(cli, "list-targets-by-rule", "--rule", rule)["Targets"], [])
                self.aws(cli, "delete-rule", "--name", rule)
                err = self.aws(cli, "describe-rule", "--name", rule, ok=False)
                self.assertIn("ResourceNotFoundException", err)
                self.assertIn(f"Rule {rule} does not exist on EventBus default.", err)

    def test_event_buses(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                bus = f"{name}-tripline-bus"
                out = self.aws(cli, "create-event-bus", "--name", bus)
                self.assertEqual(out["EventBusArn"], f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{bus}")
                err = self.aws(cli, "create-event-bus", "--name", bus, ok=False)
                self.assertIn("ResourceAlreadyExistsException", err)
                described = self.aws(cli, "describe-event-bus", "--name", bus)
                self.assertEqual(described["Arn"], out["EventBusArn"])
                if name == "v1":  # the Debian 2.9.19 model predates CreationTime
                    self.assertIn("CreationTime", described)
                self.assertEqual(self.aws(cli, "describe-event-bus")["Name"], "default")
                names = [b["Name"] for b in self.aws(cli, "list-event-buses")["EventBuses"]]
                self.assertIn("default", names)
                self.assertIn(bus, names)
                rule = self.aws(cli, "put-rule", "--name", "OnBus", "--event-bus-name", bus,
                                "--event-pattern", '{"source":["x"]}')
                self.assertEqual(rule["RuleArn"], f"arn:aws:events:{REGION}:{ACCOUNT}:rule/{bus}/OnBus")
                self.aws(cli, "tag-resource", "--resource-arn", rule["RuleArn"], "--tags", "Key=team,Value=sec")
                self.assertEqual(self.aws(cli, "list-tags-for-resource", "--resource-arn",
                                          rule["RuleArn"])["Tags"], [{"Key": "team", "Value": "sec"}])
                self.aws(cli, "delete-event-bus", "--name", bus)
                err = self.aws(cli, "describe-event-bus", "--name", bus, ok=False)
                self.assertIn("ResourceNotFoundException", err)
                err = self.aws(cli, "put-rule", "--name", "X", "--event-bus-name", bus,
                               "--event-pattern", '{"source":["x"]}', ok=False)
                self.assertIn(f"Event bus {bus} does not exist.", err)
                err = self.aws(cli, "put-rule", "--name", "Bad", "--event-pattern", '{"source":"x"}', ok=False)
                self.assertIn("InvalidEventPatternException", err)


class EventsRestartTest(unittest.TestCase):
    def test_rules_and_targets_survive_a_restart(self):
        if not clients():
            raise unittest.SkipTest("no aws CLI on this machine")
        cli = clients()[0][1]
        with tempfile.TemporaryDirectory(prefix="tripline-events-restart-") as tmp:
            data_dir = os.path.join(tmp, "var")
            targets = os.path.join(tmp, "t.json")
            with open(targets, "w") as f:
                json.dump([{"Id": "1", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT}:t",
                            "InputTransformer": {"InputPathsMap": GD_PATHS, "InputTemplate": GD_TEMPLATE}}], f)
            with Server(data_dir=data_dir) as server:
                key, secret = read_credentials(data_dir)
                for args in (("put-rule", "--name", "Kept", "--event-pattern", STS_PATTERN,
                              "--state", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"),
                             ("put-targets", "--rule", "Kept", "--targets", "file://" + targets)):
                    proc = run_aws(cli, server.endpoint, key, secret, "events", *args, region=REGION)
                    self.assertEqual(proc.returncode, 0, proc.stderr)
            with Server(data_dir=data_dir) as server:
                proc = run_aws(cli, server.endpoint, key, secret, "events", "describe-rule", "--name", "Kept",
                               region=REGION)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(json.loads(proc.stdout)["State"], "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
                proc = run_aws(cli, server.endpoint, key, secret, "events", "list-targets-by-rule", "--rule",
                               "Kept", region=REGION)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                self.assertEqual(json.loads(proc.stdout)["Targets"][0]["InputTransformer"]["InputTemplate"],
                                 GD_TEMPLATE)


if __name__ == "__main__":
    unittest.main()
