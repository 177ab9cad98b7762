"""The S3 ingestion source end to end: a real `tripline serve` holds a bucket into which the aws CLI
uploads CloudTrail log files in both layouts (single account and organization trail, with digest and
Insights folders beside them and more than one ListObjectsV2 page of files), then `tripline ingest
s3://bucket/prefix --endpoint-url …` - a second process with its own data dir - lists and reads
them over SigV4-signed ListObjectsV2/GetObject. Checked: the summary's counts, account and region
filters pruning the listing, a prefix below AWSLogs/, checkpoints (unchanged objects skipped, a
rewritten object read again), and S3's errors (unknown bucket, wrong secret) reported."""
import gzip
import json
import os
import re
import subprocess
import tempfile
import unittest
import uuid

from aws_clients import clients
from tripline_process import BIN, Server

BUCKET = "trail-logs"
ACCOUNT = "111122223333"
ORG = "o-a1b2c3d4e5"
ORG_ACCOUNT = "222233334444"
PAGED_FILES = 1003  # > 1000: the paged region folder needs two ListObjectsV2 pages

SUMMARY = re.compile(
    r"ingested (\d+) files \((\d+) unchanged, skipped\), (\d+) records, (\d+) duplicates skipped, "
    r"(\d+) filtered out, (\d+) bad files, (\d+) bad records")


def record(account, region, n):
    return {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "accountId": account,
                         "arn": f"arn:aws:iam::{account}:user/alice", "userName": "alice",
                         "accessKeyId": "AKIAEXAMPLE"},
        "eventTime": f"2024-05-01T00:{n % 60:02d}:00Z",
        "eventSource": "s3.amazonaws.com",
        "eventName": "ListBuckets",
        "awsRegion": region,
        "sourceIPAddress": "203.0.113.7",
        "userAgent": "aws-cli/2.9.19",
        "requestParameters": None,
        "responseElements": None,
        "requestID": uuid.uuid4().hex,
        "eventID": str(uuid.uuid4()),
        "readOnly": True,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }


def log_key(folder, account, region, stamp, unique):
    return (f"{folder}/CloudTrail/{region}/2024/05/01/"
            f"{account}_CloudTrail_{region}_20240501T{stamp}Z_{unique}.json.gz")


