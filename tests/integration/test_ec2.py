"""EC2 security groups through both aws CLIs (issue 4, item 4): the default VPC and its group, a new
group opened to the world on port 22 (the CLI's flat --protocol/--port/--cidr shape and
--ip-permissions), DescribeSecurityGroups with the audit filter ip-permission.cidr=0.0.0.0/0, EC2's
errors, revoke and delete; the CloudTrail records in AWS's EC2 shapes; and the GuardDuty-style
finding the opening raises."""
import json
import unittest

from aws_clients import read_records, run_aws
from lab_server_test import LabServerTest


class Ec2SecurityGroupsTest(LabServerTest):
    def record(self, name, region):
        matching = [r for r in read_records(self.server.data_dir)
                    if r["eventName"] == name and r["awsRegion"] == region
                    and "errorCode" not in r]
        self.assertTrue(matching, name)
        return matching[-1]

    def flat_shape_with_boto3(self, region, group):
        """SDKs send the flat members (CidrIp, IpProtocol, FromPort, ToPort) as they are."""
        try:
            import boto3
        except ImportError:
            return
        client = boto3.client("ec2", endpoint_url=self.server.endpoint, region_name=region,
                              aws_access_key_id=self.key, aws_secret_access_key=self.secret)
        client.authorize_security_group_ingress(GroupId=group, IpProtocol="tcp", FromPort=3389,
                                                ToPort=3389, CidrIp="0.0.0.0/0")
        r = [x for x in read_records(self.server.data_dir)
             if x["eventName"] == "AuthorizeSecurityGroupIngress" and x["awsRegion"] == region][-1]
        self.assertEqual(r["requestParameters"],
                         {"groupId": group, "ipProtocol": "tcp", "fromPort": 3389,
                          "toPort": 3389, "cidrIp": "0.0.0.0/0", "ipPermissions": {}})
        client.revoke_security_group_ingress(GroupId=group, IpProtocol="tcp", FromPort=3389,
                                             ToPort=3389, CidrIp="0.0.0.0/0")

    def test_security_group_lifecycle(self):
        for n, (name, cli) in enumerate(self.clis):
            with self.subTest(cli=name):
                self.lifecycle(cli, ["eu-west-3", "ap-south-1"][n % 2])

    def lifecycle(self, cli, region):
        ec2 = ("ec2",)
        vpcs = self.aws(cli, region, *ec2, "describe-vpcs")["Vpcs"]
        self.assertEqual(len(vpcs), 1)
        vpc = vpcs[0]
        self.assertTrue(vpc["IsDefault"])
        self.assertEqual(vpc["CidrBlock"], "172.31.0.0/16")
        self.assertEqual(vpc["State"], "available")
        default = self.aws(cli, region, *ec2, "describe-security-groups", "--group-names",
                           "default")["SecurityGroups"][0]
        self.assertEqual(default["VpcId"], vpc["VpcId"])
        self.assertEqual(default["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"],
                         default["GroupId"])

        created = self.aws(cli, region, *ec2, "create-security-group", "--group-name", "web",
                           "--description", "web servers")
        group = created["GroupId"]
        self.assertRegex(group, r"^sg-[0-9a-f]{17}$")
        self.fails(cli, region, "InvalidGroup.Duplicate", *ec2, "create-security-group",
                   "--group-name", "web", "--description", "again")

        # The attacker's move, in the CLI's flat shape, then a second rule as IpPermissions.
        opened = self.aws(cli, region, *ec2, "authorize-security-group-ingress", "--group-id",
                          group, "--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0")
        self.assertTrue(opened["Return"])
        self.assertEqual(opened["SecurityGroupRules"][0]["CidrIpv4"], "0.0.0.0/0")
        self.aws(cli, region, *ec2, "authorize-security-group-ingress", "--group-id", group,
                 "--ip-permissions", json.dumps([{
                     "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                     "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "internal"}],
                     "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}]))
        err = self.fails(cli, region, "InvalidPermission.Duplicate", *ec2,
                         "authorize-security-group-ingress", "--group-id", group, "--protocol",
                         "tcp", "--port", "22", "--cidr", "0.0.0.0/0")
        self.assertIn("peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW", err)
        self.fails(cli, region, "InvalidGroup.NotFound", *ec2,
                   "authorize-security-group-ingress", "--group-id", "sg-0123456789abcdef0",
                   "--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0")

        # What an auditor runs: groups open to the world.
        open_groups = self.aws(cli, region, *ec2, "describe-security-groups", "--filters",
                               "Name=ip-permission.cidr,Values=0.0.0.0/0")["SecurityGroups"]
        self.assertEqual([g["GroupId"] for g in open_groups], [group])
        perms = {(p["IpProtocol"], p.get("FromPort")): p for p in open_groups[0]["IpPermissions"]}
        self.assertEqual(perms[("tcp", 22)]["IpRanges"], [{"CidrIp": "0.0.0.0/0"}])
        self.assertEqual(perms[("tcp", 443)]["IpRanges"],
                         [{"CidrIp": "10.0.0.0/8", "Description": "internal"}])
        self.assertEqual(perms[("tcp", 443)]["Ipv6Ranges"], [{"CidrIpv6": "::/0"}])
        self.assertEqual(open_groups[0]["IpPermissionsEgress"][0]["IpProtocol"], "-1")

        # The CloudTrail record in AWS's shape, and the finding it raises.
        succeeded = [x for x in read_records(self.server.data_dir)
                     if x["eventName"] == "AuthorizeSecurityGroupIngress"
                     and x["awsRegion"] == region and "errorCode" not in x]
        self.assertEqual(len(succeeded), 2)
        first, r = succeeded
        self.assertEqual(r["eventSource"], "ec2.amazonaws.com")
        self.assertNotIn("apiVersion", r)
        params = r["requestParameters"]
        self.assertEqual(params["groupId"], group)
        self.assertEqual(params["ipPermissions"]["items"][0]["ipRanges"]["items"][0],
                         {"cidrIp": "10.0.0.0/8", "description": "internal"})
        self.assertTrue(r["responseElements"]["_return"])
        # The CLI sends --protocol/--port/--cidr as IpPermissions.
        self.assertEqual(first["requestParameters"]["ipPermissions"]["items"][0],
                         {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {},
                          "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}, "ipv6Ranges": {},
                          "prefixListIds": {}})
        self.assertEqual(first["responseElements"]["securityGroupRuleSet"]["items"][0]["cidrIpv4"],
                         "0.0.0.0/0")
        created_record = self.record("CreateSecurityGroup", region)
        self.assertEqual(created_record["requestParameters"],
                         {"groupName": "web", "groupDescription": "web servers"})
        self.assertEqual(created_record["responseElements"]["groupId"], group)
        failed = [x for x in read_records(self.server.data_dir)
                  if x.get("errorCode") == "InvalidPermission.Duplicate" and x["awsRegion"] == region]
        self.assertEqual(len(failed), 1)
        self.assertIn("already exists", failed[0]["errorMessage"])

        listed = run_aws(cli, self.server.endpoint, self.key, self.secret, "guardduty",
                         "list-detectors", region=region)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        detector = json.loads(listed.stdout)["DetectorIds"][0]
        ids = self.aws(cli, region, "guardduty", "list-findings", "--detector-id", detector,
                       "--finding-criteria", json.dumps({"Criterion": {"type": {"Eq": [
                           "Custom:IAMUser/SecurityGroupOpenToWorld"]}}}))["FindingIds"]
        self.assertEqual(len(ids), 1)

        self.flat_shape_with_boto3(region, group)

        # Revoke (an unknown rule is reported, not an error) and delete.
        revoked = self.aws(cli, region, *ec2, "revoke-security-group-ingress", "--group-id", group,
                           "--ip-permissions", json.dumps([
                               {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                                "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
                               {"IpProtocol": "tcp", "FromPort": 25, "ToPort": 25,
                                "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]))
        self.assertTrue(revoked["Return"])
        self.assertEqual(revoked["UnknownIpPermissions"][0]["FromPort"], 25)
        self.assertEqual(self.aws(cli, region, *ec2, "describe-security-groups", "--filters",
                                  "Name=ip-permission.cidr,Values=0.0.0.0/0")["SecurityGroups"], [])
        self.fails(cli, region, "CannotDelete", *ec2, "delete-security-group", "--group-name",
                   "default")
        self.fails(cli, region, "DryRunOperation", *ec2, "delete-security-group", "--group-id",
                   group, "--dry-run")
        self.aws(cli, region, *ec2, "delete-security-group", "--group-id", group)
        self.fails(cli, region, "InvalidGroup.NotFound", *ec2, "describe-security-groups",
                   "--group-ids", group)
        self.fails(cli, region, "InvalidAction", *ec2, "describe-instances")


if __name__ == "__main__":
    unittest.main()
