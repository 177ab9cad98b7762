"""SNS through both aws CLIs: topics, e-mail and HTTP subscriptions confirmed through Tripline's own
links (the token is read from the outbox payload in state.db, as a mail or webhook would carry it),
filter policies, publish, unsubscribe, delete, AWS's errors, and the CloudTrail records."""
import json
import os
import sqlite3
import unittest
import urllib.error
import urllib.request

from aws_clients import clients, read_credentials, read_records, run_aws
from tripline_process import Server, outbox_payload

ACCOUNT = "123456789012"
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


class SnsTest(unittest.TestCase):
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

    # --- helpers -------------------------------------------------------------------------------
    def aws(self, cli, *args, region="us-east-1", ok=True):
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret, *args, region=region)
        if ok:
            self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        self.assertNotEqual(proc.returncode, 0, f"{args} should fail: {proc.stdout}")
        return proc.stderr

    def outbox(self):
        """Every outbox row (kind, destination, payload dict), oldest first."""
        path = os.path.join(self.server.data_dir, "state.db")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute("SELECT kind, destination, payload FROM outbox ORDER BY id").fetchall()
        finally:
            con.close()
        return [(k, d, json.loads(outbox_payload(p))) for k, d, p in rows]

    def last_delivery(self, destination, type_="SubscriptionConfirmation"):
        rows = [r for r in self.outbox() if r[1] == destination and r[2]["type"] == type_]
        self.assertTrue(rows, f"no {type_} for {destination} in the outbox")
        return rows[-1]

    def get(self, url):
        """GET without credentials; (status, body text)."""
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def records(self, event_name):
        return [r for r in read_records(self.server.data_dir) if r["eventName"] == event_name]

    # --- tests ---------------------------------------------------------------------------------
    def test_email_subscription_confirmed_by_link_filtered_published_and_removed(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                topic_name = f"APICallAlert-{name}"
                arn = self.aws(cli, "sns", "create-topic", "--name", topic_name)["TopicArn"]
                self.assertEqual(arn, f"arn:aws:sns:us-east-1:{ACCOUNT}:{topic_name}")
                self.assertEqual(
                    self.aws(cli, "sns", "create-topic", "--name", topic_name)["TopicArn"], arn)
                self.assertIn(arn, [t["TopicArn"] for t in self.aws(cli, "sns", "list-topics")["Topics"]])

                address = f"secops+{name}@example.com"
                sub = self.aws(cli, "sns", "subscribe", "--topic-arn", arn, "--protocol", "email",
                               "--notification-endpoint", address)
                self.assertEqual(sub["SubscriptionArn"], "pending confirmation")
                listed = self.aws(cli, "sns", "list-subscriptions-by-topic", "--topic-arn", arn)
                self.assertEqual(len(listed["Subscriptions"]), 1)
                self.assertEqual(listed["Subscriptions"][0]["SubscriptionArn"], "PendingConfirmation")
                self.assertEqual(listed["Subscriptions"][0]["Endpoint"], address)
                self.assertEqual(listed["Subscriptions"][0]["Owner"], ACCOUNT)

                kind, _, confirmation = self.last_delivery(address)
                self.assertEqual(kind, "sns.email")
                self.assertRegex(confirmation["token"], r"^[0-9a-f]{256}$")
                link = confirmation["confirmation_url"]
                self.assertTrue(link.startswith(self.server.endpoint + "/confirmation.html?TopicArn="), link)
                status, page = self.get(link)
                self.assertEqual(status, 200, page)
                self.assertIn("Subscription confirmed!", page)
                sub_arn = confirmation["subscription_arn"]
                self.assertIn(sub_arn, page)
                listed = self.aws(cli, "sns", "list-subscriptions-by-topic", "--topic-arn", arn)
                self.assertEqual(listed["Subscriptions"][0]["SubscriptionArn"], sub_arn)
                attrs = self.aws(cli, "sns", "get-subscription-attributes",
                                 "--subscription-arn", sub_arn)["Attributes"]
                self.assertEqual(attrs["PendingConfirmation"], "false")
                self.assertEqual(attrs["Protocol"], "email")
                topic_attrs = self.aws(cli, "sns", "get-topic-attributes", "--topic-arn", arn)["Attributes"]
                self.assertEqual(topic_attrs["SubscriptionsConfirmed"], "1")
                self.assertEqual(topic_attrs["Owner"], ACCOUNT)
                self.assertEqual(json.loads(topic_attrs["Policy"])["Id"], "__default_policy_ID")

                policy = '{"sev":[{"numeric":[">=",4]}]}'
                self.aws(cli, "sns", "set-subscription-attributes", "--subscription-arn", sub_arn,
                         "--attribute-name", "FilterPolicy", "--attribute-value", policy)
                attrs = self.aws(cli, "sns", "get-subscription-attributes",
                                 "--subscription-arn", sub_arn)["Attributes"]
                self.assertEqual(attrs["FilterPolicy"], policy)
                self.assertEqual(attrs["FilterPolicyScope"], "MessageAttributes")
                err = self.aws(cli, "sns", "set-subscription-attributes", "--subscription-arn", sub_arn,
                               "--attribute-name", "FilterPolicy",
                               "--attribute-value", '{"sev":[{"numeric":[">"]}]}', ok=False)
                self.assertIn("InvalidParameter", err)
                self.assertIn("Invalid parameter: FilterPolicy:", err)

                before = len(self.outbox())
                published = self.aws(
                    cli, "sns", "publish", "--topic-arn", arn, "--subject", "Root login",
                    "--message", "line 1\nline 2",
                    "--message-attributes", '{"sev":{"DataType":"Number","StringValue":"5"}}')
                rows = self.outbox()[before:]
                self.assertEqual(len(rows), 1)
                kind, dest, note = rows[0]
                self.assertEqual((kind, dest), ("sns.email", address))
                self.assertEqual(note["type"], "Notification")
                self.assertEqual(note["message_id"], published["MessageId"])
                self.assertEqual(note["message"], "line 1\nline 2")
                self.assertEqual(note["subject"], "Root login")
                self.assertEqual(note["message_attributes"],
                                 [{"name": "sev", "type": "Number", "value": "5"}])
                self.assertTrue(note["unsubscribe_url"].startswith(
                    self.server.endpoint + "/unsubscribe.html?SubscriptionArn="))
                before = len(self.outbox())
                self.aws(cli, "sns", "publish", "--topic-arn", arn, "--message", "low",
                         "--message-attributes", '{"sev":{"DataType":"Number","StringValue":"2"}}')
                self.assertEqual(len(self.outbox()), before, "filtered out")

                record = self.records("Publish")[-1]
                self.assertEqual(record["eventSource"], "sns.amazonaws.com")
                self.assertEqual(record["eventCategory"], "Data")
                self.assertFalse(record["managementEvent"])
                self.assertFalse(record["readOnly"])
                self.assertEqual(record["requestParameters"]["topicArn"], arn)
                self.assertEqual(record["requestParameters"]["message"], HIDDEN)
                self.assertEqual(record["requestParameters"]["messageAttributes"], HIDDEN)
                self.assertIn("messageId", record["responseElements"])
                self.assertEqual(record["resources"][0]["ARN"], arn)
                self.assertEqual(record["resources"][0]["type"], "AWS::SNS::Topic")

                self.aws(cli, "sns", "unsubscribe", "--subscription-arn", sub_arn)
                listed = self.aws(cli, "sns", "list-subscriptions-by-topic", "--topic-arn", arn)
                self.assertEqual(listed["Subscriptions"], [])
                self.aws(cli, "sns", "delete-topic", "--topic-arn", arn)
                err = self.aws(cli, "sns", "get-topic-attributes", "--topic-arn", arn, ok=False)
                self.assertIn("NotFound", err)
                self.assertIn("Topic does not exist", err)
                self.aws(cli, "sns", "delete-topic", "--topic-arn", arn)  # idempotent

                create = self.records("CreateTopic")[-1]
                self.assertEqual(create["requestParameters"], {"name": topic_name})
                self.assertEqual(create["responseElements"], {"topicArn": arn})
                self.assertTrue(create["managementEvent"])

    def test_http_subscribe_url_unsubscribe_url_and_restore(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                arn = self.aws(cli, "sns", "create-topic", "--name", f"hooks-{name}")["TopicArn"]
                endpoint = f"http://127.0.0.1:9/hook-{name}"
                sub = self.aws(cli, "sns", "subscribe", "--topic-arn", arn, "--protocol", "http",
                               "--notification-endpoint", endpoint, "--return-subscription-arn")
                sub_arn = sub["SubscriptionArn"]
                self.assertTrue(sub_arn.startswith(arn + ":"), sub_arn)
                _, _, confirmation = self.last_delivery(endpoint)
                self.assertEqual(confirmation["subscribe_url"],
                                 f"{self.server.endpoint}/?Action=ConfirmSubscription&TopicArn={arn}"
                                 f"&Token={confirmation['token']}")
                status, xml = self.get(confirmation["subscribe_url"])
                self.assertEqual(status, 200, xml)
                self.assertIn("<ConfirmSubscriptionResponse", xml)
                self.assertIn(f"<SubscriptionArn>{sub_arn}</SubscriptionArn>", xml)

                self.aws(cli, "sns", "publish", "--topic-arn", arn, "--message", "{\"a\":1}")
                _, _, note = self.last_delivery(endpoint, "Notification")
                self.assertEqual(note["unsubscribe_url"],
                                 f"{self.server.endpoint}/?Action=Unsubscribe&SubscriptionArn={sub_arn}")
                self.assertIn("healthyRetryPolicy", note["delivery_policy"])
                status, xml = self.get(note["unsubscribe_url"])
                self.assertEqual(status, 200, xml)
                self.assertIn("<UnsubscribeResponse", xml)
                _, _, goodbye = self.last_delivery(endpoint, "UnsubscribeConfirmation")
                self.assertIn(sub_arn, goodbye["message"])
                self.assertEqual(self.aws(cli, "sns", "list-subscriptions-by-topic",
                                          "--topic-arn", arn)["Subscriptions"], [])
                # Its SubscribeURL restores the subscription.
                status, xml = self.get(goodbye["subscribe_url"])
                self.assertEqual(status, 200, xml)
                listed = self.aws(cli, "sns", "list-subscriptions-by-topic", "--topic-arn", arn)
                self.assertEqual([s["SubscriptionArn"] for s in listed["Subscriptions"]], [sub_arn])
                # A bad token is SNS's XML error, unsigned as the link is.
                status, xml = self.get(f"{self.server.endpoint}/?Action=ConfirmSubscription"
                                       f"&TopicArn={arn}&Token={'0' * 256}")
                self.assertEqual(status, 400)
                self.assertIn("<Code>InvalidParameter</Code>", xml)
                self.aws(cli, "sns", "delete-topic", "--topic-arn", arn)

    def test_confirm_subscription_through_the_cli(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                arn = self.aws(cli, "sns", "create-topic", "--name", f"confirm-{name}")["TopicArn"]
                address = f"json-{name}@example.com"
                self.aws(cli, "sns", "subscribe", "--topic-arn", arn, "--protocol", "email-json",
                         "--notification-endpoint", address)
                token = self.last_delivery(address)[2]["token"]
                out = self.aws(cli, "sns", "confirm-subscription", "--topic-arn", arn,
                               "--token", token, "--authenticate-on-unsubscribe", "true")
                self.assertTrue(out["SubscriptionArn"].startswith(arn + ":"))
                attrs = self.aws(cli, "sns", "get-subscription-attributes",
                                 "--subscription-arn", out["SubscriptionArn"])["Attributes"]
                self.assertEqual(attrs["ConfirmationWasAuthenticated"], "true")
                record = self.records("ConfirmSubscription")[-1]
                self.assertEqual(record["requestParameters"]["token"], HIDDEN)
                self.assertNotIn(token, json.dumps(record))
                self.assertEqual(record["responseElements"]["subscriptionArn"], out["SubscriptionArn"])
                # Unsigned unsubscribes are now refused.
                status, page = self.get(f"{self.server.endpoint}/unsubscribe.html?SubscriptionArn="
                                        f"{out['SubscriptionArn']}&Endpoint={address}")
                self.assertEqual(status, 403, page)
                err = self.aws(cli, "sns", "confirm-subscription", "--topic-arn", arn,
                               "--token", "ab" * 128, ok=False)
                self.assertIn("Invalid parameter: Token", err)
                self.aws(cli, "sns", "delete-topic", "--topic-arn", arn)

    def test_attributes_tags_structure_and_batch(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                arn = self.aws(cli, "sns", "create-topic", "--name", f"attrs-{name}",
                               "--attributes", '{"DisplayName":"SecOps"}',
                               "--tags", "Key=team,Value=secops")["TopicArn"]
                self.aws(cli, "sns", "set-topic-attributes", "--topic-arn", arn,
                         "--attribute-name", "SignatureVersion", "--attribute-value", "2")
                attrs = self.aws(cli, "sns", "get-topic-attributes", "--topic-arn", arn)["Attributes"]
                self.assertEqual(attrs["DisplayName"], "SecOps")
                self.assertEqual(attrs["SignatureVersion"], "2")
                self.assertIn("defaultHealthyRetryPolicy", attrs["EffectiveDeliveryPolicy"])
                self.aws(cli, "sns", "tag-resource", "--resource-arn", arn,
                         "--tags", "Key=env,Value=lab")
                tags = self.aws(cli, "sns", "list-tags-for-resource", "--resource-arn", arn)["Tags"]
                self.assertEqual(sorted((t["Key"], t["Value"]) for t in tags),
                                 [("env", "lab"), ("team", "secops")])
                self.aws(cli, "sns", "untag-resource", "--resource-arn", arn, "--tag-keys", "team")
                tags = self.aws(cli, "sns", "list-tags-for-resource", "--resource-arn", arn)["Tags"]
                self.assertEqual(tags, [{"Key": "env", "Value": "lab"}])

                queue = f"arn:aws:sqs:us-east-1:{ACCOUNT}:q-{name}"
                sub = self.aws(cli, "sns", "subscribe", "--topic-arn", arn, "--protocol", "sqs",
                               "--notification-endpoint", queue,
                               "--attributes", '{"RawMessageDelivery":"true"}')
                self.assertTrue(sub["SubscriptionArn"].startswith(arn + ":"), "sqs is confirmed at once")
                before = len(self.outbox())
                self.aws(cli, "sns", "publish", "--topic-arn", arn, "--message-structure", "json",
                         "--message", '{"default":"plain","sqs":"for the queue"}')
                rows = self.outbox()[before:]
                self.assertEqual([(r[0], r[2]["message"], r[2]["raw_message_delivery"]) for r in rows],
                                 [("sns.sqs", "for the queue", True)])
                err = self.aws(cli, "sns", "publish", "--topic-arn", arn, "--message-structure", "json",
                               "--message", '{"sqs":"x"}', ok=False)
                self.assertIn("No default entry in JSON message body", err)

                before = len(self.outbox())
                batch = self.aws(cli, "sns", "publish-batch", "--topic-arn", arn,
                                 "--publish-batch-request-entries",
                                 json.dumps([{"Id": "a", "Message": "one"},
                                             {"Id": "b", "Message": "two", "Subject": "bad\nsubject"},
                                             {"Id": "c", "Message": "three",
                                              "MessageAttributes": {"k": {"DataType": "String",
                                                                          "StringValue": "v"}}}]))
                self.assertEqual(sorted(s["Id"] for s in batch["Successful"]), ["a", "c"])
                self.assertEqual([(f["Id"], f["Code"], f["SenderFault"]) for f in batch["Failed"]],
                                 [("b", "InvalidParameter", True)])
                rows = self.outbox()[before:]
                self.assertEqual([r[2]["message"] for r in rows], ["one", "three"])
                self.assertEqual(rows[1][2]["message_attributes"],
                                 [{"name": "k", "type": "String", "value": "v"}])
                err = self.aws(cli, "sns", "publish-batch", "--topic-arn", arn,
                               "--publish-batch-request-entries",
                               json.dumps([{"Id": "a", "Message": "1"}, {"Id": "a", "Message": "2"}]),
                               ok=False)
                self.assertIn("BatchEntryIdsNotDistinct", err)
                record = self.records("PublishBatch")[-1]
                self.assertEqual(record["eventCategory"], "Data")
                self.aws(cli, "sns", "delete-topic", "--topic-arn", arn)

    def test_errors(self):
        missing = f"arn:aws:sns:us-east-1:{ACCOUNT}:does-not-exist"
        for name, cli in self.clis:
            with self.subTest(cli=name):
                err = self.aws(cli, "sns", "create-topic", "--name", "bad name", ok=False)
                self.assertIn("InvalidParameter", err)
                self.assertIn("Invalid parameter: Topic Name", err)
                err = self.aws(cli, "sns", "publish", "--topic-arn", missing, "--message", "x", ok=False)
                self.assertIn("NotFound", err)
                self.assertIn("Topic does not exist", err)
                err = self.aws(cli, "sns", "get-topic-attributes", "--topic-arn", "not-an-arn", ok=False)
                self.assertIn("Invalid parameter: TopicArn", err)
                arn = self.aws(cli, "sns", "create-topic", "--name", f"errors-{name}")["TopicArn"]
                err = self.aws(cli, "sns", "subscribe", "--topic-arn", arn, "--protocol", "email",
                               "--notification-endpoint", "not-an-address", ok=False)
                self.assertIn("Invalid parameter: Email address", err)
                err = self.aws(cli, "sns", "subscribe", "--topic-arn", arn, "--protocol", "https",
                               "--notification-endpoint", "http://example.com/", ok=False)
                self.assertIn("InvalidParameter", err)
                err = self.aws(cli, "sns", "publish", "--topic-arn", arn, "--message", "x",
                               "--subject", "x" * 100, ok=False)
                self.assertIn("Invalid parameter: Subject", err)
                err = self.aws(cli, "sns", "publish", "--topic-arn", arn, "--message", "x",
                               "--message-attributes",
                               '{"n":{"DataType":"Number","StringValue":"five"}}', ok=False)
                self.assertIn("ParameterValueInvalid", err)
                err = self.aws(cli, "sns", "unsubscribe", "--subscription-arn",
                               arn + ":11111111-2222-4333-8444-555555555555", ok=False)
                self.assertIn("NotFound", err)
                err = self.aws(cli, "sns", "get-topic-attributes", "--topic-arn", arn,
                               region="eu-west-1", ok=False)
                self.assertIn("Invalid parameter: TopicArn", err)
                self.aws(cli, "sns", "delete-topic", "--topic-arn", arn)
        status, page = self.get(f"{self.server.endpoint}/confirmation.html?TopicArn={missing}"
                                f"&Token={'a' * 256}&Endpoint=x@example.com")
        self.assertEqual(status, 404)
        self.assertIn("Topic does not exist", page)
        status, _ = self.get(f"{self.server.endpoint}/SimpleNotificationService-0123abcd.pem")
        self.assertEqual(status, 404)

    def test_topics_survive_a_restart(self):
        name, cli = self.clis[0]
        with Server() as first:
            key, secret = read_credentials(first.data_dir)
            run = lambda *a: run_aws(cli, first.endpoint, key, secret, *a)
            arn = json.loads(run("sns", "create-topic", "--name", "durable").stdout)["TopicArn"]
            run("sns", "subscribe", "--topic-arn", arn, "--protocol", "sqs",
                "--notification-endpoint", f"arn:aws:sqs:us-east-1:{ACCOUNT}:q")
            first.stop()
            second = Server(data_dir=first.data_dir)
            try:
                second.wait_ready()
                proc = run_aws(cli, second.endpoint, key, secret, "sns", "list-subscriptions-by-topic",
                               "--topic-arn", arn)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                subs = json.loads(proc.stdout)["Subscriptions"]
                self.assertEqual([s["Protocol"] for s in subs], ["sqs"])
            finally:
                second.stop()


if __name__ == "__main__":
    unittest.main()