class S3SourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.cli = cls.clis[-1][1]  # v2 when present: `s3 sync` uploads concurrently
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-s3src-")
        cls.server = Server(data_dir=os.path.join(cls.tmp.name, "serve"))
        cls.server.wait_ready()
        cls.env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        cls.env.update({
            # The files `tripline serve` writes for the aws CLI, used by the CLI and by ingest.
            "AWS_SHARED_CREDENTIALS_FILE": os.path.join(cls.server.data_dir, "credentials"),
            "AWS_CONFIG_FILE": os.path.join(cls.server.data_dir, "config"),
            "AWS_PROFILE": "tripline",
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        })
        cls.expected = cls.build_tree()
        cls.aws("s3", "mb", f"s3://{BUCKET}")
        cls.aws("s3", "sync", "--only-show-errors", cls.tree, f"s3://{BUCKET}/", timeout=600)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    @classmethod
    def aws(cls, *args, timeout=120):
        proc = subprocess.run([cls.cli, "--endpoint-url", cls.server.endpoint, *args],
                              capture_output=True, text=True, env=cls.env, timeout=timeout)
        if proc.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)}: {proc.stderr}")
        return proc.stdout

    @classmethod
    def write_log(cls, key, records):
        path = os.path.join(cls.tree, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with gzip.open(path, "wt") as f:
            json.dump({"Records": records}, f)
        return path

    @classmethod
    def build_tree(cls):
        """Writes the bucket's content locally; returns {(account, region): (files, records)}."""
        cls.tree = os.path.join(cls.tmp.name, "tree")
        single = f"logs/AWSLogs/{ACCOUNT}"
        org = f"logs/AWSLogs/{ORG}/{ORG_ACCOUNT}"
        expected = {}

        def add(folder, account, region, stamp, unique, count):
            cls.write_log(log_key(folder, account, region, stamp, unique),
                          [record(account, region, i) for i in range(count)])
            files, records = expected.get((account, region), (0, 0))
            expected[(account, region)] = (files + 1, records + count)

        add(single, ACCOUNT, "us-east-1", "0005", "Mu0KsOhtH1ar15ZZ", 3)
        add(single, ACCOUNT, "us-east-1", "0010", "Ab0KsOhtH1ar15ZZ", 2)
        add(single, ACCOUNT, "eu-west-1", "0005", "Cd0KsOhtH1ar15ZZ", 4)
        add(org, ORG_ACCOUNT, "us-west-2", "0005", "Ef0KsOhtH1ar15ZZ", 5)
        add(org, ORG_ACCOUNT, "eu-west-1", "0005", "Gh0KsOhtH1ar15ZZ", 1)
        for i in range(PAGED_FILES):
            add(single, ACCOUNT, "ap-southeast-2", f"{i // 60:02d}{i % 60:02d}", f"p{i:015d}", 1)
        # Beside the logs: digests and Insights (not Records files: reading them would count a
        # bad file), a folder that is no account, and logs outside the prefix.
        for folder in (f"logs/AWSLogs/{ACCOUNT}/CloudTrail-Digest/us-east-1/2024/05/01/"
                       f"{ACCOUNT}_CloudTrail-Digest_us-east-1_t_us-east-1_20240501T010000Z.json.gz",
                       f"logs/AWSLogs/{ACCOUNT}/CloudTrail-Insight/us-east-1/2024/05/01/"
                       f"{ACCOUNT}_CloudTrail-Insight_us-east-1_20240501T0100Z_x.json.gz",
                       "logs/AWSLogs/not-an-account/CloudTrail/us-east-1/2024/05/01/x.json.gz",
                       log_key(f"elsewhere/AWSLogs/{ACCOUNT}", ACCOUNT, "us-east-1", "0005",
                               "Zz0KsOhtH1ar15ZZ")):
            path = os.path.join(cls.tree, folder)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with gzip.open(path, "wt") as f:
                f.write('{"not": "records"}')
        return expected

    def totals(self, accounts=None, regions=None):
        files = records = 0
        for (account, region), (f, r) in self.expected.items():
            if (accounts is None or account in accounts) and (regions is None or region in regions):
                files += f
                records += r
        return files, records

    def ingest(self, url, data_dir, *extra, env=None):
        proc = subprocess.run(
            [BIN, "ingest", url, "--endpoint-url", self.server.endpoint, "--data-dir", data_dir,
             "--quiet", *extra],
            capture_output=True, text=True, env=env or self.env, timeout=600)
        return proc

    def summary(self, proc):
        self.assertEqual(proc.returncode, 0, f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
        match = SUMMARY.search(proc.stdout)
        self.assertIsNotNone(match, proc.stdout)
        keys = ("files", "unchanged", "records", "duplicates", "filtered", "bad_files",
                "bad_records")
        return dict(zip(keys, map(int, match.groups())))

    def data_dir(self, name):
        return os.path.join(self.tmp.name, name)

    def test_lists_and_reads_both_layouts_then_skips_unchanged_files(self):
        data_dir = self.data_dir("ingest-all")
        files, records = self.totals()
        first = self.summary(self.ingest(f"s3://{BUCKET}/logs", data_dir))
        self.assertEqual(first["files"], files)
        self.assertEqual(first["records"], records)
        self.assertEqual(first["bad_files"], 0)  # digests, Insights, non-accounts never read
        self.assertEqual(first["bad_records"], 0)

        again = self.summary(self.ingest(f"s3://{BUCKET}/logs/", data_dir))
        self.assertEqual(again["files"], 0)
        self.assertEqual(again["unchanged"], files)
        self.assertEqual(again["records"], 0)

        # A rewritten object has a new ETag: read again, its new records only.
        key = log_key(f"logs/AWSLogs/{ACCOUNT}", ACCOUNT, "us-east-1", "0005", "Mu0KsOhtH1ar15ZZ")
        path = self.write_log(key, [record(ACCOUNT, "us-east-1", 7) for _ in range(2)])
        self.aws("s3", "cp", "--only-show-errors", path, f"s3://{BUCKET}/{key}")
        changed = self.summary(self.ingest(f"s3://{BUCKET}/logs", data_dir))
        self.assertEqual(changed["files"], 1)
        self.assertEqual(changed["unchanged"], files - 1)
        self.assertEqual(changed["records"], 2)
        self.expected[(ACCOUNT, "us-east-1")] = (2, 4)

    def test_account_and_region_filters_prune_the_listing(self):
        org_files, org_records = self.totals(accounts={ORG_ACCOUNT})
        by_account = self.summary(self.ingest(f"s3://{BUCKET}/logs", self.data_dir("acct"),
                                              "--account", ORG_ACCOUNT))
        self.assertEqual(by_account["files"], org_files)
        self.assertEqual(by_account["records"], org_records)
        self.assertEqual(by_account["filtered"], 0)  # other accounts' files were never listed

        eu_files, eu_records = self.totals(regions={"eu-west-1"})
        by_region = self.summary(self.ingest(f"s3://{BUCKET}/logs", self.data_dir("region"),
                                             "--log-region", "eu-west-1"))
        self.assertEqual(by_region["files"], eu_files)
        self.assertEqual(by_region["records"], eu_records)
        self.assertEqual(by_region["filtered"], 0)

    def test_prefix_below_awslogs_is_listed_recursively(self):
        files, records = self.totals(accounts={ORG_ACCOUNT})
        below = self.summary(
            self.ingest(f"s3://{BUCKET}/logs/AWSLogs/{ORG}/", self.data_dir("below")))
        self.assertEqual(below["files"], files)
        self.assertEqual(below["records"], records)

    def test_s3_errors_are_reported(self):
        missing = self.ingest("s3://no-such-bucket-here/logs", self.data_dir("missing"))
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("NoSuchBucket", missing.stdout + missing.stderr)

        creds = os.path.join(self.tmp.name, "wrong-credentials")
        with open(self.env["AWS_SHARED_CREDENTIALS_FILE"]) as f:
            text = f.read()
        with open(creds, "w") as f:
            f.write(re.sub(r"aws_secret_access_key = .*", "aws_secret_access_key = wrong", text))
        env = dict(self.env, AWS_SHARED_CREDENTIALS_FILE=creds)
        denied = self.ingest(f"s3://{BUCKET}/logs", self.data_dir("denied"), env=env)
        self.assertNotEqual(denied.returncode, 0)
        self.assertIn("SignatureDoesNotMatch", denied.stdout + denied.stderr)


if __name__ == "__main__":
    unittest.main()
