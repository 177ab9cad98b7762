"""IAM through both aws CLIs and boto3 (issue 4, item 1): users and access keys that sign at once
and fail at once when deactivated, AWS managed policies enforced by the API server (ReadOnlyAccess
gets AccessDenied on writes, recorded with its errorCode), groups, customer managed policies with
versions, inline Deny overriding Allow, roles whose trust policies AssumeRole honours (and whose
sessions are recorded as AssumedRole), the password policy and login profiles (passwords never
recorded), and virtual MFA devices enabled with real TOTP codes."""
import base64
import hashlib
import hmac
import json
import os
import struct
import time
import unittest

from aws_clients import read_records, run_aws
from lab_server_test import LabServerTest

ACCOUNT = "123456789012"


def totp(seed_base32, step):
    key = base64.b32decode(seed_base32)
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000
    return f"{code:06d}"


class IamTest(LabServerTest):
    def as_key(self, cli, key, secret, *args, token=None, region="us-east-1"):
        return run_aws(cli, self.server.endpoint, key, secret, *args, region=region, token=token)

    def ok_as(self, cli, creds, *args):
        proc = self.as_key(cli, *creds, *args)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def denied_as(self, cli, creds, code, *args):
        proc = self.as_key(cli, *creds, *args)
        self.assertNotEqual(proc.returncode, 0, args)
        self.assertIn(code, proc.stderr)
        return proc.stderr

    def new_user(self, cli, name):
        user = self.aws(cli, "us-east-1", "iam", "create-user", "--user-name", name)["User"]
        self.assertEqual(user["Arn"], f"arn:aws:iam::{ACCOUNT}:user/{name}")
        self.assertTrue(user["UserId"].startswith("AIDA"))
        key = self.aws(cli, "us-east-1", "iam", "create-access-key", "--user-name", name)["AccessKey"]
        self.assertEqual((key["UserName"], key["Status"]), (name, "Active"))
        return (key["AccessKeyId"], key["SecretAccessKey"])

    def test_users_keys_and_managed_policies(self):
        for tag, cli in self.clis:
            with self.subTest(cli=tag):
                name = f"analyst-{tag}"
                creds = self.new_user(cli, name)
                # The key works at once; with no policy the user can only say who it is.
                me = self.ok_as(cli, creds, "sts", "get-caller-identity")
                self.assertEqual(me["Arn"], f"arn:aws:iam::{ACCOUNT}:user/{name}")
                self.denied_as(cli, creds, "AccessDenied", "iam", "list-users")

                self.aws(cli, "us-east-1", "iam", "attach-user-policy", "--user-name", name,
                         "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
                users = self.ok_as(cli, creds, "iam", "list-users")["Users"]
                self.assertIn(name, [u["UserName"] for u in users])
                self.ok_as(cli, creds, "s3api", "list-buckets")
                err = self.denied_as(cli, creds, "AccessDenied", "iam", "create-user",
                                     "--user-name", f"evil-{tag}")
                self.assertIn(f"arn:aws:iam::{ACCOUNT}:user/{name} is not authorized to perform: "
                              "iam:CreateUser", err)
                self.denied_as(cli, creds, "AccessDenied", "s3api", "create-bucket", "--bucket",
                               f"exfil-{tag}")
                self.denied_as(cli, creds, "AccessDeniedException", "kms", "create-key")

                attached = self.aws(cli, "us-east-1", "iam", "list-attached-user-policies",
                                    "--user-name", name)["AttachedPolicies"]
                self.assertEqual(attached, [{"PolicyName": "ReadOnlyAccess",
                                             "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}])
                policy = self.aws(cli, "us-east-1", "iam", "get-policy", "--policy-arn",
                                  "arn:aws:iam::aws:policy/ReadOnlyAccess")["Policy"]
                self.assertGreaterEqual(policy["AttachmentCount"], 1)

                # AdministratorAccess: the same key may now write.
                self.aws(cli, "us-east-1", "iam", "detach-user-policy", "--user-name", name,
                         "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
                self.aws(cli, "us-east-1", "iam", "attach-user-policy", "--user-name", name,
                         "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")
                self.ok_as(cli, creds, "iam", "create-user", "--user-name", f"made-by-{tag}")
                # An inline Deny beats the Allow.
                self.aws(cli, "us-east-1", "iam", "put-user-policy", "--user-name", name,
                         "--policy-name", "no-iam-deletes", "--policy-document", json.dumps({
                             "Version": "2012-10-17",
                             "Statement": [{"Effect": "Deny", "Action": "iam:Delete*",
                                            "Resource": "*"}]}))
                self.denied_as(cli, creds, "AccessDenied", "iam", "delete-user", "--user-name",
                               f"made-by-{tag}")
                doc = self.aws(cli, "us-east-1", "iam", "get-user-policy", "--user-name", name,
                               "--policy-name", "no-iam-deletes")["PolicyDocument"]
                self.assertEqual(doc["Statement"][0]["Effect"], "Deny")

                # Deactivated: the key fails at once; deleting the user needs its parts gone first.
                self.aws(cli, "us-east-1", "iam", "update-access-key", "--user-name", name,
                         "--access-key-id", creds[0], "--status", "Inactive")
                self.denied_as(cli, creds, "InvalidClientTokenId", "sts", "get-caller-identity")
                self.fails(cli, "us-east-1", "DeleteConflict", "iam", "delete-user",
                           "--user-name", name)
                self.aws(cli, "us-east-1", "iam", "delete-access-key", "--user-name", name,
                         "--access-key-id", creds[0])
                self.aws(cli, "us-east-1", "iam", "delete-user-policy", "--user-name", name,
                         "--policy-name", "no-iam-deletes")
                self.aws(cli, "us-east-1", "iam", "detach-user-policy", "--user-name", name,
                         "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")
                self.aws(cli, "us-east-1", "iam", "delete-user", "--user-name", name)
                self.fails(cli, "us-east-1", "NoSuchEntity", "iam", "get-user", "--user-name", name)

                records = [r for r in read_records(self.server.data_dir)
                           if r.get("userIdentity", {}).get("userName") == name]
                denied = [r for r in records if r["eventName"] == "CreateUser"
                          and r.get("errorCode") == "AccessDenied"]
                self.assertTrue(denied, "the denied CreateUser is recorded")
                self.assertIn("is not authorized to perform: iam:CreateUser",
                              denied[0]["errorMessage"])
                self.assertEqual(denied[0]["eventSource"], "iam.amazonaws.com")
                self.assertEqual(denied[0]["awsRegion"], "us-east-1")
                created = [r for r in read_records(self.server.data_dir)
                           if r["eventName"] == "CreateAccessKey"
                           and r["requestParameters"] == {"userName": name}]
                self.assertEqual(len(created), 1)
                self.assertEqual(created[0]["responseElements"]["accessKey"]["accessKeyId"],
                                 creds[0])
                self.assertNotIn(creds[1], json.dumps(read_records(self.server.data_dir)))

    def test_groups_and_customer_policies(self):
        for tag, cli in self.clis:
            with self.subTest(cli=tag):
                name = f"member-{tag}"
                creds = self.new_user(cli, name)
                document = {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": ["sns:ListTopics"], "Resource": "*"}]}
                policy = self.aws(cli, "us-east-1", "iam", "create-policy", "--policy-name",
                                  f"topics-{tag}", "--policy-document",
                                  json.dumps(document))["Policy"]
                arn = policy["Arn"]
                self.assertEqual(arn, f"arn:aws:iam::{ACCOUNT}:policy/topics-{tag}")
                self.assertEqual(policy["DefaultVersionId"], "v1")
                self.aws(cli, "us-east-1", "iam", "create-group", "--group-name", f"ops-{tag}")
                self.aws(cli, "us-east-1", "iam", "attach-group-policy", "--group-name",
                         f"ops-{tag}", "--policy-arn", arn)
                self.denied_as(cli, creds, "AuthorizationError", "sns", "list-topics")
                self.aws(cli, "us-east-1", "iam", "add-user-to-group", "--group-name", f"ops-{tag}",
                         "--user-name", name)
                self.ok_as(cli, creds, "sns", "list-topics")
                group = self.aws(cli, "us-east-1", "iam", "get-group", "--group-name", f"ops-{tag}")
                self.assertEqual([u["UserName"] for u in group["Users"]], [name])

                # A second version as default widens the policy; the default cannot be deleted.
                document["Statement"][0]["Action"].append("sqs:ListQueues")
                v2 = self.aws(cli, "us-east-1", "iam", "create-policy-version", "--policy-arn", arn,
                              "--policy-document", json.dumps(document),
                              "--set-as-default")["PolicyVersion"]
                self.assertEqual((v2["VersionId"], v2["IsDefaultVersion"]), ("v2", True))
                self.ok_as(cli, creds, "sqs", "list-queues")
                self.fails(cli, "us-east-1", "DeleteConflict", "iam", "delete-policy-version",
                           "--policy-arn", arn, "--version-id", "v2")
                versions = self.aws(cli, "us-east-1", "iam", "list-policy-versions",
                                    "--policy-arn", arn)["Versions"]
                self.assertEqual([v["VersionId"] for v in versions], ["v2", "v1"])
                got = self.aws(cli, "us-east-1", "iam", "get-policy-version", "--policy-arn", arn,
                               "--version-id", "v2")["PolicyVersion"]
                self.assertEqual(got["Document"], document)
                self.aws(cli, "us-east-1", "iam", "set-default-policy-version", "--policy-arn",
                         arn, "--version-id", "v1")
                self.denied_as(cli, creds, "AccessDenied", "sqs", "list-queues")
                self.fails(cli, "us-east-1", "DeleteConflict", "iam", "delete-group",
                           "--group-name", f"ops-{tag}")
                self.fails(cli, "us-east-1", "MalformedPolicyDocument", "iam", "create-policy",
                           "--policy-name", f"bad-{tag}", "--policy-document",
                           '{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"*",'
                           '"Resource":"*"}]}')

    def test_assume_role(self):
        for tag, cli in self.clis:
            with self.subTest(cli=tag):
                name = f"responder-{tag}"
                creds = self.new_user(cli, name)
                trust = {"Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow", "Action": "sts:AssumeRole",
                    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/{name}"}}]}
                role = self.aws(cli, "us-east-1", "iam", "create-role", "--role-name",
                                f"auditor-{tag}", "--assume-role-policy-document",
                                json.dumps(trust))["Role"]
                self.assertTrue(role["RoleId"].startswith("AROA"))
                self.assertEqual(role["AssumeRolePolicyDocument"], trust)
                self.aws(cli, "us-east-1", "iam", "attach-role-policy", "--role-name",
                         f"auditor-{tag}", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")

                # The trust policy names the user: no identity policy is needed.
                assumed = self.ok_as(cli, creds, "sts", "assume-role", "--role-arn", role["Arn"],
                                     "--role-session-name", "incident-42")
                c = assumed["Credentials"]
                self.assertTrue(c["AccessKeyId"].startswith("ASIA"))
                session = (c["AccessKeyId"], c["SecretAccessKey"])
                me = json.loads(self.as_key(cli, *session, "sts", "get-caller-identity",
                                            token=c["SessionToken"]).stdout)
                self.assertEqual(me["Arn"],
                                 f"arn:aws:sts::{ACCOUNT}:assumed-role/auditor-{tag}/incident-42")
                ok = self.as_key(cli, *session, "iam", "list-roles", token=c["SessionToken"])
                self.assertEqual(ok.returncode, 0, ok.stderr)
                no = self.as_key(cli, *session, "iam", "create-user", "--user-name", f"x-{tag}",
                                 token=c["SessionToken"])
                self.assertNotEqual(no.returncode, 0)
                self.assertIn("AccessDenied", no.stderr)
                # Without the token the session's key is refused.
                self.assertNotEqual(self.as_key(cli, *session, "sts", "get-caller-identity")
                                    .returncode, 0)

                # Another user is not trusted.
                other = self.new_user(cli, f"outsider-{tag}")
                self.denied_as(cli, other, "AccessDenied", "sts", "assume-role", "--role-arn",
                               role["Arn"], "--role-session-name", "nope")

                records = read_records(self.server.data_dir)
                assume = [r for r in records if r["eventName"] == "AssumeRole"
                          and r["userIdentity"].get("userName") == name]
                self.assertEqual(len(assume), 1)
                self.assertEqual(assume[0]["resources"], [{"accountId": ACCOUNT,
                                                           "type": "AWS::IAM::Role",
                                                           "ARN": role["Arn"]}])
                self.assertEqual(assume[0]["requestParameters"],
                                 {"roleArn": role["Arn"], "roleSessionName": "incident-42"})
                self.assertEqual(assume[0]["responseElements"]["assumedRoleUser"]["arn"], me["Arn"])
                self.assertNotIn(c["SecretAccessKey"], json.dumps(records))
                by_session = [r for r in records
                              if r["userIdentity"].get("accessKeyId") == c["AccessKeyId"]]
                self.assertTrue(by_session)
                identity = by_session[0]["userIdentity"]
                self.assertEqual(identity["type"], "AssumedRole")
                self.assertEqual(identity["principalId"], f"{role['RoleId']}:incident-42")
                self.assertEqual(identity["sessionContext"]["sessionIssuer"],
                                 {"type": "Role", "principalId": role["RoleId"], "arn": role["Arn"],
                                  "accountId": ACCOUNT, "userName": f"auditor-{tag}"})
                self.assertEqual(identity["sessionContext"]["attributes"]["mfaAuthenticated"],
                                 "false")
                refused = [r for r in records if r["eventName"] == "CreateUser"
                           and r["userIdentity"].get("accessKeyId") == c["AccessKeyId"]]
                self.assertEqual(refused[0]["errorCode"], "AccessDenied")

    def test_passwords_and_mfa(self):
        for tag, cli in self.clis:
            with self.subTest(cli=tag):
                name = f"console-{tag}"
                self.aws(cli, "us-east-1", "iam", "create-user", "--user-name", name)
                self.aws(cli, "us-east-1", "iam", "update-account-password-policy",
                         "--minimum-password-length", "14", "--require-numbers",
                         "--password-reuse-prevention", "3")
                policy = self.aws(cli, "us-east-1", "iam",
                                  "get-account-password-policy")["PasswordPolicy"]
                self.assertEqual((policy["MinimumPasswordLength"], policy["RequireNumbers"],
                                  policy["PasswordReusePrevention"]), (14, True, 3))
                self.fails(cli, "us-east-1", "PasswordPolicyViolation", "iam",
                           "create-login-profile", "--user-name", name, "--password", "short1")
                password = f"correct-horse-battery-9-{tag}"
                profile = self.aws(cli, "us-east-1", "iam", "create-login-profile", "--user-name",
                                   name, "--password", password)["LoginProfile"]
                self.assertEqual(profile["UserName"], name)
                self.fails(cli, "us-east-1", "EntityAlreadyExists", "iam", "create-login-profile",
                           "--user-name", name, "--password", password)
                records = json.dumps(read_records(self.server.data_dir))
                self.assertNotIn(password, records)

                seed_file = os.path.join(self.tmp.name, f"seed-{tag}")
                device = self.aws(cli, "us-east-1", "iam", "create-virtual-mfa-device",
                                  "--virtual-mfa-device-name", name, "--outfile", seed_file,
                                  "--bootstrap-method", "Base32StringSeed")["VirtualMFADevice"]
                serial = device["SerialNumber"]
                self.assertEqual(serial, f"arn:aws:iam::{ACCOUNT}:mfa/{name}")
                with open(seed_file) as f:
                    seed = f.read().strip()
                step = int(time.time()) // 30
                self.fails(cli, "us-east-1", "InvalidAuthenticationCode", "iam",
                           "enable-mfa-device", "--user-name", name, "--serial-number", serial,
                           "--authentication-code1", "000000", "--authentication-code2", "000001")
                self.aws(cli, "us-east-1", "iam", "enable-mfa-device", "--user-name", name,
                         "--serial-number", serial, "--authentication-code1", totp(seed, step - 1),
                         "--authentication-code2", totp(seed, step))
                devices = self.aws(cli, "us-east-1", "iam", "list-mfa-devices", "--user-name",
                                   name)["MFADevices"]
                self.assertEqual([(d["UserName"], d["SerialNumber"]) for d in devices],
                                 [(name, serial)])
                self.assertNotIn(seed, json.dumps(read_records(self.server.data_dir)))
                self.fails(cli, "us-east-1", "DeleteConflict", "iam", "delete-virtual-mfa-device",
                           "--serial-number", serial)
                self.aws(cli, "us-east-1", "iam", "deactivate-mfa-device", "--user-name", name,
                         "--serial-number", serial)
                self.aws(cli, "us-east-1", "iam", "delete-virtual-mfa-device", "--serial-number",
                         serial)
                self.aws(cli, "us-east-1", "iam", "delete-login-profile", "--user-name", name)
                self.aws(cli, "us-east-1", "iam", "delete-account-password-policy")
                self.fails(cli, "us-east-1", "NoSuchEntity", "iam", "get-account-password-policy")

    def test_session_token_with_mfa(self):
        """GetSessionToken trades a key (and an MFA code) for session credentials that satisfy a
        policy's aws:MultiFactorAuthPresent condition; calls with them are recorded as the user's,
        with sessionContext.attributes.mfaAuthenticated."""
        deny_without_mfa = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Deny", "Action": "iam:*", "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]})
        for tag, cli in self.clis:
            with self.subTest(cli=tag):
                name = f"mfa-user-{tag}"
                creds = self.new_user(cli, name)
                self.aws(cli, "us-east-1", "iam", "attach-user-policy", "--user-name", name,
                         "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")
                self.aws(cli, "us-east-1", "iam", "put-user-policy", "--user-name", name,
                         "--policy-name", "require-mfa", "--policy-document", deny_without_mfa)
                seed_file = os.path.join(self.tmp.name, f"session-seed-{tag}")
                serial = self.aws(cli, "us-east-1", "iam", "create-virtual-mfa-device",
                                  "--virtual-mfa-device-name", name, "--outfile", seed_file,
                                  "--bootstrap-method", "Base32StringSeed")["VirtualMFADevice"]["SerialNumber"]
                with open(seed_file) as f:
                    seed = f.read().strip()
                step = int(time.time()) // 30
                self.aws(cli, "us-east-1", "iam", "enable-mfa-device", "--user-name", name,
                         "--serial-number", serial, "--authentication-code1", totp(seed, step - 1),
                         "--authentication-code2", totp(seed, step))
                self.denied_as(cli, creds, "AccessDenied", "iam", "list-users")

                plain = self.ok_as(cli, creds, "sts", "get-session-token")["Credentials"]
                self.assertTrue(plain["AccessKeyId"].startswith("ASIA"))
                proc = self.as_key(cli, plain["AccessKeyId"], plain["SecretAccessKey"], "iam",
                                   "list-users", token=plain["SessionToken"])
                self.assertIn("AccessDenied", proc.stderr)  # no MFA in this session

                code = totp(seed, int(time.time()) // 30)
                session = self.ok_as(cli, creds, "sts", "get-session-token", "--serial-number",
                                     serial, "--token-code", code,
                                     "--duration-seconds", "900")["Credentials"]
                temp = (session["AccessKeyId"], session["SecretAccessKey"])
                proc = self.as_key(cli, *temp, "iam", "list-users", token=session["SessionToken"])
                self.assertEqual(proc.returncode, 0, proc.stderr)
                who = json.loads(self.as_key(cli, *temp, "sts", "get-caller-identity",
                                             token=session["SessionToken"]).stdout)
                self.assertEqual(who["Arn"], f"arn:aws:iam::{ACCOUNT}:user/{name}")
                proc = self.as_key(cli, *temp, "sts", "get-session-token",
                                   token=session["SessionToken"])
                self.assertIn("AccessDenied", proc.stderr)  # not with session credentials

                records = read_records(self.server.data_dir)
                listed = [r for r in records if r["eventName"] == "ListUsers"
                          and r["userIdentity"].get("accessKeyId") == temp[0]]
                self.assertEqual(len(listed), 1)
                identity = listed[0]["userIdentity"]
                self.assertEqual((identity["type"], identity["userName"]), ("IAMUser", name))
                self.assertEqual(identity["sessionContext"]["attributes"]["mfaAuthenticated"], "true")
                issued = [r for r in records if r["eventName"] == "GetSessionToken"
                          and r["userIdentity"].get("accessKeyId") == creds[0]]
                self.assertEqual(len(issued), 2)
                self.assertFalse(issued[-1]["readOnly"])
                self.assertNotIn(code, json.dumps(issued[-1]["requestParameters"]))
                self.assertNotIn(session["SecretAccessKey"], json.dumps(records))

    def test_boto3(self):
        try:
            import boto3
        except ImportError:
            self.skipTest("boto3 is not installed")
        session = boto3.session.Session(aws_access_key_id=self.key,
                                        aws_secret_access_key=self.secret,
                                        region_name="us-east-1")
        iam = session.client("iam", endpoint_url=self.server.endpoint)
        iam.create_user(UserName="boto-user", Tags=[{"Key": "team", "Value": "blue"}])
        self.assertEqual(iam.list_user_tags(UserName="boto-user")["Tags"],
                         [{"Key": "team", "Value": "blue"}])
        key = iam.create_access_key(UserName="boto-user")["AccessKey"]
        iam.attach_user_policy(UserName="boto-user",
                               PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
        user_session = boto3.session.Session(aws_access_key_id=key["AccessKeyId"],
                                             aws_secret_access_key=key["SecretAccessKey"],
                                             region_name="us-east-1")
        s3 = user_session.client("s3", endpoint_url=self.server.endpoint)
        s3.list_buckets()
        with self.assertRaises(Exception) as ctx:
            s3.create_bucket(Bucket="boto-denied")
        self.assertIn("AccessDenied", str(ctx.exception))
        used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
        self.assertEqual(used["UserName"], "boto-user")
        self.assertEqual(used["AccessKeyLastUsed"]["ServiceName"], "s3")
        paged = iam.list_users(MaxItems=1)
        self.assertTrue(paged["IsTruncated"])
        self.assertEqual(len(paged["Users"]), 1)


if __name__ == "__main__":
    unittest.main()
