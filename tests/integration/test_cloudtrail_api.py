"""CloudTrail's API through both real CLIs (cloudtrail.md §8-§11): trails on a bucket made with
`aws s3 mb`, describe/get/list, shadow trails, start/stop-logging and get-trail-status, basic and
advanced event selectors, insight selectors, tags, lookup-events finding the CreateTrail call,
list-public-keys, AWS's errors, log files written for a logging trail, and the CloudTrail records
of the calls themselves."""
import json
import time
import unittest

from aws_clients import read_records, run_aws
from lab_server_test import LabServerTest

ACCOUNT = "123456789012"
REGION = "us-east-1"
OTHER_REGION = "eu-west-1"
# Each test works in its own region: the server is shared and AWS allows 5 trails per region.
TEST_REGIONS = {
    "test_trail_lifecycle": "us-east-2",
    "test_shadow_trails_of_multi_region_trails": "us-west-1",
    "test_event_selectors": "us-west-2",
    "test_insight_selectors": "ap-south-1",
    "test_tags": "ca-central-1",
    "test_errors": "eu-central-1",
    "test_lookup_events_finds_the_create_trail_call": "eu-north-1",
    "test_calls_are_recorded_as_management_events": "sa-east-1",
}


class CloudTrailApiTest(LabServerTest):
    """Set-up: lab_server_test.LabServerTest (one server, the lab key, the CLIs, self.tmp)."""

    def setUp(self):
        self.region = TEST_REGIONS.get(self._testMethodName, REGION)

    def run_cli(self, cli, *args, region=None):
        return run_aws(cli, self.server.endpoint, self.key, self.secret, *args,
                       region=region or self.region)

    def ct(self, cli, *args, region=None):
        proc = self.run_cli(cli, "cloudtrail", *args, region=region)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def ct_error(self, cli, code, *args, region=None):
        proc = self.run_cli(cli, "cloudtrail", *args, region=region)
        self.assertNotEqual(proc.returncode, 0, proc.stdout)
        self.assertIn(code, proc.stderr)
        return proc.stderr

    def bucket(self, cli, name):
        proc = self.run_cli(cli, "s3", "mb", f"s3://{name}")
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def arn(self, name, region=None):
        return f"arn:aws:cloudtrail:{region or self.region}:{ACCOUNT}:trail/{name}"

    def test_trail_lifecycle(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                bucket = f"ct-{cli_name}-lifecycle"
                name = f"{cli_name}-trail"
                self.bucket(cli, bucket)
                created = self.ct(cli, "create-trail", "--name", name, "--s3-bucket-name", bucket)
                self.assertEqual(created["Name"], name)
                self.assertEqual(created["TrailARN"], self.arn(name))
                self.assertEqual(created["S3BucketName"], bucket)
                self.assertTrue(created["IncludeGlobalServiceEvents"])
                self.assertFalse(created["IsMultiRegionTrail"])
                self.assertFalse(created["LogFileValidationEnabled"])
                self.assertFalse(created["IsOrganizationTrail"])

                trail = self.ct(cli, "get-trail", "--name", name)["Trail"]
                self.assertEqual(trail["HomeRegion"], self.region)
                self.assertFalse(trail["HasCustomEventSelectors"])
                self.assertFalse(trail["HasInsightSelectors"])
                self.assertEqual(self.ct(cli, "get-trail", "--name", self.arn(name))["Trail"]["Name"], name)
                described = self.ct(cli, "describe-trails", "--trail-name-list", name)["trailList"]
                self.assertEqual([t["TrailARN"] for t in described], [self.arn(name)])
                listed = self.ct(cli, "list-trails")["Trails"]
                self.assertIn({"TrailARN": self.arn(name), "Name": name, "HomeRegion": self.region}, listed)

                updated = self.ct(cli, "update-trail", "--name", name, "--s3-key-prefix", "lab",
                                  "--enable-log-file-validation")
                self.assertEqual(updated["S3KeyPrefix"], "lab")
                self.assertTrue(updated["LogFileValidationEnabled"])

                status = self.ct(cli, "get-trail-status", "--name", name)
                self.assertFalse(status["IsLogging"])
                self.assertEqual(status["TimeLoggingStarted"], "")
                self.ct(cli, "start-logging", "--name", name)
                status = self.ct(cli, "get-trail-status", "--name", name)
                self.assertTrue(status["IsLogging"])
                self.assertIn("StartLoggingTime", status)
                self.assertRegex(status["TimeLoggingStarted"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
                self.ct(cli, "stop-logging", "--name", name)
                status = self.ct(cli, "get-trail-status", "--name", name)
                self.assertFalse(status["IsLogging"])
                self.assertIn("StopLoggingTime", status)
                self.assertNotEqual(status["TimeLoggingStopped"], "")

                self.ct(cli, "delete-trail", "--name", name)
                self.ct_error(cli, "TrailNotFoundException", "get-trail", "--name", name)

    def test_shadow_trails_of_multi_region_trails(self):
        cli_name, cli = self.clis[0]
        bucket = f"ct-{cli_name}-multi"
        self.bucket(cli, bucket)
        self.ct(cli, "create-trail", "--name", "everywhere", "--s3-bucket-name", bucket,
                "--is-multi-region-trail")
        shadow = self.ct(cli, "describe-trails", region=OTHER_REGION)["trailList"]
        self.assertEqual([(t["Name"], t["HomeRegion"]) for t in shadow], [("everywhere", self.region)])
        self.assertEqual(self.ct(cli, "describe-trails", "--no-include-shadow-trails",
                                 region=OTHER_REGION)["trailList"], [])
        self.assertTrue(self.ct(cli, "get-trail", "--name", "everywhere",
                                region=OTHER_REGION)["Trail"]["IsMultiRegionTrail"])
        self.ct_error(cli, "InvalidHomeRegionException", "start-logging", "--name", "everywhere",
                      region=OTHER_REGION)
        self.ct(cli, "delete-trail", "--name", "everywhere")

    def test_event_selectors(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                bucket = f"ct-{cli_name}-selectors"
                name = f"{cli_name}-selected"
                self.bucket(cli, bucket)
                self.ct(cli, "create-trail", "--name", name, "--s3-bucket-name", bucket)
                default = self.ct(cli, "get-event-selectors", "--trail-name", name)
                self.assertEqual(default["TrailARN"], self.arn(name))
                self.assertEqual(default["EventSelectors"][0]["ReadWriteType"], "All")
                self.assertTrue(default["EventSelectors"][0]["IncludeManagementEvents"])

                basic = [{"ReadWriteType": "WriteOnly", "IncludeManagementEvents": True,
                          "DataResources": [{"Type": "AWS::S3::Object", "Values": [f"arn:aws:s3:::{bucket}/"]}]}]
                put = self.ct(cli, "put-event-selectors", "--trail-name", name,
                              "--event-selectors", json.dumps(basic))
                self.assertEqual(put["TrailARN"], self.arn(name))
                self.assertEqual(put["EventSelectors"][0]["ReadWriteType"], "WriteOnly")
                self.assertEqual(put["EventSelectors"][0]["DataResources"], basic[0]["DataResources"])
                got = self.ct(cli, "get-event-selectors", "--trail-name", name)
                self.assertEqual(got["EventSelectors"], put["EventSelectors"])
                self.assertTrue(self.ct(cli, "get-trail", "--name", name)["Trail"]["HasCustomEventSelectors"])

                advanced = [{"Name": "writes", "FieldSelectors": [
                    {"Field": "eventCategory", "Equals": ["Management"]},
                    {"Field": "readOnly", "Equals": ["false"]}]}]
                put = self.ct(cli, "put-event-selectors", "--trail-name", name,
                              "--advanced-event-selectors", json.dumps(advanced))
                self.assertEqual(put["AdvancedEventSelectors"][0]["Name"], "writes")
                self.assertNotIn("EventSelectors", put)
                got = self.ct(cli, "get-event-selectors", "--trail-name", name)
                self.assertEqual(len(got["AdvancedEventSelectors"][0]["FieldSelectors"]), 2)

                self.ct_error(cli, "InvalidEventSelectorsException", "put-event-selectors",
                              "--trail-name", name, "--event-selectors",
                              json.dumps([{"ReadWriteType": "Sometimes"}]))
                self.ct_error(cli, "TrailNotFoundException", "get-event-selectors",
                              "--trail-name", "no-such-trail")

    def test_insight_selectors(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                bucket = f"ct-{cli_name}-insights"
                name = f"{cli_name}-insights"
                self.bucket(cli, bucket)
                self.ct(cli, "create-trail", "--name", name, "--s3-bucket-name", bucket)
                self.ct_error(cli, "InsightNotEnabledException", "get-insight-selectors",
                              "--trail-name", name)
                selectors = [{"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiErrorRateInsight"}]
                put = self.ct(cli, "put-insight-selectors", "--trail-name", name,
                              "--insight-selectors", json.dumps(selectors))
                self.assertEqual(put["TrailARN"], self.arn(name))
                self.assertEqual(put["InsightSelectors"], selectors)
                self.assertEqual(self.ct(cli, "get-insight-selectors", "--trail-name", name)["InsightSelectors"],
                                 selectors)
                self.assertTrue(self.ct(cli, "get-trail", "--name", name)["Trail"]["HasInsightSelectors"])
                self.ct_error(cli, "InvalidInsightSelectorsException", "put-insight-selectors",
                              "--trail-name", name, "--insight-selectors",
                              json.dumps([{"InsightType": "ApiCallVolume"}]))

    def test_tags(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                bucket = f"ct-{cli_name}-tags"
                name = f"{cli_name}-tagged"
                self.bucket(cli, bucket)
                arn = self.ct(cli, "create-trail", "--name", name, "--s3-bucket-name", bucket,
                              "--tags-list", "Key=team,Value=blue")["TrailARN"]
                self.ct(cli, "add-tags", "--resource-id", arn, "--tags-list", "Key=env,Value=lab")
                tags = self.ct(cli, "list-tags", "--resource-id-list", arn)["ResourceTagList"]
                self.assertEqual(tags, [{"ResourceId": arn, "TagsList": [
                    {"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "lab"}]}])
                self.ct(cli, "remove-tags", "--resource-id", arn, "--tags-list", "Key=team")
                tags = self.ct(cli, "list-tags", "--resource-id-list", arn)["ResourceTagList"]
                self.assertEqual(tags[0]["TagsList"], [{"Key": "env", "Value": "lab"}])
                self.ct_error(cli, "ResourceNotFoundException", "list-tags", "--resource-id-list",
                              self.arn("no-such-trail"))

    def test_errors(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                bucket = f"ct-{cli_name}-errors"
                self.bucket(cli, bucket)
                err = self.ct_error(cli, "TrailNotFoundException", "get-trail", "--name", "missing")
                self.assertIn(f"Unknown trail: {self.arn('missing')} for the user: {ACCOUNT}", err)
                self.ct_error(cli, "TrailNotFoundException", "get-trail-status", "--name", "missing")
                self.ct_error(cli, "InvalidTrailNameException", "create-trail", "--name", "my--trail",
                              "--s3-bucket-name", bucket)
                self.ct_error(cli, "S3BucketDoesNotExistException", "create-trail", "--name",
                              f"{cli_name}-nobucket", "--s3-bucket-name", f"ct-{cli_name}-missing-bucket")
                self.ct_error(cli, "InsufficientSnsTopicPolicyException", "create-trail", "--name",
                              f"{cli_name}-notopic", "--s3-bucket-name", bucket,
                              "--sns-topic-name", "no-such-topic")
                self.ct(cli, "create-trail", "--name", f"{cli_name}-dup", "--s3-bucket-name", bucket)
                self.ct_error(cli, "TrailAlreadyExistsException", "create-trail", "--name",
                              f"{cli_name}-dup", "--s3-bucket-name", bucket)
                self.ct_error(cli, "CloudTrailARNInvalidException", "get-trail", "--name",
                              "arn:aws:cloudtrail:us-east-1:1:trail/x")

    def test_lookup_events_finds_the_create_trail_call(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                bucket = f"ct-{cli_name}-lookup"
                name = f"{cli_name}-looked-up"
                self.bucket(cli, bucket)
                self.ct(cli, "create-trail", "--name", name, "--s3-bucket-name", bucket)
                found = None
                deadline = time.time() + 15
                while found is None and time.time() < deadline:
                    events = self.ct(cli, "lookup-events", "--lookup-attributes",
                                     "AttributeKey=EventName,AttributeValue=CreateTrail")["Events"]
                    for event in events:
                        record = json.loads(event["CloudTrailEvent"])
                        if (record.get("requestParameters") or {}).get("name") == name:
                            found = (event, record)
                    if found is None:
                        time.sleep(0.5)
                self.assertIsNotNone(found, "lookup-events did not find the CreateTrail call")
                event, record = found
                self.assertEqual(event["EventName"], "CreateTrail")
                self.assertEqual(event["EventSource"], "cloudtrail.amazonaws.com")
                self.assertEqual(event["ReadOnly"], "false")
                self.assertIsInstance(event["EventTime"], (int, float, str))
                self.assertEqual(record["responseElements"]["trailARN"], self.arn(name))
                self.assertEqual(record["recipientAccountId"], ACCOUNT)

                self.ct_error(cli, "InvalidLookupAttributesException", "lookup-events",
                              "--lookup-attributes", "AttributeKey=EventName,AttributeValue=A",
                              "AttributeKey=EventSource,AttributeValue=B")
                self.ct_error(cli, "InvalidMaxResultsException", "lookup-events", "--max-results", "51",
                              "--no-paginate")
                self.ct_error(cli, "InvalidTimeRangeException", "lookup-events",
                              "--start-time", "2026-01-02T00:00:00Z", "--end-time", "2026-01-01T00:00:00Z")
                self.ct_error(cli, "InvalidEventCategoryException", "lookup-events",
                              "--event-category", "management")

    def test_list_public_keys(self):
        for cli_name, cli in self.clis:
            with self.subTest(cli=cli_name):
                keys = self.ct(cli, "list-public-keys")["PublicKeyList"]
                self.assertGreaterEqual(len(keys), 1)
                self.assertRegex(keys[0]["Fingerprint"], r"^[0-9a-f]{32}$")
                self.assertTrue(keys[0]["Value"])
                self.assertIn("ValidityStartTime", keys[0])

    def test_a_logging_trail_writes_log_files(self):
        cli_name, cli = self.clis[0]
        bucket = f"ct-{cli_name}-files"
        name = f"{cli_name}-writer"
        self.bucket(cli, bucket)
        self.ct(cli, "create-trail", "--name", name, "--s3-bucket-name", bucket)
        self.ct(cli, "start-logging", "--name", name)
        self.run_cli(cli, "sts", "get-caller-identity")
        keys = []
        deadline = time.time() + 30
        while not keys and time.time() < deadline:
            listing = self.run_cli(cli, "s3api", "list-objects-v2", "--bucket", bucket,
                                   "--prefix", f"AWSLogs/{ACCOUNT}/CloudTrail/{REGION}/")
            self.assertEqual(listing.returncode, 0, listing.stderr)
            keys = [o["Key"] for o in json.loads(listing.stdout or "{}").get("Contents", [])]
            if not keys:
                time.sleep(1)
        self.assertTrue(keys, "no log file was delivered")
        self.assertRegex(keys[0], rf"{ACCOUNT}_CloudTrail_{REGION}_\d{{8}}T\d{{4}}Z_[A-Za-z0-9]{{16}}\.json\.gz$")
        status = self.ct(cli, "get-trail-status", "--name", name)
        self.assertIn("LatestDeliveryTime", status)
        self.assertNotEqual(status["LatestDeliveryAttemptSucceeded"], "")
        self.ct(cli, "stop-logging", "--name", name)

    def test_calls_are_recorded_as_management_events(self):
        cli_name, cli = self.clis[0]
        bucket = f"ct-{cli_name}-recorded"
        self.bucket(cli, bucket)
        self.ct(cli, "create-trail", "--name", "recorded", "--s3-bucket-name", bucket)
        self.ct(cli, "describe-trails")
        records = read_records(self.server.data_dir)
        create = [r for r in records if r["eventName"] == "CreateTrail"
                  and (r.get("requestParameters") or {}).get("name") == "recorded"][-1]
        self.assertEqual(create["eventSource"], "cloudtrail.amazonaws.com")
        self.assertEqual(create["requestParameters"]["s3BucketName"], bucket)
        self.assertEqual(create["responseElements"]["trailARN"], self.arn("recorded"))
        self.assertFalse(create["readOnly"])
        self.assertEqual(create["resources"][0]["type"], "AWS::CloudTrail::Trail")
        describe = [r for r in records if r["eventName"] == "DescribeTrails"][-1]
        self.assertTrue(describe["readOnly"])
        self.assertIsNone(describe["responseElements"])


if __name__ == "__main__":
    unittest.main()
