"""`tripline pattern test|match` and `tripline transform` as scripts use them (issue 5's CLI contract).

Run as a script: TRIPLINE_BIN=build/release/tripline TRIPLINE_SOURCE_DIR=. python3 test_pattern_cli.py
"""
import json
import os
import subprocess
import tempfile
import unittest

BIN = os.environ.get("TRIPLINE_BIN", os.path.join(os.path.dirname(__file__), "../../build/release/tripline"))
SOURCE_DIR = os.environ.get("TRIPLINE_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "../.."))
CASES = os.path.join(SOURCE_DIR, "..", "shared", "testdata", "eventbridge", "cases.jsonl")


def run(*args, input_text=None, timeout=60):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout,
                          input=input_text)


class PatternTestCommand(unittest.TestCase):
    def test_match_prints_true(self):
        r = run("pattern", "test", "--pattern", '{"source":["aws.iam"]}',
                "--event", '{"source":"aws.iam","detail":{}}')
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "true\n", ""))

    def test_no_match_prints_false(self):
        r = run("pattern", "test", "--pattern", '{"source":["aws.iam"]}', "--event", '{"source":"aws.s3"}')
        self.assertEqual((r.returncode, r.stdout), (0, "false\n"))

    def test_numbers_compare_by_value(self):
        r = run("pattern", "test", "--pattern", '{"a":[300]}', "--event", '{"a":3.0e2}')
        self.assertEqual(r.stdout, "true\n")

    def test_files_with_at(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = os.path.join(tmp, "p.json")
            e = os.path.join(tmp, "e.json")
            with open(p, "w") as f:
                f.write('{\n  "detail": {"eventName": [{"prefix": "Delete"}]}\n}\n')
            with open(e, "w") as f:
                f.write('{"detail": {"eventName": "DeleteTrail"}}')
            r = run("pattern", "test", "--pattern", "@" + p, "--event", "@" + e)
            self.assertEqual((r.returncode, r.stdout), (0, "true\n"))
            r = run("pattern", "test", "--pattern", "@" + os.path.join(tmp, "missing.json"), "--event", "@" + e)
            self.assertEqual(r.returncode, 1)

    def test_invalid_pattern_exits_2_with_aws_message(self):
        r = run("pattern", "test", "--pattern", '{"a":[{"like":"x"}]}', "--event", "{}")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stdout, "")
        self.assertIn("Event pattern is not valid. Reason: Unrecognized match type like", r.stderr)
        self.assertIn("line: 1, column:", r.stderr)

    def test_missing_flags_exit_2(self):
        self.assertEqual(run("pattern", "test", "--pattern", "{}").returncode, 2)
        self.assertEqual(run("pattern").returncode, 2)


class PatternTestBatch(unittest.TestCase):
    def test_public_cases(self):
        with open(CASES) as f:
            cases = [json.loads(line) for line in f if line.strip()]
        self.assertGreater(len(cases), 300)
        # The raw texts go into the line verbatim: number spellings and duplicate keys survive.
        lines = "".join('{"pattern": %s, "event": %s}\n' % (c["pattern_text"], c["event_text"])
                        for c in cases)
        r = run("pattern", "test", "--batch", input_text=lines)
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.splitlines()
        self.assertEqual(len(out), len(cases))
        wrong = [(c["id"], o) for c, o in zip(cases, out) if o != ("true" if c["match"] else "false")]
        self.assertEqual(wrong, [])

    def test_raw_text_is_used(self):
        # 1e0 vs 1: equal by value; duplicate keys in the event: every occurrence is a value.
        lines = ('{"pattern": {"a":[1]}, "event": {"a":1e0}}\n'
                 '{"pattern": {"a":["x"]}, "event": {"a":"y","a":"x"}}\n'
                 '{"pattern": {"a":[12345678901234567890]}, "event": {"a":12345678901234567890}}\n'
                 '{"pattern": {"a":[12345678901234567890]}, "event": {"a":1.2345678901234567890e19}}\n')
        r = run("pattern", "test", "--batch", input_text=lines)
        self.assertEqual(r.stdout.splitlines(), ["true", "true", "true", "false"])

    def test_errors_do_not_stop_the_batch(self):
        lines = ('{"pattern": {"a":["x"]}, "event": {"a":"x"}}\n'
                 'this is not json\n'
                 '{"pattern": {"a":"x"}, "event": {"a":"x"}}\n'
                 '{"event": {"a":"x"}}\n'
                 '[1,2]\n'
                 '{"pattern": {"a":["x"]}, "event": [1]}\n'
                 '{"pattern": "{\\"a\\":[\\"x\\"]}", "event": "{\\"a\\":\\"x\\"}"}\n')
        r = run("pattern", "test", "--batch", input_text=lines)
        self.assertEqual(r.returncode, 0)
        out = r.stdout.splitlines()
        self.assertEqual(len(out), 7)
        self.assertEqual(out[0], "true")
        self.assertTrue(out[1].startswith("error: "))
        self.assertTrue(out[2].startswith('error: Event pattern is not valid. Reason: "a" must be an object'))
        self.assertTrue(out[3].startswith("error: "))
        self.assertTrue(out[4].startswith("error: "))
        self.assertTrue(out[5].startswith("error: "))
        self.assertEqual(out[6], "true")


