"""CloudTrail Insights on live calls (docs/insights.md): a trail with insight selectors, a burst of
write calls against `tripline serve`, and the Start and End Insights events arriving as e-mails
via a rule on "AWS Insight via CloudTrail", in LookupEvents (--event-category insight) and as a
CloudTrail-Insight file in the trail's bucket. The lab settings shorten the baseline so the test
runs in about three minutes of wall-clock time (minutes are evaluated by the clock)."""
import email
import email.policy
import glob
import gzip
import json
import os
import tempfile
import time
import unittest

from tripline_process import Server

KEY = "AKIATRIPLINEINSIGHT1"
SECRET = "insightsecretinsightsecretinsightsecret0"
ACCOUNT = "123456789012"

CONFIG = f"""
accounts:
  - id: "{ACCOUNT}"
    users:
      - name: admin
        access_keys:
          - id: {KEY}
            secret: {SECRET}
insights:
  baseline: 30m
  warmup: 0m
  end_after: 1m
trail:
  flush_seconds: 1
trails:
  - name: lab
    S3BucketName: lab-trail-logs
    InsightSelectors:
      - InsightType: ApiCallRateInsight
      - InsightType: ApiErrorRateInsight
topics:
  - name: InsightAlerts
    subscriptions:
      - protocol: email
        endpoint: secops@example.com
        confirmed: true
rules:
  - name: insights
    event_pattern:
      source: [aws.cloudtrail]
      detail-type: [AWS Insight via CloudTrail]
    targets:
      - Id: mail
        Arn: arn:aws:sns:us-east-1:{ACCOUNT}:InsightAlerts
"""


def boto(service, endpoint):
    import boto3
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=KEY, aws_secret_access_key=SECRET)


def insight_mails(data_dir):
    mails = []
    for path in sorted(glob.glob(os.path.join(data_dir, "mail", "new", "*"))):
        with open(path, "rb") as f:
            mail = email.message_from_bytes(f.read(), policy=email.policy.default)
        body = mail.get_body().get_content()
        if "AWS Insight via CloudTrail" in body:
            mails.append(json.loads(body[:body.rindex("}") + 1]))
    return mails


def wait_for(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


class InsightsLiveTest(unittest.TestCase):
    def test_burst_of_writes_raises_start_and_end(self):
        try:
            import boto3  # noqa: F401
        except ImportError:
            self.skipTest("no boto3")
        with tempfile.TemporaryDirectory(prefix="tripline-insights-") as tmp:
            config = os.path.join(tmp, "tripline.yaml")
            with open(config, "w") as f:
                f.write(CONFIG)
            with Server(config=config, data_dir=os.path.join(tmp, "var")) as server:
                sns = boto("sns", server.endpoint)
                sns.list_topics()  # history begins
                # The burst in a minute of its own, after at least one minute of history.
                time.sleep(60 - time.time() % 60 + 1)
                for i in range(12):
                    sns.create_topic(Name=f"burst-{i}")
                burst_minute = int(time.time() // 60)

                # Start: once the burst's minute has ended (plus a few seconds).
                mails = wait_for(lambda: insight_mails(server.data_dir), 90, "the Start e-mail")
                start = mails[0]
                self.assertEqual(start["source"], "aws.cloudtrail")
                details = start["detail"]["insightDetails"]
                self.assertEqual(details["state"], "Start")
                self.assertEqual(details["eventSource"], "sns.amazonaws.com")
                self.assertEqual(details["eventName"], "CreateTopic")
                self.assertEqual(details["insightType"], "ApiCallRateInsight")
                statistics = details["insightContext"]["statistics"]
                self.assertEqual(statistics["insight"]["average"], 12)
                self.assertEqual(statistics["baseline"]["average"], 0)
                self.assertEqual(start["detail"]["eventTime"],
                                 time.strftime("%Y-%m-%dT%H:%M:00Z", time.gmtime(burst_minute * 60)))
                users = details["insightContext"]["attributions"][0]
                self.assertEqual(users["attribute"], "userIdentityArn")
                self.assertEqual(users["insight"][0]["value"],
                                 f"arn:aws:iam::{ACCOUNT}:user/admin")

                # End: after one quiet minute.
                mails = wait_for(lambda: (lambda m: m if len(m) >= 2 else None)(
                    insight_mails(server.data_dir)), 150, "the End e-mail")
                self.assertEqual(len(mails), 2, mails)
                end = mails[1]["detail"]
                self.assertEqual(end["insightDetails"]["state"], "End")
                self.assertEqual(end["sharedEventID"], start["detail"]["sharedEventID"])
                self.assertEqual(end["insightDetails"]["insightContext"]["statistics"]
                                 ["insightDuration"], 1)

                cloudtrail = boto("cloudtrail", server.endpoint)
                events = cloudtrail.lookup_events(EventCategory="insight")["Events"]
                self.assertEqual(len(events), 2, events)
                self.assertEqual({e["EventName"] for e in events}, {"CreateTopic"})
                by_name = cloudtrail.lookup_events(
                    EventCategory="insight",
                    LookupAttributes=[{"AttributeKey": "EventName",
                                       "AttributeValue": "CreateTopic"}])["Events"]
                self.assertEqual(len(by_name), 2)
                # Without EventCategory, Insights events are not listed.
                plain = cloudtrail.lookup_events(
                    LookupAttributes=[{"AttributeKey": "EventName",
                                       "AttributeValue": "CreateTopic"}])["Events"]
                self.assertEqual(len(plain), 12)

                s3 = boto("s3", server.endpoint)

                def insight_records():
                    listing = s3.list_objects_v2(
                        Bucket="lab-trail-logs",
                        Prefix=f"AWSLogs/{ACCOUNT}/CloudTrail-Insight/us-east-1/")
                    records = []
                    for o in listing.get("Contents", []):
                        self.assertRegex(os.path.basename(o["Key"]),
                                         rf"^{ACCOUNT}_CloudTrail-Insight_us-east-1_\d{{8}}T\d{{4}}Z_"
                                         r"[A-Za-z0-9]{16}\.json\.gz$")
                        body = s3.get_object(Bucket="lab-trail-logs", Key=o["Key"])["Body"].read()
                        if body[:2] == b"\x1f\x8b":
                            body = gzip.decompress(body)
                        records += json.loads(body)["Records"]
                    return records if len(records) >= 2 else None
                # Written with the trail's log files (trail.flush_seconds: 1).
                records = wait_for(insight_records, 15, "the CloudTrail-Insight files")
                self.assertEqual(sorted(r["insightDetails"]["state"] for r in records),
                                 ["End", "Start"])
                self.assertTrue(all(r["eventCategory"] == "Insight" for r in records))


if __name__ == "__main__":
    unittest.main()
