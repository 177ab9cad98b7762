"""GuardDuty end to end (issue 8): lab 2.1 with both aws CLIs and a real SMTP server - a detector,
the mission's severity rule with its input transformer targeting a confirmed e-mail subscription,
and sample findings of a Medium, a High and a Low type: exactly one rendered e-mail per Medium/High
finding, none for Low; the findings API (list with criteria, get, statistics, archive); findings
from real activity recorded by the API (with no finding for the benign calls of the same test);
and `tripline ingest` of a log file followed by `tripline findings` with no set-up."""
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
from tripline_process import BIN, Server, run_cli

ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecretadmin00")
ATTACKER = ("AKIATRIPLINEATTACK01", "attackersecretattackersecretattacker0000")
ACCOUNT = "123456789012"

CONFIG = f"""
accounts:
  - id: "{ACCOUNT}"
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

# The mission's rule: medium and high findings, severities as AWS's tutorial lists them.
SEVERITIES = [4] + [round(4 + i / 10, 1) for i in range(50)]
PATTERN = {"source": ["aws.guardduty"], "detail-type": ["GuardDuty Finding"],
           "detail": {"severity": SEVERITIES}}
INPUT_PATHS = {"severity": "$.detail.severity", "Account_ID": "$.detail.accountId",
               "Finding_ID": "$.detail.id", "Finding_Type": "$.detail.type",
               "region": "$.region", "Finding_description": "$.detail.description"}
INPUT_TEMPLATE = (
    '"AWS <Account_ID> has a severity <severity> GuardDuty finding type <Finding_Type> in the '
    '<region> region."\n"Finding Description:"\n"<Finding_description>. "\n'
    '"For more details open the GuardDuty console at '
    'https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?search=id=<Finding_ID>"')

MEDIUM = "UnauthorizedAccess:IAMUser/TorIPCaller"
HIGH = "Backdoor:EC2/C&CActivity.B!DNS"
LOW = "Policy:IAMUser/RootCredentialUsage"


def record(name, source, **extra):
    base = {"eventVersion": "1.08", "eventTime": "2026-11-20T10:00:00Z", "eventSource": source,
            "eventName": name, "awsRegion": "us-east-1", "sourceIPAddress": "203.0.113.9",
            "userAgent": "aws-cli/2.15.0", "eventID": os.urandom(8).hex(),
            "eventType": "AwsApiCall", "recipientAccountId": "111122223333",
            "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/alice",
                             "accountId": "111122223333", "userName": "alice",
                             "principalId": "AIDAEXAMPLE", "accessKeyId": "AKIAEXAMPLE"}}
    base.update(extra)
    return base


def failed_login(minute):
    return record("ConsoleLogin", "signin.amazonaws.com", eventType="AwsConsoleSignIn",
                  eventTime=f"2026-11-20T10:{minute:02d}:00Z", sourceIPAddress="198.51.100.66",
                  responseElements={"ConsoleLogin": "Failure"},
                  errorMessage="Failed authentication",
                  userIdentity={"type": "IAMUser", "accountId": "111122223333",
                                "userName": "HIDDEN_DUE_TO_SECURITY_REASONS",
                                "principalId": "111122223333"})


class GuardDutyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-gd-")
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

    def subscribe_confirmed(self, cli, region, topic_name, address):
        topic_arn = self.aws(cli, "sns", "create-topic", "--name", topic_name,
                             region=region)["TopicArn"]
        self.aws(cli, "sns", "subscribe", "--topic-arn", topic_arn, "--protocol", "email",
                 "--notification-endpoint", address, region=region)
        confirmation = self.sink.wait_for(
            lambda m: address in m["To"] and "Subscription Confirmation" in m["Subject"])
        page = body_text(confirmation)
        link = html.unescape(re.search(r'href="([^"]*confirmation\.html[^"]*)"', page).group(1))
        with urllib.request.urlopen(link, timeout=10) as reply:
            self.assertEqual(reply.status, 200)
        return topic_arn

    def test_lab_2_1_one_email_per_medium_or_high_finding(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                self.run_lab(cli, ["eu-west-1", "us-west-2"][n % 2], f"gd{n}@example.com")

    def run_lab(self, cli, region, address):
        topic_arn = self.subscribe_confirmed(cli, region, "GuardDutyAlerts", address)
        detector = self.aws(cli, "guardduty", "create-detector", "--enable",
                            "--finding-publishing-frequency", "FIFTEEN_MINUTES",
                            region=region)["DetectorId"]
        self.assertRegex(detector, r"^[0-9a-f]{32}$")
        self.assertEqual(self.aws(cli, "guardduty", "list-detectors",
                                  region=region)["DetectorIds"], [detector])
        again = run_aws(cli, self.server.endpoint, ADMIN[0], ADMIN[1], "guardduty",
                        "create-detector", "--enable", region=region)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("BadRequestException", again.stderr)
        got = self.aws(cli, "guardduty", "get-detector", "--detector-id", detector, region=region)
        self.assertEqual(got["Status"], "ENABLED")
        self.assertEqual(got["FindingPublishingFrequency"], "FIFTEEN_MINUTES")

        self.aws(cli, "events", "put-rule", "--name", "GuardDutyMediumHigh",
                 "--event-pattern", json.dumps(PATTERN), region=region)
        targets = [{"Id": "email", "Arn": topic_arn,
                    "InputTransformer": {"InputPathsMap": INPUT_PATHS,
                                         "InputTemplate": INPUT_TEMPLATE}}]
        self.assertEqual(self.aws(cli, "events", "put-targets", "--rule", "GuardDutyMediumHigh",
                                  "--targets", json.dumps(targets),
                                  region=region)["FailedEntryCount"], 0)

        self.aws(cli, "guardduty", "create-sample-findings", "--detector-id", detector,
                 "--finding-types", MEDIUM, HIGH, LOW, region=region)
        ids = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                       region=region)["FindingIds"]
        self.assertEqual(len(ids), 3)
        findings = self.aws(cli, "guardduty", "get-findings", "--detector-id", detector,
                            "--finding-ids", *ids, region=region)["Findings"]
        by_type = {f["Type"]: f for f in findings}
        self.assertEqual(set(by_type), {MEDIUM, HIGH, LOW})
        self.assertEqual(by_type[MEDIUM]["Severity"], 5)
        self.assertEqual(by_type[HIGH]["Severity"], 8)
        self.assertEqual(by_type[LOW]["Severity"], 2)
        for f in findings:
            self.assertEqual(f["SchemaVersion"], "2.0")
            self.assertEqual(f["AccountId"], ACCOUNT)
            self.assertEqual(f["Region"], region)
            self.assertEqual(json.loads(f["Service"]["AdditionalInfo"]["Value"]), {"sample": True})
            self.assertEqual(f["Arn"], f"arn:aws:guardduty:{region}:{ACCOUNT}:detector/"
                                       f"{detector}/finding/{f['Id']}")

        def alerts():
            return [m for m in self.sink.messages()
                    if address in m["To"] and "Subscription Confirmation" not in m["Subject"]]
        deadline = time.time() + 10
        while len(alerts()) < 2 and time.time() < deadline:
            time.sleep(0.1)
        time.sleep(2)  # a Low finding would have arrived by now
        mails = alerts()
        self.assertEqual(len(mails), 2, [body_text(m) for m in mails])
        bodies = sorted(body_text(m).split("\n\n--\n")[0].strip() for m in mails)
        expected = []
        for t in (HIGH, MEDIUM):
            f = by_type[t]
            expected.append(
                f'"AWS {ACCOUNT} has a severity {f["Severity"]:g} GuardDuty finding type {t} in '
                f'the {region} region."\n"Finding Description:"\n"{f["Description"]}. "\n'
                f'"For more details open the GuardDuty console at https://console.aws.amazon.com/'
                f'guardduty/home?region={region}#/findings?search=id={f["Id"]}"')
        self.assertEqual(bodies, sorted(expected))

        medium_high = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                               "--finding-criteria",
                               json.dumps({"Criterion": {"severity": {"Gte": 4}}}),
                               region=region)["FindingIds"]
        self.assertEqual(sorted(medium_high), sorted([by_type[MEDIUM]["Id"], by_type[HIGH]["Id"]]))
        stats = self.aws(cli, "guardduty", "get-findings-statistics", "--detector-id", detector,
                         "--finding-statistic-types", "COUNT_BY_SEVERITY", region=region)
        self.assertEqual(stats["FindingStatistics"]["CountBySeverity"],
                         {"2.0": 1, "5.0": 1, "8.0": 1})
        self.aws(cli, "guardduty", "archive-findings", "--detector-id", detector,
                 "--finding-ids", by_type[LOW]["Id"], region=region)
        archived = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                            "--finding-criteria",
                            json.dumps({"Criterion": {"service.archived": {"Eq": ["true"]}}}),
                            region=region)["FindingIds"]
        self.assertEqual(archived, [by_type[LOW]["Id"]])
        page = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                        "--max-items", "1", region=region)
        self.assertEqual(len(page["FindingIds"]), 1)

    def test_real_activity_raises_the_right_findings_and_no_others(self):
        cli = self.clis[0][1]
        region = "ap-southeast-2"
        detector = self.aws(cli, "guardduty", "create-detector", "--enable",
                            region=region)["DetectorId"]
        # Benign calls first: none of these may produce a finding.
        self.aws(cli, "sts", "get-caller-identity", region=region)
        self.aws(cli, "s3api", "create-bucket", "--bucket", "gd-activity-logs",
                 "--create-bucket-configuration", f"LocationConstraint={region}", region=region)
        self.aws(cli, "s3api", "put-public-access-block", "--bucket", "gd-activity-logs",
                 "--public-access-block-configuration",
                 "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,"
                 "RestrictPublicBuckets=true", region=region)
        self.aws(cli, "cloudtrail", "create-trail", "--name", "gd-trail", "--s3-bucket-name",
                 "gd-activity-logs", region=region)
        self.aws(cli, "cloudtrail", "start-logging", "--name", "gd-trail", region=region)
        self.assertEqual(self.findings(cli, region, detector), {})

        # Then the attacker's moves.
        self.aws(cli, "cloudtrail", "stop-logging", "--name", "gd-trail", region=region)
        self.aws(cli, "s3api", "delete-public-access-block", "--bucket", "gd-activity-logs",
                 region=region)
        policy = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::gd-activity-logs/*"}]}
        self.aws(cli, "s3api", "put-bucket-policy", "--bucket", "gd-activity-logs",
                 "--policy", json.dumps(policy), region=region)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"AWS_ACCESS_KEY_ID": ATTACKER[0], "AWS_SECRET_ACCESS_KEY": ATTACKER[1],
                    "AWS_DEFAULT_REGION": region, "AWS_CONFIG_FILE": "/dev/null",
                    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_MAX_ATTEMPTS": "1",
                    "AWS_EXECUTION_ENV": "Linux-6.6.9-kali1-amd64"})
        kali = subprocess.run([cli, "--endpoint-url", self.server.endpoint, "sts",
                               "get-caller-identity"], capture_output=True, text=True, env=env,
                              timeout=60)
        self.assertEqual(kali.returncode, 0, kali.stderr)

        found = self.findings(cli, region, detector)
        self.assertEqual(found, {
            "Stealth:IAMUser/CloudTrailLoggingDisabled": 2,
            "Policy:S3/BucketBlockPublicAccessDisabled": 2,
            "Policy:S3/BucketAnonymousAccessGranted": 8,
            "PenTest:IAMUser/KaliLinux": 5,
        })
        ids = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                       "--finding-criteria", json.dumps(
                           {"Criterion": {"type": {"Eq": ["PenTest:IAMUser/KaliLinux"]}}}),
                       region=region)["FindingIds"]
        kali_finding = self.aws(cli, "guardduty", "get-findings", "--detector-id", detector,
                                "--finding-ids", *ids, region=region)["Findings"][0]
        details = kali_finding["Resource"]["AccessKeyDetails"]
        self.assertEqual(details["AccessKeyId"], ATTACKER[0])
        self.assertEqual(details["UserName"], "intruder")
        call = kali_finding["Service"]["Action"]["AwsApiCallAction"]
        self.assertEqual(call["Api"], "GetCallerIdentity")
        self.assertEqual(call["ServiceName"], "sts.amazonaws.com")
        self.assertEqual(call["RemoteIpDetails"]["IpAddressV4"], "127.0.0.1")
        self.assertIn("kali", call["UserAgent"])

        # Deleting the trail's bucket disables its logging too: one more occurrence.
        for attempt in range(5):
            rb = run_aws(cli, self.server.endpoint, *ADMIN, "s3", "rb", "s3://gd-activity-logs",
                         "--force", region=region)
            if rb.returncode == 0:
                break
            time.sleep(1)  # a last log file landed while the bucket was being emptied
        self.assertEqual(rb.returncode, 0, rb.stderr)
        disabled = [f for f in self.all_findings(cli, region, detector)
                    if f["Type"] == "Stealth:IAMUser/CloudTrailLoggingDisabled"]
        self.assertEqual([f["Service"]["Count"] for f in disabled], [2])

        # The same findings through the CLI, in GuardDuty's JSON.
        listed = run_cli("findings", "--data-dir", self.server.data_dir, "--format", "json")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        types = {f["type"] for f in json.loads(listed.stdout) if f["region"] == region}
        self.assertEqual(types, set(found))

    def test_filters_and_ip_lists(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                self.run_lists(cli, ["ca-central-1", "sa-east-1"][n % 2])

    def kali_call(self, cli, region):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"AWS_ACCESS_KEY_ID": ATTACKER[0], "AWS_SECRET_ACCESS_KEY": ATTACKER[1],
                    "AWS_DEFAULT_REGION": region, "AWS_CONFIG_FILE": "/dev/null",
                    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_MAX_ATTEMPTS": "1",
                    "AWS_EXECUTION_ENV": "Linux-6.6.9-kali1-amd64"})
        proc = subprocess.run([cli, "--endpoint-url", self.server.endpoint, "sts",
                               "get-caller-identity"], capture_output=True, text=True, env=env,
                              timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def all_findings(self, cli, region, detector):
        ids = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                       region=region)["FindingIds"]
        if not ids:
            return []
        return self.aws(cli, "guardduty", "get-findings", "--detector-id", detector,
                        "--finding-ids", *ids, region=region)["Findings"]

    def run_lists(self, cli, region):
        gd = ("guardduty",)
        detector = self.aws(cli, *gd, "create-detector", "--enable", region=region)["DetectorId"]
        at = ("--detector-id", detector)
        # A suppression rule for the pentest distributions, and a view.
        criteria = {"Criterion": {"type": {"Eq": ["PenTest:IAMUser/KaliLinux"]}}}
        created = self.aws(cli, *gd, "create-filter", *at, "--name", "lab-kali", "--action",
                           "ARCHIVE", "--rank", "1", "--finding-criteria", json.dumps(criteria),
                           region=region)
        self.assertEqual(created["Name"], "lab-kali")
        self.aws(cli, *gd, "create-filter", *at, "--name", "high.only", "--finding-criteria",
                 json.dumps({"Criterion": {"severity": {"Gte": 7}}}), region=region)
        got = self.aws(cli, *gd, "get-filter", *at, "--filter-name", "lab-kali", region=region)
        self.assertEqual((got["Action"], got["Rank"], got["FindingCriteria"]),
                         ("ARCHIVE", 1, criteria))
        self.aws(cli, *gd, "update-filter", *at, "--filter-name", "high.only", "--description",
                 "what pages someone", "--rank", "3", region=region)
        self.assertEqual(self.aws(cli, *gd, "get-filter", *at, "--filter-name", "high.only",
                                  region=region)["Description"], "what pages someone")
        self.assertEqual(self.aws(cli, *gd, "list-filters", *at, region=region)["FilterNames"],
                         ["lab-kali", "high.only"])
        bad = run_aws(cli, self.server.endpoint, *ADMIN, *gd, "create-filter", *at, "--name",
                      "lab kali", "--finding-criteria", json.dumps(criteria), region=region)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("BadRequestException", bad.stderr)

        self.kali_call(cli, region)
        kali = [f for f in self.all_findings(cli, region, detector)
                if f["Type"] == "PenTest:IAMUser/KaliLinux"]
        self.assertEqual(len(kali), 1)
        self.assertTrue(kali[0]["Service"]["Archived"])

        # A ThreatIntelSet listing the caller's address, read from a bucket of this server.
        bucket = f"gd-lists-{region}"
        self.aws(cli, "s3api", "create-bucket", "--bucket", bucket,
                 "--create-bucket-configuration", f"LocationConstraint={region}", region=region)
        lists = os.path.join(self.tmp.name, f"lists-{region}")
        os.makedirs(lists, exist_ok=True)
        with open(os.path.join(lists, "threats.txt"), "w") as f:
            f.write("# lab attackers\n127.0.0.0/8\n")
        with open(os.path.join(lists, "bad.txt"), "w") as f:
            f.write("127.0.0.1\nnot-an-ip\n")
        for name in ("threats.txt", "bad.txt"):
            self.aws(cli, "s3api", "put-object", "--bucket", bucket, "--key", f"lists/{name}",
                     "--body", os.path.join(lists, name), region=region)
        bad = run_aws(cli, self.server.endpoint, *ADMIN, *gd, "create-threat-intel-set", *at,
                      "--name", "broken", "--format", "TXT", "--location",
                      f"s3://{bucket}/lists/bad.txt", "--activate", region=region)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("line 2", bad.stderr.replace(":2:", " line 2"))
        threat_id = self.aws(cli, *gd, "create-threat-intel-set", *at, "--name", "lab-threats",
                             "--format", "TXT", "--location",
                             f"https://s3.amazonaws.com/{bucket}/lists/threats.txt",
                             "--activate", region=region)["ThreatIntelSetId"]
        self.assertEqual(self.aws(cli, *gd, "get-threat-intel-set", *at,
                                  "--threat-intel-set-id", threat_id,
                                  region=region)["Status"], "ACTIVE")
        self.assertEqual(self.aws(cli, *gd, "list-threat-intel-sets", *at,
                                  region=region)["ThreatIntelSetIds"], [threat_id])
        self.aws(cli, "sts", "get-caller-identity", region=region)
        listed = [f for f in self.all_findings(cli, region, detector)
                  if f["Type"].endswith("MaliciousIPCaller.Custom")]
        self.assertTrue(listed)
        evidence = listed[0]["Service"]["Evidence"]["ThreatIntelligenceDetails"][0]
        self.assertEqual(evidence["ThreatListName"], "lab-threats")

        # A trusted IPSet wins over the threat list: no more findings from that address.
        with open(os.path.join(lists, "trusted.txt"), "w") as f:
            f.write("127.0.0.1\n")
        self.aws(cli, "s3api", "put-object", "--bucket", bucket, "--key", "lists/trusted.txt",
                 "--body", os.path.join(lists, "trusted.txt"), region=region)
        ip_set = self.aws(cli, *gd, "create-ip-set", *at, "--name", "office", "--format", "TXT",
                          "--location", f"s3://{bucket}/lists/trusted.txt", "--activate",
                          region=region)["IpSetId"]
        before = {f["Id"]: f["Service"]["Count"] for f in self.all_findings(cli, region, detector)}
        self.aws(cli, "sts", "get-caller-identity", region=region)
        self.kali_call(cli, region)
        after = {f["Id"]: f["Service"]["Count"] for f in self.all_findings(cli, region, detector)}
        self.assertEqual(after, before)

        self.aws(cli, *gd, "update-ip-set", *at, "--ip-set-id", ip_set, "--no-activate",
                 region=region)
        self.assertEqual(self.aws(cli, *gd, "get-ip-set", *at, "--ip-set-id", ip_set,
                                  region=region)["Status"], "INACTIVE")
        self.aws(cli, *gd, "delete-ip-set", *at, "--ip-set-id", ip_set, region=region)
        self.aws(cli, *gd, "delete-threat-intel-set", *at, "--threat-intel-set-id", threat_id,
                 region=region)
        self.aws(cli, *gd, "delete-filter", *at, "--filter-name", "lab-kali", region=region)
        self.assertEqual(self.aws(cli, *gd, "list-filters", *at, region=region)["FilterNames"],
                         ["high.only"])
        self.assertEqual(self.aws(cli, *gd, "list-ip-sets", *at, region=region)["IpSetIds"], [])

    def findings(self, cli, region, detector):
        ids = self.aws(cli, "guardduty", "list-findings", "--detector-id", detector,
                       region=region)["FindingIds"]
        if not ids:
            return {}
        got = self.aws(cli, "guardduty", "get-findings", "--detector-id", detector,
                       "--finding-ids", *ids, region=region)["Findings"]
        return {f["Type"]: f["Severity"] for f in got}


class IngestFindingsTest(unittest.TestCase):
    def test_ingest_then_findings_needs_no_set_up(self):
        records = [failed_login(m) for m in range(6)]
        records.append(record("ListBuckets", "s3.amazonaws.com", readOnly=True))
        records.append(record("DescribeInstances", "ec2.amazonaws.com", readOnly=True,
                              userIdentity={"type": "Root",
                                            "arn": "arn:aws:iam::111122223333:root",
                                            "accountId": "111122223333",
                                            "principalId": "111122223333",
                                            "accessKeyId": "AKIAROOTKEY"}))
        with tempfile.TemporaryDirectory(prefix="tripline-gd-ingest-") as tmp:
            logs = os.path.join(tmp, "logs")
            os.makedirs(logs)
            with open(os.path.join(logs, "trail.json"), "w") as f:
                json.dump({"Records": records}, f)
            data_dir = os.path.join(tmp, "var")
            ingested = run_cli("ingest", "--data-dir", data_dir, logs, timeout=120)
            self.assertEqual(ingested.returncode, 0, ingested.stderr)
            listed = run_cli("findings", "--data-dir", data_dir, "--format", "json")
            self.assertEqual(listed.returncode, 0, listed.stderr)
            findings = {f["type"]: f for f in json.loads(listed.stdout)}
            self.assertEqual(set(findings), {"Custom:IAMUser/ConsoleLoginBruteForce",
                                             "Policy:IAMUser/RootCredentialUsage"})
            brute = findings["Custom:IAMUser/ConsoleLoginBruteForce"]
            self.assertEqual(brute["service"]["count"], 2)  # the 5th and 6th failures
            self.assertEqual(brute["service"]["eventFirstSeen"], "2026-11-20T10:04:00.000Z")
            self.assertEqual(brute["service"]["eventLastSeen"], "2026-11-20T10:05:00.000Z")
            self.assertEqual(brute["accountId"], "111122223333")
            root = findings["Policy:IAMUser/RootCredentialUsage"]
            self.assertEqual(root["severity"], 2)
            self.assertEqual(root["resource"]["accessKeyDetails"]["userName"], "Root")
            self.assertEqual(root["title"],
                             "The API DescribeInstances was invoked using root credentials.")
            table = run_cli("findings", "--data-dir", data_dir)
            self.assertIn("2 findings", table.stdout)
            self.assertIn("Custom:IAMUser/ConsoleLoginBruteForce", table.stdout)


DECLARED = CONFIG + """
guardduty:
  learning_period: 3d
  detectors:
    - region: eu-north-1
      Enable: true
      FindingPublishingFrequency: FIFTEEN_MINUTES
      Filters:
        - Name: lab-kali
          Action: ARCHIVE
          Rank: 1
          FindingCriteria:
            Criterion:
              type: {Eq: ["PenTest:IAMUser/KaliLinux"]}
      ThreatIntelSets:
        - {Name: lab-threats, Format: TXT, Location: "s3://gd-declared-intel/threats.txt",
           Activate: true}
