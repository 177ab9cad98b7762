"""A test case with one Tripline server on its embedded defaults (the lab's admin key), the aws
CLIs of the machine and a scratch directory, plus helpers that run a CLI call and expect it to
succeed (returning its JSON) or to fail with an AWS error code."""
import json
import tempfile
import unittest

from aws_clients import clients, read_credentials, run_aws
from tripline_process import Server


class LabServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.clis = clients()
        if not cls.clis:
            raise unittest.SkipTest("no aws CLI on this machine")
        cls.server = Server()
        cls.server.wait_ready()
        cls.key, cls.secret = read_credentials(cls.server.data_dir)
        cls.tmp = tempfile.TemporaryDirectory(prefix="tripline-test-")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def aws(self, cli, region, *args):
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret, *args, region=region)
        self.assertEqual(proc.returncode, 0, f"{args}: {proc.stderr}")
        return json.loads(proc.stdout) if proc.stdout.strip() else {}

    def fails(self, cli, region, code, *args):
        proc = run_aws(cli, self.server.endpoint, self.key, self.secret, *args, region=region)
        self.assertNotEqual(proc.returncode, 0, args)
        self.assertIn(code, proc.stderr)
        return proc.stderr
