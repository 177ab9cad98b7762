"""KMS through both aws CLIs (issue 4, item 2): a key and its alias, Encrypt/Decrypt and
GenerateDataKey with real AES-256-GCM and an encryption context, DisableKey making Decrypt fail,
ScheduleKeyDeletion/CancelKeyDeletion, and the CloudTrail records (the key as resource, no
plaintext anywhere, Encrypt/Decrypt read-only)."""
import base64
import json
import os
import unittest

from aws_clients import read_records
from lab_server_test import LabServerTest


class KmsTest(LabServerTest):
    def file(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return "fileb://" + path

    def test_keys_and_encryption(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                self.run_kms(cli, ["eu-central-1", "us-east-2"][n % 2], name)

    def run_kms(self, cli, region, tag):
        meta = self.aws(cli, region, "kms", "create-key", "--description", "lab key")["KeyMetadata"]
        key_id, arn = meta["KeyId"], meta["Arn"]
        self.assertEqual(arn, f"arn:aws:kms:{region}:123456789012:key/{key_id}")
        self.assertEqual((meta["KeyState"], meta["Enabled"], meta["KeySpec"]),
                         ("Enabled", True, "SYMMETRIC_DEFAULT"))
        self.aws(cli, region, "kms", "create-alias", "--alias-name", "alias/lab",
                 "--target-key-id", key_id)
        aliases = self.aws(cli, region, "kms", "list-aliases")["Aliases"]
        self.assertEqual([(a["AliasName"], a["TargetKeyId"]) for a in aliases],
                         [("alias/lab", key_id)])
        self.assertEqual([k["KeyId"] for k in self.aws(cli, region, "kms", "list-keys")["Keys"]],
                         [key_id])

        secret = b"the database password"
        sealed = self.aws(cli, region, "kms", "encrypt", "--key-id", "alias/lab", "--plaintext",
                          self.file(f"plain-{tag}", secret), "--encryption-context",
                          "purpose=lab")
        self.assertEqual(sealed["KeyId"], arn)
        blob = base64.b64decode(sealed["CiphertextBlob"])
        self.assertNotIn(secret, blob)
        blob_file = self.file(f"blob-{tag}", blob)
        opened = self.aws(cli, region, "kms", "decrypt", "--ciphertext-blob", blob_file,
                          "--encryption-context", "purpose=lab")
        self.assertEqual(base64.b64decode(opened["Plaintext"]), secret)
        self.fails(cli, region, "InvalidCiphertextException", "kms", "decrypt",
                   "--ciphertext-blob", blob_file)  # without the context

        data_key = self.aws(cli, region, "kms", "generate-data-key", "--key-id", key_id,
                            "--key-spec", "AES_256")
        self.assertEqual(len(base64.b64decode(data_key["Plaintext"])), 32)
        unwrapped = self.aws(cli, region, "kms", "decrypt", "--ciphertext-blob",
                             self.file(f"dk-{tag}", base64.b64decode(data_key["CiphertextBlob"])))
        self.assertEqual(unwrapped["Plaintext"], data_key["Plaintext"])

        # An attacker disabling the key: Decrypt fails at once.
        self.aws(cli, region, "kms", "disable-key", "--key-id", key_id)
        self.fails(cli, region, "DisabledException", "kms", "decrypt", "--ciphertext-blob",
                   blob_file, "--encryption-context", "purpose=lab")
        self.aws(cli, region, "kms", "enable-key", "--key-id", key_id)
        scheduled = self.aws(cli, region, "kms", "schedule-key-deletion", "--key-id", key_id,
                             "--pending-window-in-days", "7")
        self.assertEqual(scheduled["KeyState"], "PendingDeletion")
        self.fails(cli, region, "KMSInvalidStateException", "kms", "encrypt", "--key-id", key_id,
                   "--plaintext", self.file(f"p2-{tag}", b"x"))
        self.aws(cli, region, "kms", "cancel-key-deletion", "--key-id", key_id)
        self.assertEqual(self.aws(cli, region, "kms", "describe-key", "--key-id",
                                  "alias/lab")["KeyMetadata"]["KeyState"], "Disabled")
        self.fails(cli, region, "NotFoundException", "kms", "describe-key", "--key-id",
                   "alias/none")

        # The records: the key as resource, no plaintext, Encrypt/Decrypt read-only.
        records = [r for r in read_records(self.server.data_dir)
                   if r["eventSource"] == "kms.amazonaws.com" and r["awsRegion"] == region]
        text = json.dumps(records)
        self.assertNotIn(base64.b64encode(secret).decode(), text)
        self.assertNotIn(data_key["Plaintext"], text)
        by_name = {}
        for r in records:
            by_name.setdefault(r["eventName"], []).append(r)
        encrypt = by_name["Encrypt"][0]
        self.assertEqual(encrypt["requestParameters"],
                         {"keyId": "alias/lab", "encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                          "encryptionContext": {"purpose": "lab"}})
        self.assertTrue(encrypt["readOnly"])
        self.assertEqual(encrypt["resources"],
                         [{"accountId": "123456789012", "type": "AWS::KMS::Key", "ARN": arn}])
        self.assertTrue(by_name["Decrypt"][0]["readOnly"])
        self.assertIsNone(by_name["Decrypt"][0]["responseElements"])
        self.assertEqual(by_name["DisableKey"][0]["requestParameters"], {"keyId": key_id})
        self.assertFalse(by_name["DisableKey"][0]["readOnly"])
        self.assertEqual(by_name["ScheduleKeyDeletion"][0]["requestParameters"],
                         {"keyId": key_id, "pendingWindowInDays": 7})
        self.assertEqual(by_name["Decrypt"][-1]["errorCode"], "DisabledException")


if __name__ == "__main__":
    unittest.main()