class PatternMatchCommand(unittest.TestCase):
    EVENTS = [
        {"id": "e1", "source": "aws.iam", "detail": {"eventName": "CreateUser", "sourceIPAddress": "10.1.2.3"}},
        {"id": "e2", "source": "aws.s3", "detail": {"eventName": "DeleteBucket"}},
        {"id": "e3", "source": "aws.signin", "detail-type": "AWS Console Sign In via CloudTrail",
         "detail": {"userIdentity": {"type": "Root"}}},
    ]

    def write(self, tmp, name, text):
        path = os.path.join(tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def events_text(self):
        return "".join(json.dumps(e) + "\n" for e in self.EVENTS)

    def test_yaml_rules_stream_matches(self):
        with tempfile.TemporaryDirectory() as tmp:
            rules = self.write(tmp, "rules.yaml",
                               "rules:\n"
                               "  - name: iam-changes\n"
                               "    event_pattern: {\"source\": [\"aws.iam\"]}\n"
                               "  - name: deletes\n"
                               "    event_pattern:\n"
                               "      detail:\n"
                               "        eventName: [{prefix: Delete}]\n"
                               "  - name: root-login\n"
                               "    event_pattern: |\n"
                               "      {\"detail-type\": [\"AWS Console Sign In via CloudTrail\"],\n"
                               "       \"detail\": {\"userIdentity\": {\"type\": [\"Root\"]}}}\n"
                               "  - name: private-ip\n"
                               "    event_pattern:\n"
                               "      detail:\n"
                               "        sourceIPAddress: [{cidr: 10.0.0.0/8}]\n")
            events = self.write(tmp, "events.jsonl", self.events_text())
            r = run("pattern", "match", "--rules", rules, events)
            self.assertEqual(r.returncode, 0, r.stderr)
            got = [json.loads(l) for l in r.stdout.splitlines()]
            self.assertEqual(got, [{"rule": "iam-changes", "event_id": "e1"},
                                   {"rule": "private-ip", "event_id": "e1"},
                                   {"rule": "deletes", "event_id": "e2"},
                                   {"rule": "root-login", "event_id": "e3"}])
            # Not a terminal: no progress bar.
            self.assertEqual(r.stderr, "")

    def test_jsonl_rules_from_stdin(self):
        with tempfile.TemporaryDirectory() as tmp:
            rules = self.write(tmp, "rules.jsonl",
                               '{"source":["aws.s3"]}\n'
                               '\n'
                               '{"name":"named","event_pattern":{"detail":{"eventName":["CreateUser"]}}}\n'
                               '{"source":[{"prefix":"aws."}]}\n')
            r = run("pattern", "match", "--rules", rules, "-", input_text=self.events_text())
            self.assertEqual(r.returncode, 0, r.stderr)
            got = [json.loads(l) for l in r.stdout.splitlines()]
            self.assertEqual(got, [{"rule": "named", "event_id": "e1"}, {"rule": "4", "event_id": "e1"},
                                   {"rule": "1", "event_id": "e2"}, {"rule": "4", "event_id": "e2"},
                                   {"rule": "4", "event_id": "e3"}])
            r = run("pattern", "match", "--rules", rules, input_text=self.events_text())
            self.assertEqual(len(r.stdout.splitlines()), 5)

    def test_invalid_rule_exits_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            rules = self.write(tmp, "rules.jsonl", '{"source":["aws.s3"]}\n{"source":"x"}\n')
            r = run("pattern", "match", "--rules", rules, "-", input_text="")
            self.assertEqual(r.returncode, 2)
            self.assertIn(":2: rule 2: Event pattern is not valid.", r.stderr)

    def test_invalid_event_lines_are_skipped(self):
        with tempfile.TemporaryDirectory() as tmp:
            rules = self.write(tmp, "rules.jsonl", '{"source":["aws.s3"]}\n')
            r = run("pattern", "match", "--rules", rules, input_text='not json\n{"id":"x","source":"aws.s3"}\n')
            self.assertEqual(r.returncode, 0)
            self.assertEqual(r.stdout, '{"rule":"1","event_id":"x"}\n')
            self.assertIn("1 invalid event line skipped", r.stderr)

    def test_unreadable_events_exit_1(self):
        with tempfile.TemporaryDirectory() as tmp:
            rules = self.write(tmp, "rules.jsonl", '{"source":["aws.s3"]}\n')
            r = run("pattern", "match", "--rules", rules, os.path.join(tmp, "nope.jsonl"))
            self.assertEqual(r.returncode, 1)


GUARDDUTY_TRANSFORMER = {
    "InputPathsMap": {"severity": "$.detail.severity", "Account_ID": "$.detail.accountId",
                      "Finding_ID": "$.detail.id", "Finding_Type": "$.detail.type", "region": "$.region",
                      "Finding_description": "$.detail.description"},
    "InputTemplate": "\"AWS <Account_ID> has a severity <severity> GuardDuty finding type <Finding_Type> in the <region> region.\"\n"
                     "\"Finding Description:\"\n"
                     "\"<Finding_description>. \"\n"
                     "\"For more details open the GuardDuty console at https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id=<Finding_ID>\"",
}
GUARDDUTY_EVENT = ('{"version":"0","id":"c8c4daa7","detail-type":"GuardDuty Finding","source":"aws.guardduty",'
                   '"account":"123456789012","time":"2026-11-22T08:00:00Z","region":"us-east-1","resources":[],'
                   '"detail":{"accountId":"123456789012","id":"16afba5c","type":"Backdoor:EC2/C&CActivity.B!DNS",'
                   '"severity":8,"description":"EC2 instance i-99999999 is querying a domain name associated with '
                   'a known Command & Control server."}}')


class TransformCommand(unittest.TestCase):
    def test_guardduty_email(self):
        r = run("transform", "--transformer", json.dumps(GUARDDUTY_TRANSFORMER), "--event", GUARDDUTY_EVENT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout,
                         '"AWS 123456789012 has a severity 8 GuardDuty finding type Backdoor:EC2/C&CActivity.B!DNS in the us-east-1 region."\n'
                         '"Finding Description:"\n'
                         '"EC2 instance i-99999999 is querying a domain name associated with a known Command & Control server.. "\n'
                         '"For more details open the GuardDuty console at https://console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?search=id=16afba5c"\n')

    def test_json_template_with_rule_placeholders(self):
        t = {"InputPathsMap": {"sev": "$.detail.severity"},
             "InputTemplate": '{"rule": <aws.events.rule-name>, "arn": <aws.events.rule-arn>, "sev": <sev>}'}
        r = run("transform", "--transformer", json.dumps(t), "--event", GUARDDUTY_EVENT,
                "--rule-name", "gd", "--rule-arn", "arn:aws:events:us-east-1:123456789012:rule/gd")
        self.assertEqual(r.stdout, '{"rule":"gd","arn":"arn:aws:events:us-east-1:123456789012:rule/gd","sev":8}\n')

    def test_input_and_input_path_from_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            ev = os.path.join(tmp, "event.json")
            with open(ev, "w") as f:
                f.write(GUARDDUTY_EVENT)
            r = run("transform", "--transformer", '{"InputPath":"$.detail.type"}', "--event", "@" + ev)
            self.assertEqual(r.stdout, '"Backdoor:EC2/C&CActivity.B!DNS"\n')
            r = run("transform", "--transformer", '{"Input":"{\\"k\\": 1}"}', "--event", "@" + ev)
            self.assertEqual(r.stdout, '{"k":1}\n')

    def test_invalid_transformer_exits_2(self):
        r = run("transform", "--transformer", '{"InputPathsMap":{"AWSx":"$.a"},"InputTemplate":"<AWSx>"}',
                "--event", "{}")
        self.assertEqual(r.returncode, 2)
        self.assertIn("keys can't start with", r.stderr)
        r = run("transform", "--transformer", '{"InputPath":"$.a"}', "--event", "not json")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
