"""Identities, KMS keys and secrets declared in the config file (issue 4, item 5): a user without
`policies:` is an administrator, a user with ReadOnlyAccess through a group is refused writes, an
inline Deny wins, a declared role is assumable as its trust policy says, a KMS key is found by its
alias, secrets are sealed with it (value inline or from the environment), a changed value becomes
the new AWSCURRENT version on restart, and bad declarations stop start-up with file and line."""
import json
import os
import tempfile
import unittest

from aws_clients import clients, run_aws
from tripline_process import Server, run_cli

ACCOUNT = "123456789012"
ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecret0000000")
ANALYST = ("AKIATRIPLINEANALYST1", "analystsecretanalystsecretanalystsecret0")

CONFIG = """
accounts:
  - id: "123456789012"
    policies:
      - name: ReadTrail
        description: read the trail
        document:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Action: ["cloudtrail:LookupEvents"], Resource: "*"}
    groups:
      - name: auditors
        policies: [ReadOnlyAccess, ReadTrail]
    roles:
      - name: incident-response
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "arn:aws:iam::123456789012:user/analyst"}
              Action: sts:AssumeRole
        policies: [AdministratorAccess]
    users:
      - name: admin
        access_keys: [{id: %s, secret: %s}]
      - name: analyst
        policies: []
        groups: [auditors]
        inline_policies:
          no-key-details:
            Version: "2012-10-17"
            Statement: [{Effect: Deny, Action: "kms:Describe*", Resource: "*"}]
        access_keys: [{id: %s, secret: %s}]
kms_keys:
  - alias: lab-secrets
    description: seals the lab's secrets
secrets:
  - name: prod/db
    kms_key: alias/lab-secrets
    value: {username: app, password: "%s"}
  - name: api-token
    value_from_env: TRIPLINE_TEST_TOKEN
"""


class ConfigIamTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-config-iam-")
        cls.data_dir = os.path.join(cls.tmp.name, "var")
        cls.config = os.path.join(cls.tmp.name, "tripline.yaml")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def write_config(self, password):
        with open(self.config, "w") as f:
            f.write(CONFIG % (*ADMIN, *ANALYST, password))

    def call(self, server, cli, creds, *args, token=None):
        return run_aws(cli, server.endpoint, *creds, *args, region="us-east-1", token=token)

    def ok(self, server, cli, creds, *args, token=None):
        proc = self.call(server, cli, creds, *args, token=token)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def denied(self, server, cli, creds, *args):
        proc = self.call(server, cli, creds, *args)
        self.assertNotEqual(proc.returncode, 0, args)
        self.assertIn("AccessDenied", proc.stderr)

    def test_declared_identities_keys_and_secrets(self):
        os.environ["TRIPLINE_TEST_TOKEN"] = "t0ken-from-env"
        self.write_config("hunter2")
        cli = self.clis[0][1]
        with Server(data_dir=self.data_dir, config=self.config) as server:
            # The admin (no `policies:`) may do anything; the analyst reads but cannot write.
            self.ok(server, cli, ADMIN, "iam", "create-user", "--user-name", "temp")
            listed = self.ok(server, cli, ANALYST, "iam", "list-users")["Users"]
            self.assertEqual(sorted(u["UserName"] for u in listed), ["admin", "analyst", "temp"])
            self.denied(server, cli, ANALYST, "iam", "create-user", "--user-name", "nope")
            self.ok(server, cli, ANALYST, "cloudtrail", "lookup-events", "--max-results", "1")
            attached = self.ok(server, cli, ADMIN, "iam", "list-attached-group-policies",
                               "--group-name", "auditors")["AttachedPolicies"]
            self.assertEqual(sorted(p["PolicyArn"] for p in attached),
                             [f"arn:aws:iam::{ACCOUNT}:policy/ReadTrail",
                              "arn:aws:iam::aws:policy/ReadOnlyAccess"])

            # The declared key and the secrets it seals.
            key = self.ok(server, cli, ADMIN, "kms", "describe-key", "--key-id",
                          "alias/lab-secrets")["KeyMetadata"]
            self.assertEqual((key["KeyState"], key["Description"]),
                             ("Enabled", "seals the lab's secrets"))
            described = self.ok(server, cli, ADMIN, "secretsmanager", "describe-secret",
                                "--secret-id", "prod/db")
            self.assertEqual(described["KmsKeyId"], "alias/lab-secrets")
            value = self.ok(server, cli, ADMIN, "secretsmanager", "get-secret-value",
                            "--secret-id", "prod/db")
            self.assertEqual(json.loads(value["SecretString"]),
                             {"username": "app", "password": "hunter2"})
            token = self.ok(server, cli, ADMIN, "secretsmanager", "get-secret-value",
                            "--secret-id", "api-token")
            self.assertEqual(token["SecretString"], "t0ken-from-env")
            # ReadOnlyAccess does not read secret values (as in AWS); the analyst's inline Deny
            # beats the kms:Describe* that ReadOnlyAccess allows.
            self.denied(server, cli, ANALYST, "secretsmanager", "get-secret-value",
                        "--secret-id", "prod/db")
            self.ok(server, cli, ANALYST, "kms", "list-keys")
            self.denied(server, cli, ANALYST, "kms", "describe-key", "--key-id", "alias/lab-secrets")

            # The declared role: the analyst may assume it and act as an administrator.
            creds = self.ok(server, cli, ANALYST, "sts", "assume-role", "--role-arn",
                            f"arn:aws:iam::{ACCOUNT}:role/incident-response",
                            "--role-session-name", "ir")["Credentials"]
            session = (creds["AccessKeyId"], creds["SecretAccessKey"])
            self.ok(server, cli, session, "iam", "create-user", "--user-name", "by-role",
                    token=creds["SessionToken"])
            proc = self.call(server, cli, ADMIN, "sts", "assume-role", "--role-arn",
                             f"arn:aws:iam::{ACCOUNT}:role/incident-response",
                             "--role-session-name", "admin-try")
            self.assertIn("AccessDenied", proc.stderr)  # the trust policy names the analyst only

            # Disabling the key through the API; the config re-enables it on restart.
            self.ok(server, cli, ADMIN, "kms", "disable-key", "--key-id", key["KeyId"])

        # A restart with a changed value: the same secret, a new current version.
        self.write_config("rotated")
        with Server(data_dir=self.data_dir, config=self.config) as server:
            again = self.ok(server, cli, ADMIN, "kms", "describe-key", "--key-id",
                            "alias/lab-secrets")["KeyMetadata"]
            self.assertEqual((again["KeyId"], again["KeyState"]), (key["KeyId"], "Enabled"))
            current = self.ok(server, cli, ADMIN, "secretsmanager", "get-secret-value",
                              "--secret-id", "prod/db")
            self.assertEqual(json.loads(current["SecretString"])["password"], "rotated")
            self.assertEqual(current["ARN"], value["ARN"])
            previous = self.ok(server, cli, ADMIN, "secretsmanager", "get-secret-value",
                               "--secret-id", "prod/db", "--version-stage", "AWSPREVIOUS")
            self.assertEqual(json.loads(previous["SecretString"])["password"], "hunter2")
            users = self.ok(server, cli, ADMIN, "iam", "list-users")["Users"]
            self.assertIn("by-role", [u["UserName"] for u in users])  # API additions stay

    def test_bad_declarations_are_reported_with_their_line(self):
        bad = os.path.join(self.tmp.name, "bad.yaml")
        with open(bad, "w") as f:
            f.write("accounts:\n"
                    "  - id: \"123456789012\"\n"
                    "    policies:\n"
                    "      - name: Broken\n"
                    "        document: {Version: \"2012-10-17\", Statement: [{Effect: Maybe, "
                    "Action: \"s3:*\", Resource: \"*\"}]}\n"
                    "secrets:\n"
                    "  - name: no-value\n")
        proc = run_cli("validate", "--config", bad)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        out = proc.stdout + proc.stderr
        self.assertIn("MalformedPolicyDocument", out)
        self.assertIn(":5:", out)
        self.assertIn("exactly one of 'value' and 'value_from_env'", out)
        self.assertIn(":7:", out)


if __name__ == "__main__":
    unittest.main()
