"""Macie declared in the configuration file (issue 11): a session with a custom data identifier,
an allow list and a scheduled job that names them; applied at start-up, visible through the macie2
API, and applied again by a restart without duplicating anything."""
import json
import os
import tempfile
import unittest

from aws_clients import clients, run_aws
from tripline_process import Server

ADMIN = ("AKIATRIPLINEADMIN001", "adminsecretadminsecretadminsecretadmin00")
CONFIG = f"""
accounts:
  - id: "123456789012"
    users:
      - name: admin
        access_keys:
          - id: {ADMIN[0]}
            secret: {ADMIN[1]}
macie:
  sessions:
    - FindingPublishingFrequency: ONE_HOUR
      CustomDataIdentifiers:
        - Name: EmployeeId
          Regex: "EMP-[0-9]{{6}}"
          Keywords: [employee]
          MaximumMatchDistance: 40
      AllowLists:
        - Name: test-ids
          Criteria:
            Regex: "EMP-0+"
      ClassificationJobs:
        - name: nightly-hr
          jobType: SCHEDULED
          scheduleFrequency: {{dailySchedule: {{}}}}
          customDataIdentifierIds: [EmployeeId]
          allowListIds: [test-ids]
          s3JobDefinition:
            bucketDefinitions:
              - accountId: "123456789012"
                buckets: [hr-data]
"""


class MacieConfigTest(unittest.TestCase):
    def test_declared_session_is_applied_once(self):
        cli = clients()[0][1] if clients() else None
        if cli is None:
            self.skipTest("no aws CLI on this machine")
        with tempfile.TemporaryDirectory(prefix="tripline-macie-config-") as tmp:
            config = os.path.join(tmp, "tripline.yaml")
            with open(config, "w") as f:
                f.write(CONFIG)
            data = os.path.join(tmp, "var")
            for start in range(2):
                server = Server(data_dir=data, config=config)
                try:
                    server.wait_ready()

                    def aws(*args):
                        proc = run_aws(cli, server.endpoint, ADMIN[0], ADMIN[1], *args)
                        self.assertEqual(proc.returncode, 0, proc.stderr)
                        return json.loads(proc.stdout)

                    session = aws("macie2", "get-macie-session")
                    self.assertEqual((session["status"], session["findingPublishingFrequency"]),
                                     ("ENABLED", "ONE_HOUR"))
                    cdis = aws("macie2", "list-custom-data-identifiers")["items"]
                    self.assertEqual([c["name"] for c in cdis], ["EmployeeId"], f"start {start}")
                    cdi = aws("macie2", "get-custom-data-identifier", "--id", cdis[0]["id"])
                    self.assertEqual((cdi["keywords"], cdi["maximumMatchDistance"]), (["employee"], 40))
                    lists = aws("macie2", "list-allow-lists")["allowLists"]
                    self.assertEqual([a["name"] for a in lists], ["test-ids"])
                    jobs = aws("macie2", "list-classification-jobs")["items"]
                    self.assertEqual([(j["name"], j["jobStatus"]) for j in jobs], [("nightly-hr", "IDLE")])
                    job = aws("macie2", "describe-classification-job", "--job-id", jobs[0]["jobId"])
                    self.assertEqual(job["customDataIdentifierIds"], [cdis[0]["id"]])
                    self.assertEqual(job["allowListIds"], [lists[0]["id"]])
                finally:
                    server.stop()


if __name__ == "__main__":
    unittest.main()
