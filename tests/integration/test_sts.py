"""STS through the real clients: the lab's `aws sts get-caller-identity`, its CloudTrail record, and
the authentication failures AWS gives for a bad key, a bad signature and a skewed clock."""
import os
import unittest

from aws_clients import clients, read_credentials, read_records, run_aws
from tripline_process import Server


class StsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.server.wait_ready()
        cls.key, cls.secret = read_credentials(cls.server.data_dir)
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_get_caller_identity_and_its_record(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                before = len(read_records(self.server.data_dir))
                proc = run_aws(cli, self.server.endpoint, self.key, self.secret,
                               "sts", "get-caller-identity", region="eu-north-1")
                self.assertEqual(proc.returncode, 0, proc.stderr)
                import json
                identity = json.loads(proc.stdout)
                self.assertEqual(identity["Account"], "123456789012")
                self.assertEqual(identity["Arn"], "arn:aws:iam::123456789012:user/admin")
                self.assertRegex(identity["UserId"], r"^AIDA[A-Z0-9]{17}$")

                records = read_records(self.server.data_dir)
                self.assertEqual(len(records), before + 1)
                r = records[-1]
                self.assertEqual(r["eventVersion"], "1.11")
                self.assertEqual(r["eventSource"], "sts.amazonaws.com")
                self.assertEqual(r["eventName"], "GetCallerIdentity")
                self.assertEqual(r["awsRegion"], "eu-north-1")
                self.assertEqual(r["sourceIPAddress"], "127.0.0.1")
                self.assertTrue(r["userAgent"].startswith("aws-cli/"))
                self.assertIsNone(r["requestParameters"])
                self.assertIsNone(r["responseElements"])
                self.assertTrue(r["readOnly"])
                self.assertEqual(r["eventType"], "AwsApiCall")
                self.assertTrue(r["managementEvent"])
                self.assertEqual(r["eventCategory"], "Management")
                self.assertEqual(r["recipientAccountId"], "123456789012")
                self.assertEqual(r["apiVersion"], "2011-06-15")
                uid = r["userIdentity"]
                self.assertEqual(uid["type"], "IAMUser")
                self.assertEqual(uid["arn"], identity["Arn"])
                self.assertEqual(uid["principalId"], identity["UserId"])
                self.assertEqual(uid["accessKeyId"], self.key)
                self.assertEqual(uid["userName"], "admin")
                self.assertNotIn("errorCode", r)
                self.assertNotIn("tlsDetails", r)

    def test_unknown_key_is_invalid_client_token(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                before = len(read_records(self.server.data_dir))
                proc = run_aws(cli, self.server.endpoint, "AKIAUNKNOWN000000000", self.secret,
                               "sts", "get-caller-identity")
                self.assertNotEqual(proc.returncode, 0)
                self.assertIn("InvalidClientTokenId", proc.stderr)
                # As in AWS, a request that fails authentication reaches no trail.
                self.assertEqual(len(read_records(self.server.data_dir)), before)

    def test_wrong_secret_is_signature_does_not_match(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                proc = run_aws(cli, self.server.endpoint, self.key, "x" * 40,
                               "sts", "get-caller-identity")
                self.assertNotEqual(proc.returncode, 0)
                self.assertIn("SignatureDoesNotMatch", proc.stderr)

    def test_get_access_key_info(self):
        name, cli = self.clis[0]
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret,
                       "sts", "get-access-key-info", "--access-key-id", self.key)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("123456789012", proc.stdout)
        r = read_records(self.server.data_dir)[-1]
        self.assertEqual(r["eventName"], "GetAccessKeyInfo")
        self.assertEqual(r["requestParameters"], {"accessKeyId": self.key})

    def test_unsupported_operation_is_recorded_with_its_error(self):
        name, cli = self.clis[0]
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret,
                       "sts", "decode-authorization-message", "--encoded-message", "abc")
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("InvalidAction", proc.stderr)
        r = read_records(self.server.data_dir)[-1]
        self.assertEqual(r["eventName"], "DecodeAuthorizationMessage")
        self.assertEqual(r["errorCode"], "InvalidAction")


if __name__ == "__main__":
    unittest.main()
