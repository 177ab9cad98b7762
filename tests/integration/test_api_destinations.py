"""EventBridge API destinations through both real CLIs: connections with API-key, basic and OAuth
client-credentials authorization, an API destination with a "*" path parameter, a rule whose
target adds header and query parameters, and PutEvents reaching a local HTTP endpoint with the
right method, path, query, headers and body. Secrets never come back from DescribeConnection and
never reach the trail. A 503 is retried; a 400 is not."""
import base64
import json
import os
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aws_clients import run_aws
from lab_server_test import LabServerTest

REGION = "us-east-1"
API_KEY = "s3cr3t-api-key-value"
PASSWORD = "b4sic-pa55word"
CLIENT_SECRET = "oauth-cl13nt-secret"


class Receiver:
    """Records every request; answers from a per-path queue of statuses (200 when empty)."""

    def __init__(self):
        self.requests = []
        self.statuses = {}
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                with receiver.lock:
                    receiver.requests.append({"method": self.command, "path": self.path,
                                              "headers": dict(self.headers), "body": body})
                    path = self.path.split("?")[0]
                    queue = receiver.statuses.get(path, [])
                    status = queue.pop(0) if queue else 200
                reply = b"{}"
                if path == "/oauth/token":
                    reply = json.dumps({"access_token": "tok-123", "token_type": "Bearer",
                                        "expires_in": 3600}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            do_POST = do_PUT = do_GET = handle_any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                found = [r for r in self.requests if predicate(r)]
            if found:
                return found
            time.sleep(0.1)
        return []


class ApiDestinationsTest(LabServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receiver = Receiver()

    @classmethod
    def tearDownClass(cls):
        cls.receiver.server.shutdown()
        super().tearDownClass()

    def events(self, cli, *args, ok=True):
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret, "events", *args,
                       region=REGION)
        if ok:
            self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        self.assertNotEqual(proc.returncode, 0)
        return proc.stderr

    def create_destination(self, cli, name, connection_arn, endpoint, method, ok=True, **extra):
        # --cli-input-json: the aws CLI v1 would fetch a URL given as a parameter value.
        request = {"Name": name, "ConnectionArn": connection_arn, "InvocationEndpoint": endpoint,
                   "HttpMethod": method}
        request.update(extra)
        return self.events(cli, "create-api-destination", "--cli-input-json", json.dumps(request),
                           ok=ok)

    def put_event(self, cli, source, detail):
        out = self.events(cli, "put-events", "--entries", json.dumps(
            [{"Source": source, "DetailType": "order", "Detail": json.dumps(detail)}]))
        self.assertEqual(out["FailedEntryCount"], 0, out)

    def route(self, cli, name, source, destination_arn, extra=None):
        self.events(cli, "put-rule", "--name", name, "--event-pattern",
                    json.dumps({"source": [source]}))
        target = {"Id": "api", "Arn": destination_arn}
        target.update(extra or {})
        out = self.events(cli, "put-targets", "--rule", name, "--targets", json.dumps([target]))
        self.assertEqual(out["FailedEntryCount"], 0, out)

    def test_api_key_connection_delivers_with_path_query_and_headers(self):
        for name, cli in self.clis:
            with self.subTest(cli=name):
                conn = self.events(cli, "create-connection", "--name", f"{name}-key",
                                   "--authorization-type", "API_KEY", "--auth-parameters",
                                   json.dumps({"ApiKeyAuthParameters": {"ApiKeyName": "x-api-key",
                                                                        "ApiKeyValue": API_KEY},
                                               "InvocationHttpParameters": {"HeaderParameters": [
                                                   {"Key": "x-team", "Value": "secops",
                                                    "IsValueSecret": False}]}}))
                self.assertEqual(conn["ConnectionState"], "AUTHORIZED")
                self.assertRegex(conn["ConnectionArn"],
                                 rf"^arn:aws:events:{REGION}:\d{{12}}:connection/{name}-key/[0-9a-f-]{{36}}$")
                described = self.events(cli, "describe-connection", "--name", f"{name}-key")
                self.assertEqual(described["AuthParameters"]["ApiKeyAuthParameters"],
                                 {"ApiKeyName": "x-api-key"})
                self.assertNotIn(API_KEY, json.dumps(described))
                dest = self.create_destination(cli, f"{name}-orders", conn["ConnectionArn"],
                                               self.receiver.url + f"/{name}/*/orders", "PUT",
                                               InvocationRateLimitPerSecond=50)
                self.assertEqual(dest["ApiDestinationState"], "ACTIVE")
                got = self.events(cli, "describe-api-destination", "--name", f"{name}-orders")
                self.assertEqual(got["HttpMethod"], "PUT")
                self.assertEqual(got["InvocationRateLimitPerSecond"], 50)
                listed = self.events(cli, "list-api-destinations", "--name-prefix", f"{name}-")
                self.assertEqual([d["Name"] for d in listed["ApiDestinations"]], [f"{name}-orders"])

                source = f"{name}.shop"
                self.route(cli, f"{name}-orders-rule", source, dest["ApiDestinationArn"], {
                    "HttpParameters": {"PathParameterValues": ["eu"],
                                       "HeaderParameters": {"x-rule": "orders"},
                                       "QueryStringParameters": {"priority": "high"}},
                    "InputPath": "$.detail"})
                self.put_event(cli, source, {"order": 42})
                found = self.receiver.wait_for(lambda r: r["path"].startswith(f"/{name}/"))
                self.assertEqual(len(found), 1, found)
                request = found[0]
                self.assertEqual(request["method"], "PUT")
                self.assertEqual(request["path"], f"/{name}/eu/orders?priority=high")
                self.assertEqual(request["headers"]["x-api-key"], API_KEY)
                self.assertEqual(request["headers"]["x-team"], "secops")
                self.assertEqual(request["headers"]["x-rule"], "orders")
                self.assertEqual(request["headers"]["User-Agent"], "Amazon/EventBridge/ApiDestinations")
                self.assertTrue(request["headers"]["Content-Type"].startswith("application/json"))
                self.assertEqual(json.loads(request["body"]), {"order": 42})

        # The secret is neither in the event history nor in the journal.
        with open(os.path.join(self.server.data_dir, "records.jsonl")) as f:
            journal = f.read()
        self.assertIn("CreateConnection", journal)
        self.assertNotIn(API_KEY, journal)
        self.assertIn("HIDDEN_DUE_TO_SECURITY_REASONS", journal)

    def test_basic_and_oauth_connections(self):
        name, cli = self.clis[0]
        basic = self.events(cli, "create-connection", "--name", "basic", "--authorization-type",
                            "BASIC", "--auth-parameters", json.dumps(
                                {"BasicAuthParameters": {"Username": "ops", "Password": PASSWORD}}))
        oauth = self.events(cli, "create-connection", "--name", "oauth", "--authorization-type",
                            "OAUTH_CLIENT_CREDENTIALS", "--auth-parameters", json.dumps(
                                {"OAuthParameters": {
                                    "ClientParameters": {"ClientID": "client-1",
                                                         "ClientSecret": CLIENT_SECRET},
                                    "AuthorizationEndpoint": self.receiver.url + "/oauth/token",
                                    "HttpMethod": "POST"}}))
        described = self.events(cli, "describe-connection", "--name", "oauth")
        self.assertNotIn(CLIENT_SECRET, json.dumps(described))
        for conn, path in ((basic, "/basic-hook"), (oauth, "/oauth-hook")):
            dest = self.create_destination(cli, path[1:], conn["ConnectionArn"],
                                           self.receiver.url + path, "POST")
            self.route(cli, path[1:] + "-rule", path[1:] + ".app", dest["ApiDestinationArn"])
            self.put_event(cli, path[1:] + ".app", {"n": 1})
        basic_calls = self.receiver.wait_for(lambda r: r["path"] == "/basic-hook")
        self.assertEqual(len(basic_calls), 1)
        expected = "Basic " + base64.b64encode(f"ops:{PASSWORD}".encode()).decode()
        self.assertEqual(basic_calls[0]["headers"]["Authorization"], expected)
        self.assertEqual(json.loads(basic_calls[0]["body"])["detail"], {"n": 1})

        oauth_calls = self.receiver.wait_for(lambda r: r["path"] == "/oauth-hook")
        self.assertEqual(len(oauth_calls), 1)
        self.assertEqual(oauth_calls[0]["headers"]["Authorization"], "Bearer tok-123")
        token_calls = self.receiver.wait_for(lambda r: r["path"] == "/oauth/token")
        self.assertEqual(len(token_calls), 1)
        client = "Basic " + base64.b64encode(f"client-1:{CLIENT_SECRET}".encode()).decode()
        self.assertEqual(token_calls[0]["headers"]["Authorization"], client)
        self.assertIn("grant_type=client_credentials", token_calls[0]["body"])

    def test_server_errors_are_retried_client_errors_are_not(self):
        name, cli = self.clis[0]
        conn = self.events(cli, "create-connection", "--name", "retry", "--authorization-type",
                           "API_KEY", "--auth-parameters", json.dumps(
                               {"ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}}))
        for path, statuses in (("/flaky", [503]), ("/broken", [400])):
            self.receiver.statuses[path] = list(statuses)
            dest = self.create_destination(cli, path[1:], conn["ConnectionArn"],
                                           self.receiver.url + path, "POST")
            self.route(cli, path[1:] + "-rule", path[1:] + ".app", dest["ApiDestinationArn"])
            self.put_event(cli, path[1:] + ".app", {"n": 1})
        flaky = self.receiver.wait_for(
            lambda r: r["path"] == "/flaky" and len([x for x in self.receiver.requests
                                                     if x["path"] == "/flaky"]) >= 2, timeout=60)
        self.assertEqual(len(flaky), 2, "a 503 is retried, then delivered")
        time.sleep(3)
        broken = [r for r in self.receiver.requests if r["path"] == "/broken"]
        self.assertEqual(len(broken), 1, "a 400 is a permanent failure: not retried")

        # Delivery metrics, as AWS/Events publishes them (flushed every few seconds).
        def metric(name, rule):
            now = time.time()
            proc = run_aws(cli, self.server.endpoint, self.key, self.secret, "cloudwatch",
                           "get-metric-statistics", "--namespace", "AWS/Events",
                           "--metric-name", name, "--dimensions", f"Name=RuleName,Value={rule}",
                           "--start-time", str(int(now - 600)), "--end-time", str(int(now + 60)),
                           "--period", "60", "--statistics", "Sum", region=REGION)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            return sum(p["Sum"] for p in json.loads(proc.stdout)["Datapoints"])

        deadline = time.time() + 20
        while time.time() < deadline and metric("Invocations", "flaky-rule") < 1:
            time.sleep(1)
        self.assertEqual(metric("Invocations", "flaky-rule"), 1)
        self.assertEqual(metric("RetryInvocationAttempts", "flaky-rule"), 1)
        self.assertEqual(metric("FailedInvocations", "flaky-rule"), 0)
        self.assertEqual(metric("Invocations", "broken-rule"), 1)
        self.assertEqual(metric("FailedInvocations", "broken-rule"), 1)

    def test_validation_errors(self):
        name, cli = self.clis[0]
        err = self.events(cli, "create-connection", "--name", "bad", "--authorization-type",
                          "API_KEY", "--auth-parameters", json.dumps({"BasicAuthParameters": {
                              "Username": "u", "Password": "p"}}), ok=False)
        self.assertIn("ValidationException", err)
        err = self.create_destination(cli, "nowhere",
                                      f"arn:aws:events:{REGION}:123456789012:connection/none/"
                                      "00000000-0000-0000-0000-000000000000",
                                      "https://example.com", "POST", ok=False)
        self.assertIn("ResourceNotFoundException", err)
        err = self.events(cli, "describe-api-destination", "--name", "missing", ok=False)
        self.assertIn("ResourceNotFoundException", err)


class DeclaredApiDestinationTest(unittest.TestCase):
    """An API destination and its connection declared in the config file, named by a rule's target
    without the uuid of its ARN."""

    def test_declared_destination_receives_matching_events(self):
        import tempfile
        from tripline_process import Server
        try:
            import boto3
        except ImportError:
            self.skipTest("no boto3")
        receiver = Receiver()
        try:
            with tempfile.TemporaryDirectory(prefix="tripline-apidest-") as tmp:
                config = os.path.join(tmp, "tripline.yaml")
                with open(config, "w") as f:
                    f.write(f"""
accounts:
  - id: "123456789012"
    users:
      - name: admin
        access_keys: [{{id: AKIATRIPLINEAPIDEST1, secret: apidestsecretapidestsecretapidestsecret0}}]
api_destinations:
  - name: hook
    InvocationEndpoint: {receiver.url}/declared
    HttpMethod: POST
    Connection:
      Name: hook-key
      AuthorizationType: API_KEY
      AuthParameters: {{ApiKeyAuthParameters: {{ApiKeyName: x-api-key, ApiKeyValue: {API_KEY}}}}}
rules:
  - name: to-hook
    event_pattern: {{source: [declared.app]}}
    targets:
      - {{Id: hook, Arn: "arn:aws:events:us-east-1:123456789012:api-destination/hook"}}
""")
                with Server(config=config, data_dir=os.path.join(tmp, "var")) as server:
                    events = boto3.client("events", endpoint_url=server.endpoint,
                                          region_name=REGION,
                                          aws_access_key_id="AKIATRIPLINEAPIDEST1",
                                          aws_secret_access_key="apidestsecretapidestsecretapidestsecret0")
                    self.assertEqual(events.describe_api_destination(Name="hook")["HttpMethod"],
                                     "POST")
                    out = events.put_events(Entries=[{"Source": "declared.app",
                                                      "DetailType": "x", "Detail": "{}"}])
                    self.assertEqual(out["FailedEntryCount"], 0)
                    found = receiver.wait_for(lambda r: r["path"] == "/declared")
                    self.assertEqual(len(found), 1)
                    self.assertEqual(found[0]["headers"]["x-api-key"], API_KEY)
        finally:
            receiver.server.shutdown()


if __name__ == "__main__":
    unittest.main()
