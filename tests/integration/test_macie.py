"""Macie end to end (issue 11), lab 2.4 with both aws CLIs and a real SMTP server: `aws s3 mb` and
`aws s3 cp` of files holding a card number with its keyword, an AWS secret key and SSNs under an
`ssn` column; EnableMacie; a one-time classification job polled with DescribeClassificationJob until
COMPLETE; findings of the right types with the right occurrences for the right objects (and none
for the clean file); one e-mail per finding through a rule on Macie findings. Also: calls before
EnableMacie are refused as Macie refuses them, custom data identifiers (TestCustomDataIdentifier,
a job using one), allow lists, job pause/resume/cancel rules, and `tripline scan --format json`."""
import html
import json
import os
import re
import subprocess
import tempfile
import time
import unittest
import urllib.request

from aws_clients import clients, run_aws
from smtp_sink import SmtpSink, body_text
from tripline_process import BIN, Server

ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecretadmin00")
ACCOUNT = "123456789012"
CONFIG = f"""
accounts:
  - id: "{ACCOUNT}"
    users:
      - name: admin
        access_keys:
          - id: {ADMIN[0]}
            secret: {ADMIN[1]}
"""

FILES = {
    "billing/payment.txt": "Order 1182 shipped.\nCustomer credit card: 4532 0151 1283 0366\n",
    "config/credentials": ("[default]\naws_access_key_id = AKIAZ7Q3EXAMPLE4TR1P\n"
                           "aws_secret_access_key = Xb3kP9q2Lm7Rt5Vw8Yz1Ac4Df6Gh0Jk2Mn4Pq6St\n"),
    "people/staff.csv": "name,ssn,team\nAna,123-45-6789,red\nBo,234-56-7890,blue\n",
    "docs/readme.txt": "Nothing to see here: version 1.2.3, build 4532.\n",
}
RULE = {"source": ["aws.macie"], "detail-type": ["Macie Finding"]}


class MacieTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-macie-")
        cls.config = os.path.join(cls.tmp.name, "tripline.yaml")
        with open(cls.config, "w") as f:
            f.write(CONFIG)
        cls.files = os.path.join(cls.tmp.name, "lab-data")
        for key, text in FILES.items():
            path = os.path.join(cls.files, key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        cls.sink = SmtpSink().start()
        cls.server = Server(config=cls.config, extra_args=["--smtp-relay", f"127.0.0.1:{cls.sink.port}"])
        cls.server.wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.sink.close()
        cls.tmp.cleanup()

    def aws(self, cli, *args):
        proc = run_aws(cli, self.server.endpoint, ADMIN[0], ADMIN[1], *args)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        try:
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        except json.JSONDecodeError:
            return proc.stdout  # `aws s3` commands print text

    def aws_error(self, cli, *args):
        proc = run_aws(cli, self.server.endpoint, ADMIN[0], ADMIN[1], *args)
        self.assertNotEqual(proc.returncode, 0, f"{args} succeeded: {proc.stdout}")
        return proc.stderr

    def enable_once(self, cli):
        proc = run_aws(cli, self.server.endpoint, ADMIN[0], ADMIN[1], "macie2", "enable-macie")
        self.assertTrue(proc.returncode == 0 or "ConflictException" in proc.stderr, proc.stderr)

    def subscribe_confirmed(self, cli, topic_name, address):
        topic_arn = self.aws(cli, "sns", "create-topic", "--name", topic_name)["TopicArn"]
        self.aws(cli, "sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "email",
                 "--notification-endpoint", address)
        confirmation = self.sink.wait_for(
            lambda m: address in m["To"] and "Subscription Confirmation" in m["Subject"])
        link = html.unescape(re.search(r'href="([^"]*confirmation\.html[^"]*)"', body_text(confirmation)).group(1))
        with urllib.request.urlopen(link, timeout=10) as reply:
            self.assertEqual(reply.status, 200)
        return topic_arn

    def wait_for_mails(self, address, count, timeout=20):
        deadline = time.time() + timeout
        while True:
            mails = [m for m in self.sink.messages()
                     if address in m["To"] and "Macie Finding" in body_text(m)]
            if len(mails) >= count or time.time() > deadline:
                self.assertEqual(len(mails), count, [body_text(m)[:200] for m in mails])
                return mails
            time.sleep(0.1)

    def run_job(self, cli, name, bucket, *extra):
        job = self.aws(cli, "macie2", "create-classification-job", "--job-type", "ONE_TIME", "--name", name,
                       "--s3-job-definition",
                       json.dumps({"bucketDefinitions": [{"accountId": ACCOUNT, "buckets": [bucket]}]}), *extra)
        self.assertRegex(job["jobId"], r"^[0-9a-f]{32}$")
        self.assertEqual(job["jobArn"], f"arn:aws:macie2:us-east-1:{ACCOUNT}:classification-job/{job['jobId']}")
        deadline = time.time() + 60
        while True:
            described = self.aws(cli, "macie2", "describe-classification-job", "--job-id", job["jobId"])
            if described["jobStatus"] == "COMPLETE" or time.time() > deadline:
                break
            time.sleep(0.3)
        self.assertEqual(described["jobStatus"], "COMPLETE")
        self.assertEqual(described["statistics"]["numberOfRuns"], 1)
        self.assertEqual(described["lastRunErrorStatus"]["code"], "NONE")
        return job["jobId"]

    def findings_of(self, cli, job_id):
        ids = self.aws(cli, "macie2", "list-findings", "--finding-criteria",
                       json.dumps({"criterion": {"classificationDetails.jobId": {"eq": [job_id]}}}))["findingIds"]
        if not ids:
            return {}
        found = self.aws(cli, "macie2", "get-findings", "--finding-ids", *ids)["findings"]
        return {f["resourcesAffected"]["s3Object"]["key"]: f for f in found}

    def test_1_calls_before_enable_are_refused(self):
        cli = self.clis[0][1]
        err = self.aws_error(cli, "macie2", "get-macie-session")
        self.assertIn("AccessDeniedException", err)
        self.assertIn("Macie is not enabled", err)

    def test_2_lab_2_4_job_findings_and_email(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                bucket = f"lab-macie-data-{n}"
                address = f"secops{n}@example.com"
                self.aws(cli, "s3", "mb", f"s3://{bucket}")
                self.aws(cli, "s3", "cp", "--recursive", self.files, f"s3://{bucket}/")
                self.enable_once(cli)
                session = self.aws(cli, "macie2", "get-macie-session")
                self.assertEqual(session["status"], "ENABLED")
                topic = self.subscribe_confirmed(cli, f"macie-alerts-{n}", address)
                self.aws(cli, "events", "put-rule", "--name", f"macie-findings-{n}",
                         "--event-pattern", json.dumps(RULE))
                self.aws(cli, "events", "put-targets", "--rule", f"macie-findings-{n}",
                         "--targets", json.dumps([{"Id": "mail", "Arn": topic}]))

                job_id = self.run_job(cli, f"lab-2-4-{n}", bucket)
                findings = self.findings_of(cli, job_id)
                self.assertEqual(sorted(findings), ["billing/payment.txt", "config/credentials", "people/staff.csv"])

                card = findings["billing/payment.txt"]
                self.assertEqual(card["type"], "SensitiveData:S3Object/Financial")
                self.assertEqual(card["severity"], {"description": "High", "score": 3})
                data = card["classificationDetails"]["result"]["sensitiveData"]
                self.assertEqual(data[0]["category"], "FINANCIAL_INFORMATION")
                self.assertEqual(data[0]["detections"][0]["type"], "CREDIT_CARD_NUMBER")
                self.assertEqual(data[0]["detections"][0]["count"], 1)
                self.assertEqual(data[0]["detections"][0]["occurrences"]["lineRanges"],
                                 [{"start": 2, "end": 2, "startColumn": 23}])
                self.assertEqual(card["resourcesAffected"]["s3Bucket"]["name"], bucket)
                self.assertEqual(card["resourcesAffected"]["s3Object"]["path"], f"{bucket}/billing/payment.txt")
                self.assertEqual(card["classificationDetails"]["jobId"], job_id)

                secret = findings["config/credentials"]
                self.assertEqual(secret["type"], "SensitiveData:S3Object/Credentials")
                detection = secret["classificationDetails"]["result"]["sensitiveData"][0]["detections"][0]
                self.assertEqual((detection["type"], detection["count"]), ("AWS_CREDENTIALS", 1))
                self.assertEqual(detection["occurrences"]["lineRanges"][0]["start"], 3)

                staff = findings["people/staff.csv"]
                self.assertEqual(staff["type"], "SensitiveData:S3Object/Personal")
                detection = staff["classificationDetails"]["result"]["sensitiveData"][0]["detections"][0]
                self.assertEqual((detection["type"], detection["count"]), ("USA_SOCIAL_SECURITY_NUMBER", 2))
                # (the CLIs drop the null cellReference)
                self.assertEqual([{k: v for k, v in c.items() if k != "cellReference"}
                                  for c in detection["occurrences"]["cells"]],
                                 [{"row": 2, "column": 2, "columnName": "ssn"},
                                  {"row": 3, "column": 2, "columnName": "ssn"}])
                self.assertEqual(staff["classificationDetails"]["result"]["mimeType"], "text/csv")

                stats = self.aws(cli, "macie2", "get-finding-statistics", "--group-by", "type",
                                 "--finding-criteria",
                                 json.dumps({"criterion": {"classificationDetails.jobId": {"eq": [job_id]}}}))
                self.assertEqual(sorted((g["groupKey"], g["count"]) for g in stats["countsByGroup"]),
                                 [("SensitiveData:S3Object/Credentials", 1), ("SensitiveData:S3Object/Financial", 1),
                                  ("SensitiveData:S3Object/Personal", 1)])

                mails = self.wait_for_mails(address, 3)
                keys = sorted(json.loads(body_text(m).split("\n\n--\n")[0])["detail"]["resourcesAffected"]
                              ["s3Object"]["key"] for m in mails)
                self.assertEqual(keys, ["billing/payment.txt", "config/credentials", "people/staff.csv"])

    def test_3_custom_identifiers_allow_lists_and_job_states(self):
        cli = self.clis[-1][1]
        self.enable_once(cli)
        count = self.aws(cli, "macie2", "test-custom-data-identifier", "--regex", "EMP-[0-9]{6}",
                         "--keywords", "employee", "--maximum-match-distance", "15",
                         "--sample-text", "employee EMP-123456 and EMP-654321")
        self.assertEqual(count["matchCount"], 1)
        err = self.aws_error(cli, "macie2", "create-custom-data-identifier", "--name", "bad", "--regex", "(EMP)-\\d+")
        self.assertIn("ValidationException", err)
        cdi = self.aws(cli, "macie2", "create-custom-data-identifier", "--name", "EmployeeId",
                       "--regex", "EMP-[0-9]{6}")["customDataIdentifierId"]
        got = self.aws(cli, "macie2", "get-custom-data-identifier", "--id", cdi)
        self.assertEqual((got["name"], got["deleted"]), ("EmployeeId", False))
        allow = self.aws(cli, "macie2", "create-allow-list", "--name", "test-ids",
                         "--criteria", json.dumps({"regex": "EMP-000000"}))
        self.assertRegex(allow["id"], r"^[a-z0-9]{22}$")

        bucket = "lab-macie-custom"
        self.aws(cli, "s3", "mb", f"s3://{bucket}")
        path = os.path.join(self.tmp.name, "ids.txt")
        with open(path, "w") as f:
            f.write("EMP-123456\nEMP-000000\n")
        self.aws(cli, "s3", "cp", path, f"s3://{bucket}/hr/ids.txt")
        job_id = self.run_job(cli, "custom-only", bucket, "--managed-data-identifier-selector", "NONE",
                              "--custom-data-identifier-ids", cdi, "--allow-list-ids", allow["id"])
        findings = self.findings_of(cli, job_id)
        finding = findings["hr/ids.txt"]
        self.assertEqual(finding["type"], "SensitiveData:S3Object/CustomIdentifier")
        custom = finding["classificationDetails"]["result"]["customDataIdentifiers"]
        self.assertEqual(custom["totalCount"], 1)  # the allow-listed EMP-000000 is not counted
        self.assertEqual(custom["detections"][0]["name"], "EmployeeId")

        err = self.aws_error(cli, "macie2", "update-classification-job", "--job-id", job_id, "--job-status", "RUNNING")
        self.assertIn("ValidationException", err)
        scheduled = self.aws(cli, "macie2", "create-classification-job", "--job-type", "SCHEDULED",
                             "--name", "weekly", "--schedule-frequency",
                             json.dumps({"weeklySchedule": {"dayOfWeek": "MONDAY"}}),
                             "--s3-job-definition",
                             json.dumps({"bucketDefinitions": [{"accountId": ACCOUNT, "buckets": [bucket]}]}))
        described = self.aws(cli, "macie2", "describe-classification-job", "--job-id", scheduled["jobId"])
        self.assertEqual(described["jobStatus"], "IDLE")
        self.aws(cli, "macie2", "update-classification-job", "--job-id", scheduled["jobId"], "--job-status", "USER_PAUSED")
        paused = self.aws(cli, "macie2", "describe-classification-job", "--job-id", scheduled["jobId"])
        self.assertEqual(paused["jobStatus"], "USER_PAUSED")
        self.assertIn("jobExpiresAt", paused["userPausedDetails"])
        self.aws(cli, "macie2", "update-classification-job", "--job-id", scheduled["jobId"], "--job-status", "RUNNING")
        self.assertEqual(self.aws(cli, "macie2", "describe-classification-job", "--job-id",
                                  scheduled["jobId"])["jobStatus"], "IDLE")
        self.aws(cli, "macie2", "update-classification-job", "--job-id", scheduled["jobId"], "--job-status", "CANCELLED")
        listed = self.aws(cli, "macie2", "list-classification-jobs")["items"]
        self.assertIn(("weekly", "CANCELLED"), [(j["name"], j["jobStatus"]) for j in listed])
        managed = self.aws(cli, "macie2", "list-managed-data-identifiers")["items"]
        self.assertEqual(len(managed), 166)

    def test_5_policy_findings_from_bucket_changes(self):
        cli = self.clis[0][1]
        self.enable_once(cli)
        bucket = "lab-macie-exposed"
        self.aws(cli, "s3", "mb", f"s3://{bucket}")
        self.aws(cli, "s3api", "put-public-access-block", "--bucket", bucket, "--public-access-block-configuration",
                 "BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=false")
        policy = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}]}
        self.aws(cli, "s3api", "put-bucket-policy", "--bucket", bucket, "--policy", json.dumps(policy))
        self.aws(cli, "s3api", "put-bucket-policy", "--bucket", bucket, "--policy", json.dumps(policy))
        ids = self.aws(cli, "macie2", "list-findings", "--finding-criteria", json.dumps(
            {"criterion": {"category": {"eq": ["POLICY"]}, "resourcesAffected.s3Bucket.name": {"eq": [bucket]}}}))
        found = {f["type"]: f for f in self.aws(cli, "macie2", "get-findings", "--finding-ids",
                                                *ids["findingIds"])["findings"]}
        self.assertEqual(sorted(found), ["Policy:IAMUser/S3BlockPublicAccessDisabled", "Policy:IAMUser/S3BucketPublic"])
        public = found["Policy:IAMUser/S3BucketPublic"]
        self.assertEqual(public["severity"]["description"], "High")
        self.assertEqual(public["count"], 2)  # the repeated PutBucketPolicy updated the finding
        details = public["policyDetails"]
        self.assertEqual(details["action"]["apiCallDetails"]["api"], "PutBucketPolicy")
        self.assertEqual(details["actor"]["userIdentity"]["type"], "IAMUser")
        self.assertEqual(details["actor"]["userIdentity"]["iamUser"]["userName"], "admin")
        self.assertTrue(public["resourcesAffected"]["s3Bucket"]["publicAccess"]["permissionConfiguration"]
                        ["bucketLevelPermissions"]["bucketPolicy"]["allowsPublicReadAccess"])
        buckets = {b["bucketName"]: b for b in self.aws(cli, "macie2", "describe-buckets")["buckets"]}
        self.assertEqual(buckets[bucket]["publicAccess"]["effectivePermission"], "PUBLIC")
        self.assertEqual(buckets["lab-macie-data-0"]["publicAccess"]["effectivePermission"], "NOT_PUBLIC")
        self.assertEqual(buckets["lab-macie-data-0"]["classifiableObjectCount"], 4)

    def test_4_scan_command_json(self):
        proc = subprocess.run([BIN, "scan", self.files, "--format", "json"], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        findings = {f["resourcesAffected"]["s3Object"]["key"]: f for f in json.loads(proc.stdout)}
        self.assertEqual(sorted(findings), ["billing/payment.txt", "config/credentials", "people/staff.csv"])
        self.assertEqual(findings["config/credentials"]["resourcesAffected"]["s3Bucket"]["name"], "lab-data")
        table = subprocess.run([BIN, "scan", self.files], capture_output=True, text=True, timeout=60)
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertIn("CREDIT_CARD_NUMBER×1", table.stdout)
        self.assertIn("4 object(s) scanned, 3 with sensitive data", table.stdout)


if __name__ == "__main__":
    unittest.main()