"""


class DeclaredDetectorTest(unittest.TestCase):
    """A detector, its suppression rule and its ThreatIntelSet declared in the config file: the
    list's bucket does not exist at the first start, so the set starts inactive and is activated
    through the API once uploaded; a restart keeps everything."""

    def test_config_declares_detector_filter_and_list(self):
        clis = clients()
        if not clis:
            self.skipTest("no aws CLI on this machine")
        cli = clis[-1][1]
        region = "eu-north-1"
        with tempfile.TemporaryDirectory(prefix="tripline-gd-cfg-") as tmp:
            config = os.path.join(tmp, "tripline.yaml")
            with open(config, "w") as f:
                f.write(DECLARED)
            data_dir = os.path.join(tmp, "var")

            def aws(server, *args):
                proc = run_aws(cli, server.endpoint, *ADMIN, *args, region=region)
                self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
                return json.loads(proc.stdout) if proc.stdout.strip() else {}

            server = Server(data_dir=data_dir, config=config)
            try:
                server.wait_ready()
                detectors = aws(server, "guardduty", "list-detectors")["DetectorIds"]
                self.assertEqual(len(detectors), 1)
                at = ("--detector-id", detectors[0])
                got = aws(server, "guardduty", "get-detector", *at)
                self.assertEqual(got["FindingPublishingFrequency"], "FIFTEEN_MINUTES")
                self.assertEqual(aws(server, "guardduty", "get-filter", *at, "--filter-name",
                                     "lab-kali")["Action"], "ARCHIVE")
                sets = aws(server, "guardduty", "list-threat-intel-sets", *at)["ThreatIntelSetIds"]
                self.assertEqual(len(sets), 1)
                one = ("--threat-intel-set-id", sets[0])
                self.assertEqual(aws(server, "guardduty", "get-threat-intel-set", *at,
                                     *one)["Status"], "INACTIVE")
                aws(server, "s3api", "create-bucket", "--bucket", "gd-declared-intel",
                    "--create-bucket-configuration", f"LocationConstraint={region}")
                body = os.path.join(tmp, "threats.txt")
                with open(body, "w") as f:
                    f.write("127.0.0.1\n")
                aws(server, "s3api", "put-object", "--bucket", "gd-declared-intel", "--key",
                    "threats.txt", "--body", body)
                aws(server, "guardduty", "update-threat-intel-set", *at, *one, "--activate")
            finally:
                server.stop()
            # The second start finds the list in its bucket and keeps it active.
            server = Server(data_dir=data_dir, config=config)
            try:
                server.wait_ready()
                at = ("--detector-id", detectors[0])
                self.assertEqual(aws(server, "guardduty", "list-detectors")["DetectorIds"],
                                 detectors)
                self.assertEqual(aws(server, "guardduty", "get-threat-intel-set", *at,
                                     "--threat-intel-set-id", sets[0])["Status"], "ACTIVE")
                aws(server, "sts", "get-caller-identity")
                ids = aws(server, "guardduty", "list-findings", *at)["FindingIds"]
                found = aws(server, "guardduty", "get-findings", *at, "--finding-ids",
                            *ids)["Findings"]
                self.assertIn("UnauthorizedAccess:IAMUser/MaliciousIPCaller.Custom",
                              {f["Type"] for f in found})
            finally:
                server.stop()


if __name__ == "__main__":
    unittest.main()
