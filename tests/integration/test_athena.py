"""Athena end to end with both aws CLIs (issue 10's acceptance): a known trail is ingested into a
running server; start-query-execution -> get-query-execution until SUCCEEDED -> get-query-results
gives the expected rows (header first, Athena's ColumnInfo); the CSV lands in the output bucket;
a faulty query FAILS with Athena's error; the catalog, named queries and workgroups answer; the
Athena calls are themselves recorded in the trail; `tripline query` reaches the running server."""
import json
import os
import tempfile
import time
import unittest

from aws_clients import clients, run_aws
from tripline_process import Server, run_cli

ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecretadmin00")

CONFIG = f"""
accounts:
  - id: "123456789012"
    users:
      - name: admin
        access_keys: [{{id: {ADMIN[0]}, secret: {ADMIN[1]}}}]
"""


def record(event_id, name, minute, error=None):
    r = {"eventVersion": "1.08",
         "userIdentity": {"type": "IAMUser", "principalId": "AIDATEST", "accountId": "123456789012",
                          "arn": "arn:aws:iam::123456789012:user/analyst", "userName": "analyst"},
         "eventTime": f"2026-11-22T08:{minute:02d}:00Z",
         "eventSource": "athena-test.amazonaws.com", "eventName": name, "awsRegion": "us-east-1",
         "sourceIPAddress": "198.51.100.9", "userAgent": "aws-cli/2.15",
         "requestParameters": {"bucketName": "evidence"}, "responseElements": None,
         "eventID": event_id, "readOnly": True, "eventType": "AwsApiCall",
         "managementEvent": True, "recipientAccountId": "123456789012",
         "eventCategory": "Management"}
    if error:
        r["errorCode"] = error
    return r


TRAIL = {"Records": [record("11111111-0000-0000-0000-000000000001", "ListBuckets", 1),
                     record("11111111-0000-0000-0000-000000000002", "ListBuckets", 2),
                     record("11111111-0000-0000-0000-000000000003", "GetObject", 3,
                            error="AccessDenied")]}

QUERY = ("SELECT eventname, count(*) AS n, count_if(errorcode IS NOT NULL) AS errors, "
         "json_extract_scalar(max(requestparameters), '$.bucketName') AS bucket "
         "FROM cloudtrail_logs WHERE eventsource = 'athena-test.amazonaws.com' "
         "GROUP BY eventname ORDER BY eventname")


class AthenaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-athena-")
        cls.config = os.path.join(cls.tmp.name, "tripline.yaml")
        with open(cls.config, "w") as f:
            f.write(CONFIG)
        cls.server = Server(config=cls.config)
        cls.server.wait_ready()
        trail = os.path.join(cls.tmp.name, "trail.json")
        with open(trail, "w") as f:
            json.dump(TRAIL, f)
        ingest = run_cli("ingest", "--data-dir", cls.server.data_dir, "--config", cls.config, trail,
                         timeout=120)
        assert ingest.returncode == 0, ingest.stderr

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def aws(self, cli, *args, ok=True):
        proc = run_aws(cli, self.server.endpoint, ADMIN[0], ADMIN[1], *args)
        if ok:
            self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        self.assertNotEqual(proc.returncode, 0, f"{args} succeeded: {proc.stdout}")
        return proc.stderr

    def run_query(self, cli, sql, bucket, expect="SUCCEEDED"):
        started = self.aws(cli, "athena", "start-query-execution", "--query-string", sql,
                           "--query-execution-context", "Database=default",
                           "--result-configuration", f"OutputLocation=s3://{bucket}/results/")
        qid = started["QueryExecutionId"]
        deadline = time.time() + 30
        while True:
            execution = self.aws(cli, "athena", "get-query-execution",
                                 "--query-execution-id", qid)["QueryExecution"]
            state = execution["Status"]["State"]
            if state in ("SUCCEEDED", "FAILED", "CANCELLED") or time.time() > deadline:
                break
            time.sleep(0.2)
        self.assertEqual(state, expect, execution)
        return qid, execution

    def wait_for_trail(self, cli, bucket):
        deadline = time.time() + 30
        while True:
            qid, _ = self.run_query(cli, "SELECT count(*) AS n FROM cloudtrail_logs WHERE "
                                         "eventsource = 'athena-test.amazonaws.com'", bucket)
            rows = self.aws(cli, "athena", "get-query-results",
                            "--query-execution-id", qid)["ResultSet"]["Rows"]
            if rows[1]["Data"][0].get("VarCharValue") == "3" or time.time() > deadline:
                return
            time.sleep(0.5)

    def test_queries_with_both_clis(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                bucket = f"athena-results-{name}"
                self.aws(cli, "s3api", "create-bucket", "--bucket", bucket)
                self.wait_for_trail(cli, bucket)
                qid, execution = self.run_query(cli, QUERY, bucket)
                self.assertEqual(execution["StatementType"], "DML")
                self.assertEqual(execution["ResultConfiguration"]["OutputLocation"],
                                 f"s3://{bucket}/results/{qid}.csv")
                self.assertEqual(execution["QueryExecutionContext"]["Database"], "default")
                self.assertIn("DataScannedInBytes", execution["Statistics"])

                result = self.aws(cli, "athena", "get-query-results", "--query-execution-id", qid)
                rows = [[d.get("VarCharValue") for d in r["Data"]]
                        for r in result["ResultSet"]["Rows"]]
                self.assertEqual(rows, [["eventname", "n", "errors", "bucket"],
                                        ["GetObject", "1", "1", "evidence"],
                                        ["ListBuckets", "2", "0", "evidence"]])
                info = result["ResultSet"]["ResultSetMetadata"]["ColumnInfo"]
                self.assertEqual([(c["Name"], c["Type"]) for c in info],
                                 [("eventname", "varchar"), ("n", "bigint"),
                                  ("errors", "bigint"), ("bucket", "varchar")])

                # Paged by the CLI with a page size of one row.
                paged = self.aws(cli, "athena", "get-query-results", "--query-execution-id", qid,
                                 "--max-items", "2")
                self.assertEqual(len(paged["ResultSet"]["Rows"]), 2)

                csv_path = os.path.join(self.tmp.name, f"{name}.csv")
                self.aws(cli, "s3api", "get-object", "--bucket", bucket,
                         "--key", f"results/{qid}.csv", csv_path)
                with open(csv_path) as f:
                    self.assertEqual(f.read(), '"eventname","n","errors","bucket"\n'
                                               '"GetObject","1","1","evidence"\n'
                                               '"ListBuckets","2","0","evidence"\n')

                failed_id, failed = self.run_query(cli, "SELECT nosuch FROM cloudtrail_logs",
                                                   bucket, expect="FAILED")
                error = failed["Status"]["AthenaError"]
                self.assertEqual(error["ErrorCategory"], 2)
                self.assertIn("COLUMN_NOT_FOUND", error["ErrorMessage"])
                stderr = self.aws(cli, "athena", "get-query-results", "--query-execution-id",
                                  failed_id, ok=False)
                self.assertIn("InvalidRequestException", stderr)

                listed = self.aws(cli, "athena", "list-query-executions")
                self.assertIn(qid, listed["QueryExecutionIds"])
                self.aws(cli, "athena", "stop-query-execution", "--query-execution-id", qid)

                stderr = self.aws(cli, "athena", "start-query-execution", "--query-string",
                                  "SELECT 1", ok=False)
                self.assertIn("No output location provided", stderr)

    def test_catalog_named_queries_and_workgroups(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                databases = self.aws(cli, "athena", "list-databases",
                                     "--catalog-name", "AwsDataCatalog")["DatabaseList"]
                self.assertIn("default", [d["Name"] for d in databases])
                tables = self.aws(cli, "athena", "list-table-metadata", "--catalog-name",
                                  "AwsDataCatalog", "--database-name", "default")
                names = [t["Name"] for t in tables["TableMetadataList"]]
                self.assertIn("cloudtrail_logs", names)
                table = self.aws(cli, "athena", "get-table-metadata", "--catalog-name",
                                 "AwsDataCatalog", "--database-name", "default",
                                 "--table-name", "cloudtrail_logs")["TableMetadata"]
                self.assertEqual(table["Columns"][0], {"Name": "eventversion", "Type": "string"})
                self.assertEqual([p["Name"] for p in table["PartitionKeys"]],
                                 ["region", "year", "month", "day", "timestamp"])

                created = self.aws(cli, "athena", "create-named-query", "--name", f"roots-{name}",
                                   "--database", "default", "--query-string",
                                   "SELECT * FROM cloudtrail_logs WHERE useridentity.type = 'Root'")
                nid = created["NamedQueryId"]
                got = self.aws(cli, "athena", "get-named-query", "--named-query-id", nid)
                self.assertEqual(got["NamedQuery"]["Name"], f"roots-{name}")
                self.assertIn(nid, self.aws(cli, "athena", "list-named-queries")["NamedQueryIds"])
                self.aws(cli, "athena", "delete-named-query", "--named-query-id", nid)

                groups = self.aws(cli, "athena", "list-work-groups")["WorkGroups"]
                self.assertEqual(groups[0]["Name"], "primary")
                primary = self.aws(cli, "athena", "get-work-group", "--work-group", "primary")
                self.assertEqual(primary["WorkGroup"]["State"], "ENABLED")

    def test_athena_calls_are_recorded_and_the_cli_reaches_the_server(self):
        cli = self.clis[0][1]
        self.aws(cli, "athena", "list-work-groups")
        deadline = time.time() + 30
        while True:
            proc = run_cli("query", "--data-dir", self.server.data_dir, "--format", "json",
                           "SELECT eventname, readonly FROM cloudtrail_logs WHERE eventsource = "
                           "'athena.amazonaws.com' AND eventname = 'ListWorkGroups' LIMIT 1")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            rows = json.loads(proc.stdout)
            if rows or time.time() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(rows, [{"eventname": "ListWorkGroups", "readonly": "true"}])

        proc = run_cli("query", "--data-dir", self.server.data_dir, "SELECT nosuch FROM x")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("TABLE_NOT_FOUND", proc.stderr)

    def result_rows(self, cli, qid):
        result = self.aws(cli, "athena", "get-query-results", "--query-execution-id", qid)
        return [[d.get("VarCharValue") for d in r["Data"]] for r in result["ResultSet"]["Rows"]]

    def test_external_tables_over_a_trail_bucket(self):
        # AWS's own CloudTrail DDL over log files in a bucket: ADD PARTITION, then projection.
        cli = self.clis[-1][1]
        bucket = "org-trail-logs"
        self.aws(cli, "s3api", "create-bucket", "--bucket", bucket)
        log = os.path.join(self.tmp.name, "log.json.gz")
        import gzip
        with gzip.open(log, "wt") as f:
            json.dump(TRAIL, f)
        prefix = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/22/"
        self.aws(cli, "s3api", "put-object", "--bucket", bucket, "--key",
                 prefix + "123456789012_CloudTrail_us-east-1_20261122T0805Z_abc.json.gz",
                 "--body", log)
        self.aws(cli, "s3api", "put-object", "--bucket", bucket, "--key",
                 "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/22/digest.json.gz",
                 "--body", log.replace("log.json.gz", "trail.json"))
        results = "athena-results-external"
        self.aws(cli, "s3api", "create-bucket", "--bucket", results)
        columns = ("eventversion STRING, useridentity STRUCT<type:STRING, principalid:STRING, "
                   "arn:STRING, accountid:STRING, invokedby:STRING, accesskeyid:STRING, "
                   "userName:STRING, sessioncontext:STRUCT<attributes:STRUCT<mfaauthenticated:"
                   "STRING, creationdate:STRING>, sessionissuer:STRUCT<type:STRING, principalId:"
                   "STRING, arn:STRING, accountId:STRING, userName:STRING>, ec2RoleDelivery:STRING, "
                   "webIdFederationData:MAP<STRING,STRING>>>, eventtime STRING, eventsource STRING, "
                   "eventname STRING, awsregion STRING, sourceipaddress STRING, useragent STRING, "
                   "errorcode STRING, errormessage STRING, requestparameters STRING, "
                   "responseelements STRING, additionaleventdata STRING, requestid STRING, "
                   "eventid STRING, resources ARRAY<STRUCT<arn:STRING, accountid:STRING, "
                   "type:STRING>>, eventtype STRING, apiversion STRING, readonly STRING, "
                   "recipientaccountid STRING, serviceeventdetails STRING, sharedeventid STRING, "
                   "vpcendpointid STRING, tlsDetails STRUCT<tlsVersion:STRING, cipherSuite:STRING, "
                   "clientProvidedHostHeader:STRING>")
        serde = ("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe' STORED AS INPUTFORMAT "
                 "'com.amazon.emr.cloudtrail.CloudTrailInputFormat' OUTPUTFORMAT "
                 "'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'")
        ddl = (f"CREATE EXTERNAL TABLE trail_bucket ({columns}) PARTITIONED BY (region STRING, "
               f"year STRING, month STRING, day STRING) {serde} "
               f"LOCATION 's3://{bucket}/AWSLogs/123456789012/CloudTrail/'")
        qid, execution = self.run_query(cli, ddl, results)
        self.assertEqual(execution["StatementType"], "DDL")
        qid, _ = self.run_query(cli, "SELECT count(*) FROM trail_bucket", results)
        self.assertEqual(self.result_rows(cli, qid), [["_col0"], ["0"]])  # no partitions yet
        self.run_query(cli, "ALTER TABLE trail_bucket ADD PARTITION (region='us-east-1', "
                            "year='2026', month='11', day='22') LOCATION "
                            f"'s3://{bucket}/{prefix}'", results)
        qid, _ = self.run_query(cli, "SELECT eventname, useridentity.username, day, count(*) AS n "
                                     "FROM trail_bucket GROUP BY 1, 2, 3 ORDER BY 1", results)
        self.assertEqual(self.result_rows(cli, qid),
                         [["eventname", "username", "day", "n"],
                          ["GetObject", "analyst", "22", "1"],
                          ["ListBuckets", "analyst", "22", "2"]])

        projected = (f"CREATE EXTERNAL TABLE trail_projected ({columns}) PARTITIONED BY "
                     f"(`timestamp` STRING) {serde} LOCATION "
                     f"'s3://{bucket}/AWSLogs/123456789012/CloudTrail/us-east-1' TBLPROPERTIES "
                     "('projection.enabled'='true', 'projection.timestamp.type'='date', "
                     "'projection.timestamp.format'='yyyy/MM/dd', "
                     "'projection.timestamp.range'='2020/01/01,NOW', "
                     "'storage.location.template'="
                     f"'s3://{bucket}/AWSLogs/123456789012/CloudTrail/us-east-1/${{timestamp}}')")
        self.run_query(cli, projected, results)
        qid, _ = self.run_query(cli, "SELECT count(*) AS n FROM trail_projected WHERE "
                                     "\"timestamp\" >= '2026/11/01'", results)
        self.assertEqual(self.result_rows(cli, qid), [["n"], ["3"]])
        # New files show up in the next query, as Athena reads the bucket when it runs.
        self.aws(cli, "s3api", "put-object", "--bucket", bucket, "--key",
                 "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/23/second.json.gz",
                 "--body", log)
        qid, _ = self.run_query(cli, "SELECT \"timestamp\", count(*) AS n FROM trail_projected "
                                     "GROUP BY 1 ORDER BY 1", results)
        self.assertEqual(self.result_rows(cli, qid),
                         [["timestamp", "n"], ["2026/11/22", "3"], ["2026/11/23", "3"]])
        tables = self.aws(cli, "athena", "list-table-metadata", "--catalog-name",
                          "AwsDataCatalog", "--database-name", "default")
        kinds = {t["Name"]: t["TableType"] for t in tables["TableMetadataList"]}
        self.assertEqual(kinds["trail_projected"], "EXTERNAL_TABLE")
        self.run_query(cli, "DROP TABLE trail_projected", results)
        self.run_query(cli, "SELECT * FROM trail_projected", results, expect="FAILED")

    def test_parquet_export_to_a_bucket(self):
        # Another data dir (the server holds its own): the export reads the store directly and
        # uploads to the server's S3 with the AWS CLI's credentials chain.
        data_dir = os.path.join(self.tmp.name, "export-var")
        trail = os.path.join(self.tmp.name, "trail.json")
        ingest = run_cli("ingest", "--data-dir", data_dir, trail, timeout=120)
        self.assertEqual(ingest.returncode, 0, ingest.stderr)
        cli = self.clis[0][1]
        self.aws(cli, "s3api", "create-bucket", "--bucket", "analytics")
        env = {"AWS_ACCESS_KEY_ID": ADMIN[0], "AWS_SECRET_ACCESS_KEY": ADMIN[1],
               "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": "/dev/null",
               "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            proc = run_cli("trail", "export", "--format", "parquet", "--data-dir", data_dir,
                           "--to", "s3://analytics/cloudtrail/", "--endpoint-url",
                           self.server.endpoint, timeout=120)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("exported 3 records", proc.stdout)
        listed = self.aws(cli, "s3api", "list-objects-v2", "--bucket", "analytics")
        keys = sorted(o["Key"] for o in listed["Contents"])
        self.assertEqual(keys, [
            "cloudtrail/_athena.sql", "cloudtrail/_trino.sql",
            "cloudtrail/account=123456789012/region=us-east-1/year=2026/month=11/day=22/"
            "cloudtrail_0.parquet"])
        ddl_path = os.path.join(self.tmp.name, "athena.sql")
        self.aws(cli, "s3api", "get-object", "--bucket", "analytics", "--key",
                 "cloudtrail/_athena.sql", ddl_path)
        with open(ddl_path) as f:
            self.assertIn("LOCATION 's3://analytics/cloudtrail/'", f.read())


if __name__ == "__main__":
    unittest.main()
