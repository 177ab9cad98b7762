"""SQS through the real clients: the aws CLI v1 (JSON 1.0 protocol, query-compatible errors) and
Debian's CLI v2.9 (query protocol, XML) create queues, send, receive with long polling, delete,
read attributes, purge and delete queues; their errors carry SQS's codes; messages survive a
restart; message operations are CloudTrail data events."""
import hashlib
import json
import os
import struct
import subprocess
import threading
import time
import unittest
import urllib.parse
import urllib.request

from aws_clients import clients, read_credentials, read_records, run_aws
from tripline_process import Server


def attributes_md5(attributes):
    """MD5OfMessageAttributes as AWS documents it (string and number attributes)."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        value = attributes[name]
        for part in (name, value["DataType"]):
            data = part.encode()
            digest.update(struct.pack(">I", len(data)) + data)
        data = value["StringValue"].encode()
        digest.update(b"\x01" + struct.pack(">I", len(data)) + data)
    return digest.hexdigest()


class SqsTest(unittest.TestCase):
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

    def aws(self, cli, *args, check=True, timeout=60):
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret, "sqs", *args,
                       timeout=timeout)
        if check:
            self.assertEqual(proc.returncode, 0, proc.stderr)
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        return proc

    def test_queue_and_message_lifecycle(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                queue = f"jobs-{name}"
                created = self.aws(cli, "create-queue", "--queue-name", queue,
                                   "--attributes", "VisibilityTimeout=5")
                url = created["QueueUrl"]
                self.assertEqual(url, f"{self.server.endpoint}/123456789012/{queue}")
                # Idempotent with the same attributes; a conflict otherwise.
                self.aws(cli, "create-queue", "--queue-name", queue,
                         "--attributes", "VisibilityTimeout=5")
                conflict = self.aws(cli, "create-queue", "--queue-name", queue,
                                    "--attributes", "VisibilityTimeout=6", check=False)
                self.assertNotEqual(conflict.returncode, 0)
                self.assertIn("QueueAlreadyExists", conflict.stderr)
                self.assertEqual(self.aws(cli, "get-queue-url", "--queue-name", queue)["QueueUrl"],
                                 url)
                listed = self.aws(cli, "list-queues", "--queue-name-prefix", f"jobs-{name}")
                self.assertEqual(listed["QueueUrls"], [url])

                attributes = {"kind": {"DataType": "String", "StringValue": "alert"},
                              "level": {"DataType": "Number", "StringValue": "7"}}
                body = "This is a test message"
                sent = self.aws(cli, "send-message", "--queue-url", url, "--message-body", body,
                                "--message-attributes", json.dumps(attributes))
                self.assertEqual(sent["MD5OfMessageBody"], "fafb00f5732ab283681e124bf8747ed1")
                self.assertEqual(sent["MD5OfMessageAttributes"], attributes_md5(attributes))

                counts = self.aws(cli, "get-queue-attributes", "--queue-url", url,
                                  "--attribute-names", "All")["Attributes"]
                self.assertEqual(counts["ApproximateNumberOfMessages"], "1")
                self.assertEqual(counts["VisibilityTimeout"], "5")
                self.assertEqual(counts["QueueArn"], f"arn:aws:sqs:us-east-1:123456789012:{queue}")
                self.assertIn("CreatedTimestamp", counts)

                received = self.aws(cli, "receive-message", "--queue-url", url,
                                    "--attribute-names", "All",
                                    "--message-attribute-names", "All",
                                    "--wait-time-seconds", "1")
                self.assertEqual(len(received["Messages"]), 1)
                message = received["Messages"][0]
                self.assertEqual(message["Body"], body)
                self.assertEqual(message["MessageId"], sent["MessageId"])
                self.assertEqual(message["MD5OfBody"], sent["MD5OfMessageBody"])
                self.assertEqual(message["MessageAttributes"], attributes)
                self.assertEqual(message["MD5OfMessageAttributes"], attributes_md5(attributes))
                self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")
                self.assertRegex(message["Attributes"]["SentTimestamp"], r"^\d{13}$")
                self.assertRegex(message["Attributes"]["SenderId"], r"^AIDA")

                # Invisible for the 5 s visibility timeout, then back with a new handle.
                hidden = self.aws(cli, "get-queue-attributes", "--queue-url", url,
                                  "--attribute-names", "ApproximateNumberOfMessagesNotVisible")
                self.assertEqual(
                    hidden["Attributes"]["ApproximateNumberOfMessagesNotVisible"], "1")
                again = self.aws(cli, "receive-message", "--queue-url", url,
                                 "--attribute-names", "ApproximateReceiveCount",
                                 "--wait-time-seconds", "10")
                self.assertEqual(again["Messages"][0]["MessageId"], sent["MessageId"])
                self.assertEqual(again["Messages"][0]["Attributes"]["ApproximateReceiveCount"], "2")
                handle = again["Messages"][0]["ReceiptHandle"]
                self.assertNotEqual(handle, message["ReceiptHandle"])

                self.aws(cli, "delete-message", "--queue-url", url, "--receipt-handle", handle)
                empty = self.aws(cli, "receive-message", "--queue-url", url)
                self.assertNotIn("Messages", empty)
                invalid = self.aws(cli, "delete-message", "--queue-url", url,
                                   "--receipt-handle", "nonsense", check=False)
                self.assertIn("ReceiptHandleIsInvalid", invalid.stderr)

                for i in range(3):
                    self.aws(cli, "send-message", "--queue-url", url, "--message-body", f"m{i}")
                self.aws(cli, "purge-queue", "--queue-url", url)
                purged = self.aws(cli, "get-queue-attributes", "--queue-url", url,
                                  "--attribute-names", "ApproximateNumberOfMessages")
                self.assertEqual(purged["Attributes"]["ApproximateNumberOfMessages"], "0")

                self.aws(cli, "delete-queue", "--queue-url", url)
                gone = self.aws(cli, "get-queue-url", "--queue-name", queue, check=False)
                self.assertNotEqual(gone.returncode, 0)
                self.assertIn("AWS.SimpleQueueService.NonExistentQueue", gone.stderr)

    def test_long_polling_returns_as_soon_as_a_message_arrives(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                url = self.aws(cli, "create-queue", "--queue-name", f"poll-{name}")["QueueUrl"]
                result = {}

                def wait():
                    started = time.monotonic()
                    result["reply"] = self.aws(cli, "receive-message", "--queue-url", url,
                                               "--wait-time-seconds", "20")
                    result["seconds"] = time.monotonic() - started

                waiter = threading.Thread(target=wait)
                waiter.start()
                time.sleep(2.5)
                self.aws(cli, "send-message", "--queue-url", url, "--message-body", "ping")
                waiter.join(30)
                self.assertFalse(waiter.is_alive())
                self.assertEqual(result["reply"]["Messages"][0]["Body"], "ping")
                self.assertLess(result["seconds"], 15)

    def test_batches(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                url = self.aws(cli, "create-queue", "--queue-name", f"batch-{name}")["QueueUrl"]
                entries = [{"Id": "a", "MessageBody": "one"},
                           {"Id": "b", "MessageBody": "two", "DelaySeconds": 0},
                           {"Id": "c", "MessageBody": "three", "DelaySeconds": 901}]
                sent = self.aws(cli, "send-message-batch", "--queue-url", url,
                                "--entries", json.dumps(entries))
                self.assertEqual(sorted(e["Id"] for e in sent["Successful"]), ["a", "b"])
                self.assertEqual(sent["Failed"][0]["Id"], "c")
                self.assertEqual(sent["Failed"][0]["Code"], "InvalidParameterValue")
                self.assertTrue(sent["Failed"][0]["SenderFault"])
                received = self.aws(cli, "receive-message", "--queue-url", url,
                                    "--max-number-of-messages", "10")
                handles = [{"Id": f"d{i}", "ReceiptHandle": m["ReceiptHandle"]}
                           for i, m in enumerate(received["Messages"])]
                self.assertEqual(sorted(m["Body"] for m in received["Messages"]), ["one", "two"])
                deleted = self.aws(cli, "delete-message-batch", "--queue-url", url,
                                   "--entries", json.dumps(handles))
                self.assertEqual(len(deleted["Successful"]), 2)
                duplicate = self.aws(cli, "delete-message-batch", "--queue-url", url,
                                     "--entries", json.dumps([handles[0], handles[0]]),
                                     check=False)
                self.assertIn("BatchEntryIdsNotDistinct", duplicate.stderr)

    def test_errors_have_sqs_codes(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                fifo = self.aws(cli, "create-queue", "--queue-name", "q.fifo",
                                "--attributes", "FifoQueue=true", check=False)
                self.assertIn("UnsupportedOperation", fifo.stderr)
                self.assertIn("FIFO", fifo.stderr)
                bad = self.aws(cli, "create-queue", "--queue-name", "bad-attr",
                               "--attributes", "VisibilityTimeout=99999", check=False)
                self.assertIn("InvalidAttributeValue", bad.stderr)
                unknown = self.aws(cli, "create-queue", "--queue-name", "bad-attr",
                                   "--attributes", "FifoThroughputLimit=perQueue", check=False)
                self.assertNotEqual(unknown.returncode, 0)
                missing = self.aws(cli, "send-message", "--queue-url",
                                   f"{self.server.endpoint}/123456789012/missing",
                                   "--message-body", "x", check=False)
                self.assertIn("AWS.SimpleQueueService.NonExistentQueue", missing.stderr)
                url = self.aws(cli, "create-queue", "--queue-name", f"errors-{name}")["QueueUrl"]
                wait = self.aws(cli, "receive-message", "--queue-url", url,
                                "--wait-time-seconds", "21", check=False)
                self.assertIn("InvalidParameterValue", wait.stderr)
                names = self.aws(cli, "get-queue-attributes", "--queue-url", url,
                                 "--attribute-names", "All", "Colour", check=False)
                self.assertNotEqual(names.returncode, 0)

    def test_dead_letter_queue_redrive(self):
        name, cli = self.clis[-1]
        dlq = self.aws(cli, "create-queue", "--queue-name", "redrive-dlq")["QueueUrl"]
        dlq_arn = self.aws(cli, "get-queue-attributes", "--queue-url", dlq,
                           "--attribute-names", "QueueArn")["Attributes"]["QueueArn"]
        policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"})
        source = self.aws(cli, "create-queue", "--queue-name", "redrive-source", "--attributes",
                          json.dumps({"RedrivePolicy": policy, "VisibilityTimeout": "0"}))["QueueUrl"]
        self.aws(cli, "send-message", "--queue-url", source, "--message-body", "poison")
        self.assertEqual(len(self.aws(cli, "receive-message", "--queue-url", source)["Messages"]),
                         1)
        self.assertNotIn("Messages", self.aws(cli, "receive-message", "--queue-url", source))
        moved = self.aws(cli, "receive-message", "--queue-url", dlq, "--attribute-names", "All")
        self.assertEqual(moved["Messages"][0]["Body"], "poison")
        self.assertEqual(moved["Messages"][0]["Attributes"]["DeadLetterQueueSourceArn"],
                         dlq_arn.replace("redrive-dlq", "redrive-source"))
        sources = self.aws(cli, "list-dead-letter-source-queues", "--queue-url", dlq)
        self.assertEqual(sources["queueUrls"], [source])

    def test_message_operations_are_data_events(self):
        name, cli = self.clis[0]
        url = self.aws(cli, "create-queue", "--queue-name", "recorded")["QueueUrl"]
        self.aws(cli, "send-message", "--queue-url", url, "--message-body", "secret body")
        records = read_records(self.server.data_dir)
        create = [r for r in records if r["eventName"] == "CreateQueue"][-1]
        self.assertEqual(create["eventSource"], "sqs.amazonaws.com")
        self.assertEqual(create["eventCategory"], "Management")
        self.assertEqual(create["requestParameters"]["queueName"], "recorded")
        self.assertEqual(create["responseElements"], {"queueUrl": url})
        send = records[-1]
        self.assertEqual(send["eventName"], "SendMessage")
        self.assertFalse(send["managementEvent"])
        self.assertEqual(send["eventCategory"], "Data")
        self.assertEqual(send["requestParameters"]["messageBody"], "HIDDEN_DUE_TO_SECURITY_REASONS")
        self.assertEqual(send["requestParameters"]["queueUrl"], url)
        self.assertEqual(send["resources"], [{"accountId": "123456789012",
                                              "type": "AWS::SQS::Queue",
                                              "ARN": "arn:aws:sqs:us-east-1:123456789012:recorded"}])
        self.assertIn("mD5OfMessageBody", send["responseElements"])
        self.assertNotIn("secret body", json.dumps(records))

    def test_requests_to_the_queue_url_path(self):
        try:
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
        except ImportError:
            self.skipTest("botocore is not importable")
        name, cli = self.clis[0]
        url = self.aws(cli, "create-queue", "--queue-name", "by-path")["QueueUrl"]
        body = urllib.parse.urlencode({"Action": "SendMessage", "Version": "2012-11-05",
                                       "MessageBody": "to the path"})
        request = AWSRequest(method="POST", url=url, data=body,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        SigV4Auth(Credentials(self.key, self.secret), "sqs", "us-east-1").add_auth(request)
        prepared = request.prepare()
        with urllib.request.urlopen(urllib.request.Request(
                prepared.url, data=prepared.body.encode() if isinstance(prepared.body, str)
                else prepared.body, headers=dict(prepared.headers), method="POST")) as reply:
            xml = reply.read().decode()
        self.assertIn("<SendMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">",
                      xml)
        self.assertIn("<MD5OfMessageBody>", xml)
        got = self.aws(cli, "receive-message", "--queue-url", url)
        self.assertEqual(got["Messages"][0]["Body"], "to the path")


class SqsDurabilityTest(unittest.TestCase):
    def test_messages_survive_a_restart(self):
        found = clients()
        if not found:
            self.skipTest("no aws CLI on this machine")
        name, cli = found[-1]
        server = Server()
        server.wait_ready()
        data_dir = server.data_dir
        try:
            key, secret = read_credentials(data_dir)
            run = lambda *a: run_aws(cli, server.endpoint, key, secret, "sqs", *a)
            proc = run("create-queue", "--queue-name", "durable")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            url = json.loads(proc.stdout)["QueueUrl"]
            proc = run("send-message", "--queue-url", url, "--message-body", "still here")
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(server.stop(), 0)
            server.proc = subprocess.Popen(
                server.proc.args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            server.wait_ready()
            proc = run("receive-message", "--queue-url", url)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertEqual(json.loads(proc.stdout)["Messages"][0]["Body"], "still here")
        finally:
            server.stop()
            if server._tmp:
                server._tmp.cleanup()


if __name__ == "__main__":
    unittest.main()
