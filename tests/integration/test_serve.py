"""`tripline serve`, `validate` and `version` as a user runs them (issue 2's interface contract)."""
import json
import os
import signal
import stat
import tempfile
import unittest
import urllib.request

from tripline_process import Server, run_cli


class ServeTest(unittest.TestCase):
    def test_first_start_creates_lab_credentials_and_stops_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = os.path.join(tmp, "var")
            server = Server(data_dir=data_dir)
            with server:
                with urllib.request.urlopen(server.endpoint + "/_tripline/health") as r:
                    body = json.load(r)
                self.assertEqual(body["status"], "ok")
                self.assertEqual(stat.S_IMODE(os.stat(data_dir).st_mode), 0o700)
                creds = os.path.join(data_dir, "credentials")
                self.assertEqual(stat.S_IMODE(os.stat(creds).st_mode), 0o600)
                with open(creds) as f:
                    text = f.read()
                self.assertIn("[tripline]", text)
                key_line = [l for l in text.splitlines() if l.startswith("aws_access_key_id")][0]
                key_id = key_line.split("=")[1].strip()
                self.assertRegex(key_id, r"^AKIA[A-Z0-9]{16}$")
                secret = [l for l in text.splitlines() if l.startswith("aws_secret_access_key")][0]
                self.assertEqual(len(secret.split("=", 1)[1].strip()), 40)
                with open(os.path.join(data_dir, "config")) as f:
                    self.assertIn("region = us-east-1", f.read())
                self.assertEqual(server.stop(signal.SIGINT), 0)
            self.assertIn("AWS_SHARED_CREDENTIALS_FILE=", server.stdout)
            self.assertIn("--endpoint-url", server.stdout)
            self.assertIn(key_id, server.stdout)
            # The secret never reaches the logs or the guidance.
            secret_value = secret.split("=", 1)[1].strip()
            self.assertNotIn(secret_value, server.stdout + server.stderr)

            # A restart keeps the identities and does not rewrite the credentials file.
            mtime = os.stat(creds).st_mtime_ns
            with Server(data_dir=data_dir) as again:
                self.assertEqual(again.stop(signal.SIGTERM), 0)
            self.assertEqual(os.stat(creds).st_mtime_ns, mtime)

    def test_badly_signed_request_gets_an_aws_error(self):
        with Server() as server:
            req = urllib.request.Request(
                server.endpoint + "/", data=b"Action=ListQueues", method="POST",
                headers={"Authorization": "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261127/us-east-1/"
                                          "sqs/aws4_request, SignedHeaders=host, Signature=00"})
            with self.assertRaises(urllib.error.HTTPError) as ctx:
                urllib.request.urlopen(req)
            self.assertEqual(ctx.exception.code, 400)
            body = ctx.exception.read().decode()
            self.assertIn("<Code>IncompleteSignature</Code>", body)

    def test_configured_users_skip_the_lab_key(self):
        with tempfile.TemporaryDirectory() as tmp:
            cfg = os.path.join(tmp, "tripline.yaml")
            with open(cfg, "w") as f:
                f.write(
                    "accounts:\n"
                    "  - id: '111122223333'\n"
                    "    users:\n"
                    "      - name: alice\n"
                    "        access_keys:\n"
                    "          - id: AKIAALICE0000000001\n"
                    "            secret: alice-secret-0123456789\n")
            data_dir = os.path.join(tmp, "var")
            with Server(data_dir=data_dir, config=cfg) as server:
                self.assertEqual(server.stop(), 0)
            self.assertFalse(os.path.exists(os.path.join(data_dir, "credentials")))
            with open(cfg) as f:
                self.assertIn("alice-secret", f.read())  # the user's file is untouched

    def test_invalid_config_refuses_to_start(self):
        with tempfile.TemporaryDirectory() as tmp:
            cfg = os.path.join(tmp, "bad.yaml")
            with open(cfg, "w") as f:
                f.write("accounts:\n  - id: '12345'\n")
            proc = run_cli("serve", "--config", cfg, "--data-dir", os.path.join(tmp, "var"),
                           "--listen", "127.0.0.1:0")
            self.assertEqual(proc.returncode, 2)
            self.assertIn(f"{cfg}:2:9: error: account id must be 12 digits", proc.stderr)
            self.assertFalse(os.path.exists(os.path.join(tmp, "var")))

    def test_port_in_use_fails_with_exit_1(self):
        with Server() as server:
            with tempfile.TemporaryDirectory() as tmp:
                proc = run_cli("serve", "--data-dir", os.path.join(tmp, "var"),
                               "--listen", f"127.0.0.1:{server.port}")
            self.assertEqual(proc.returncode, 1)
            self.assertIn("cannot listen", proc.stderr)


class ValidateTest(unittest.TestCase):
    def write(self, tmp, text):
        path = os.path.join(tmp, "tripline.yaml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_valid_file_with_unknown_key_warns(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "server:\n  listen: 127.0.0.1:4566\n  colour: blue\n")
            proc = run_cli("validate", "--config", path)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn(f"{path}:3:3: warning: unknown key 'colour'", proc.stderr)
            self.assertIn("valid (1 warning)", proc.stdout)

    def test_json_output_is_clean_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "log:\n  level: loud\n")
            proc = run_cli("validate", "--config", path, "--json")
            self.assertEqual(proc.returncode, 2)
            report = json.loads(proc.stdout)
            self.assertFalse(report["valid"])
            self.assertEqual(report["diagnostics"][0]["line"], 2)
            self.assertEqual(report["diagnostics"][0]["column"], 10)

    def test_syntax_error_has_position(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "server: [unclosed\n")
            proc = run_cli("validate", "--config", path)
            self.assertEqual(proc.returncode, 2)
            self.assertRegex(proc.stderr, re_escape(path) + r":\d+:\d+: error: syntax error")

    def test_missing_file(self):
        proc = run_cli("validate", "--config", "/nonexistent/tripline.yaml")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("cannot read", proc.stderr)

    def test_json_config_is_accepted(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, '{"server": {"listen": "127.0.0.1:4567"}, "log": {"format": "json"}}')
            proc = run_cli("validate", "--config", path)
            self.assertEqual(proc.returncode, 0, proc.stderr)


def re_escape(s):
    import re
    return re.escape(s)


class VersionTest(unittest.TestCase):
    def test_version(self):
        proc = run_cli("version")
        self.assertEqual(proc.returncode, 0)
        self.assertRegex(proc.stdout, r"^tripline \d+\.\d+\.\d+\n$")
        proc = run_cli("version", "--json")
        self.assertIn("version", json.loads(proc.stdout))

    def test_help_everywhere(self):
        for args in ([], ["serve"], ["validate"], ["version"]):
            proc = run_cli(*args, "--help")
            self.assertEqual(proc.returncode, 0, args)
            self.assertIn("Usage", proc.stdout + proc.stderr)

    def test_bad_flag_exits_2(self):
        proc = run_cli("serve", "--no-such-flag")
        self.assertEqual(proc.returncode, 2)


if __name__ == "__main__":
    unittest.main()
