"""Secrets Manager through both aws CLIs (issue 4, item 3): a secret's versions (PutSecretValue →
GetSecretValue returns it, AWSPREVIOUS keeps the old one), BatchGetSecretValue, a customer KMS key
whose disabling makes the value unreadable, delete with a recovery window and restore, and the
CloudTrail records (never the secret value, GetSecretValue read-only)."""
import json
import unittest

from aws_clients import read_records, run_aws
from lab_server_test import LabServerTest


class SecretsManagerTest(LabServerTest):
    def test_secret_lifecycle(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                self.lifecycle(cli, ["ca-central-1", "eu-west-2"][n % 2])

    def lifecycle(self, cli, region):
        sm = ("secretsmanager",)
        key = self.aws(cli, region, "kms", "create-key")["KeyMetadata"]["KeyId"]
        created = self.aws(cli, region, *sm, "create-secret", "--name", "prod/db",
                           "--kms-key-id", key, "--secret-string",
                           '{"user":"app","password":"hunter2"}')
        arn = created["ARN"]
        self.assertRegex(arn, rf"^arn:aws:secretsmanager:{region}:123456789012:secret:prod/db-\w{{6}}$")
        self.fails(cli, region, "ResourceExistsException", *sm, "create-secret", "--name",
                   "prod/db", "--secret-string", "x")
        put = self.aws(cli, region, *sm, "put-secret-value", "--secret-id", "prod/db",
                       "--secret-string", "rotated-pass")
        self.assertEqual(put["VersionStages"], ["AWSCURRENT"])
        got = self.aws(cli, region, *sm, "get-secret-value", "--secret-id", arn)
        self.assertEqual((got["SecretString"], got["VersionId"]), ("rotated-pass", put["VersionId"]))
        previous = self.aws(cli, region, *sm, "get-secret-value", "--secret-id", "prod/db",
                            "--version-stage", "AWSPREVIOUS")
        self.assertEqual(json.loads(previous["SecretString"])["password"], "hunter2")
        self.aws(cli, region, *sm, "create-secret", "--name", "api-token", "--secret-string", "t0k")
        batch = run_aws(cli, self.server.endpoint, self.key, self.secret, *sm,
                        "batch-get-secret-value", "--secret-id-list", "prod/db", "api-token",
                        "missing", region=region)
        if "Invalid choice" not in batch.stderr:  # Debian's CLI v2 (2.9) predates the operation
            self.assertEqual(batch.returncode, 0, batch.stderr)
            batch = json.loads(batch.stdout)
            self.assertEqual(sorted(v["Name"] for v in batch["SecretValues"]),
                             ["api-token", "prod/db"])
            self.assertEqual(batch["Errors"][0]["ErrorCode"], "ResourceNotFoundException")
        described = self.aws(cli, region, *sm, "describe-secret", "--secret-id", "prod/db")
        self.assertEqual(described["KmsKeyId"], key)
        self.assertEqual(sorted(described["VersionIdsToStages"].values()),
                         [["AWSCURRENT"], ["AWSPREVIOUS"]])

        # Disabling the KMS key locks the secret.
        self.aws(cli, region, "kms", "disable-key", "--key-id", key)
        self.fails(cli, region, "DecryptionFailure", *sm, "get-secret-value", "--secret-id",
                   "prod/db")
        self.aws(cli, region, "kms", "enable-key", "--key-id", key)

        deleted = self.aws(cli, region, *sm, "delete-secret", "--secret-id", "prod/db",
                           "--recovery-window-in-days", "7")
        self.assertIn("DeletionDate", deleted)
        self.fails(cli, region, "InvalidRequestException", *sm, "get-secret-value",
                   "--secret-id", "prod/db")
        names = [s["Name"] for s in self.aws(cli, region, *sm, "list-secrets")["SecretList"]]
        self.assertEqual(names, ["api-token"])
        self.aws(cli, region, *sm, "restore-secret", "--secret-id", "prod/db")
        self.assertEqual(self.aws(cli, region, *sm, "get-secret-value", "--secret-id",
                                  "prod/db")["SecretString"], "rotated-pass")
        self.aws(cli, region, *sm, "delete-secret", "--secret-id", "api-token",
                 "--force-delete-without-recovery")
        self.fails(cli, region, "ResourceNotFoundException", *sm, "describe-secret",
                   "--secret-id", "api-token")

        records = [r for r in read_records(self.server.data_dir)
                   if r["eventSource"] == "secretsmanager.amazonaws.com"
                   and r["awsRegion"] == region]
        text = json.dumps(records)
        for secret in ("hunter2", "rotated-pass", "t0k"):
            self.assertNotIn(secret, text)
        get = [r for r in records if r["eventName"] == "GetSecretValue"][0]
        self.assertEqual(get["requestParameters"], {"secretId": arn})
        self.assertTrue(get["readOnly"])
        self.assertIsNone(get["responseElements"])
        create = [r for r in records if r["eventName"] == "CreateSecret"][0]
        self.assertEqual(create["requestParameters"]["name"], "prod/db")
        self.assertEqual(create["requestParameters"]["kmsKeyId"], key)
        self.assertFalse(create["readOnly"])
        failed = [r for r in records if r.get("errorCode") == "DecryptionFailure"]
        self.assertEqual(len(failed), 1)


if __name__ == "__main__":
    unittest.main()
