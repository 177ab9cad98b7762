"""A synthetic week of CloudTrail logs for the Insights tests (test_insights.py).

Account 111122223333, region us-east-1, from 2026-11-01T00:00Z: eight days of ordinary noise (a
few principals and user agents, read calls, occasional writes, an AccessDenied about once an hour
on varying APIs), then a burst by one attacker - 50 s3 PutBucketPolicy calls over 4 minutes and,
a little later, 40 secretsmanager ListSecrets calls refused with AccessDenied over 3 minutes -
then three more hours of noise, so that the insights end in event time.

Everything comes from fixed seeds (the noise and the burst from separate generators, so the
noise-only variant is the same noise without the burst). Files hold 5 minutes of event time each,
as gzipped CloudTrail log files under AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/.

    python3 insights_week.py OUTDIR [--noise-only]

burst_facts() states what the burst should produce, for the test's assertions.
"""
import datetime
import gzip
import json
import math
import os
import random
import sys
import uuid

ACCOUNT = "111122223333"
REGION = "us-east-1"
START = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
SEED = 20261101
BURST_SEED = 666
FILE_MINUTES = 5
NOISE_DAYS = 8
# The first burst minute (minutes after START): 2026-11-09T01:02Z, eight days and an hour in.
# Both bursts straddle a 5-minute file boundary, so a replay split between files cuts them.
BURST_MINUTE = NOISE_DAYS * 1440 + 62
# Noise goes on this long after the first burst minute.
AFTER_MINUTES = 180
TOTAL_MINUTES = BURST_MINUTE + AFTER_MINUTES

ATTACKER_ARN = f"arn:aws:iam::{ACCOUNT}:user/mallory"
ATTACKER_AGENT = "python-requests/2.31.0 s3-policy-sprayer/0.3"
ATTACKER_IP = "203.0.113.66"

# The two unusual activities: calls per minute from their first minute (offset from BURST_MINUTE).
CALL_BURST = {
    "insight_type": "ApiCallRateInsight",
    "event_source": "s3.amazonaws.com",
    "event_name": "PutBucketPolicy",
    "error_code": None,
    "read_only": False,
    "offset": 0,
    "counts": [12, 13, 13, 12],
}
ERROR_BURST = {
    "insight_type": "ApiErrorRateInsight",
    "event_source": "secretsmanager.amazonaws.com",
    "event_name": "ListSecrets",
    "error_code": "AccessDenied",
    "read_only": True,
    "offset": 6,
    "counts": [13, 14, 13],
}
# Noise leaves the burst's APIs alone around the burst, so that its counts are exact.
QUIET_BEFORE = 15
QUIET_AFTER = 30

PRINCIPALS = {
    "alice": {
        "identity": {
            "type": "IAMUser",
            "principalId": "AIDAQX3EXAMPLEALICE01",
            "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
            "accountId": ACCOUNT,
            "accessKeyId": "AKIAQX3EXAMPLEALICE1",
            "userName": "alice",
        },
        "agents": ["aws-cli/2.15.30 Python/3.11.8 Darwin/23.4.0 exe/x86_64 prompt/off",
                   "AWS Internal"],
        "ip": "198.51.100.23",
    },
    "bob": {
        "identity": {
            "type": "IAMUser",
            "principalId": "AIDAQX3EXAMPLEBOB0001",
            "arn": f"arn:aws:iam::{ACCOUNT}:user/bob",
            "accountId": ACCOUNT,
            "accessKeyId": "AKIAQX3EXAMPLEBOB001",
            "userName": "bob",
        },
        "agents": ["Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.5.0 lang/python#3.11.6"],
        "ip": "198.51.100.77",
    },
    "ci": {
        "role": "ci-deployer",
        "session": "gh-actions-1717",
        "role_id": "AROAQX3EXAMPLECIDEPLO",
        "agents": ["APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) "
                   "terraform-provider-aws/5.43.0"],
        "ip": "192.0.2.10",
    },
    "monitor": {
        "role": "monitoring",
        "session": "poller",
        "role_id": "AROAQX3EXAMPLEMONITOR",
        "agents": ["aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64"],
        "ip": "10.0.12.34",
    },
}
for _p in PRINCIPALS.values():
    if "role" in _p:
        _p["identity"] = {
            "type": "AssumedRole",
            "principalId": f"{_p['role_id']}:{_p['session']}",
            "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{_p['role']}/{_p['session']}",
            "accountId": ACCOUNT,
            "accessKeyId": "ASIAQX3EXAMPLE" + _p["role_id"][-6:],
            "sessionContext": {
                "sessionIssuer": {
                    "type": "Role",
                    "principalId": _p["role_id"],
                    "arn": f"arn:aws:iam::{ACCOUNT}:role/{_p['role']}",
                    "accountId": ACCOUNT,
                    "userName": _p["role"],
                },
                "webIdFederationData": {},
                "attributes": {"creationDate": "2026-11-01T00:00:00Z", "mfaAuthenticated": "false"},
            },
        }

ATTACKER_IDENTITY = {
    "type": "IAMUser",
    "principalId": "AIDAQX3EXAMPLEMALLORY",
    "arn": ATTACKER_ARN,
    "accountId": ACCOUNT,
    "accessKeyId": "AKIAQX3EXAMPLEMALLOR",
    "userName": "mallory",
}

# Ordinary traffic: (source, name, readOnly, calls per minute, at most per minute, principals).
NOISE = [
    ("ec2.amazonaws.com", "DescribeInstances", True, 2.0, None, ["monitor", "monitor", "alice"]),
    ("s3.amazonaws.com", "ListBuckets", True, 0.5, None, ["alice", "bob", "ci"]),
    ("sts.amazonaws.com", "GetCallerIdentity", True, 0.3, None, ["ci", "bob"]),
    ("secretsmanager.amazonaws.com", "ListSecrets", True, 0.1, None, ["ci"]),
    ("iam.amazonaws.com", "ListRoles", True, 0.1, None, ["alice", "ci"]),
    ("ec2.amazonaws.com", "CreateTags", False, 0.3, 2, ["ci", "ci", "alice"]),
    ("ec2.amazonaws.com", "RunInstances", False, 0.02, 1, ["ci"]),
    ("ec2.amazonaws.com", "TerminateInstances", False, 0.015, 1, ["ci"]),
    ("iam.amazonaws.com", "AttachRolePolicy", False, 2 / 1440, 1, ["alice"]),
    ("s3.amazonaws.com", "PutBucketPolicy", False, 3 / 1440, 1, ["alice", "ci"]),
]
# About one refused call an hour, on one of these: (source, name, readOnly, errorCode).
ERRORS_PER_MINUTE = 1 / 60
ERRORS = [
    ("iam.amazonaws.com", "ListUsers", True, "AccessDenied"),
    ("s3.amazonaws.com", "GetBucketPolicy", True, "AccessDenied"),
    ("secretsmanager.amazonaws.com", "ListSecrets", True, "AccessDenied"),
    ("sts.amazonaws.com", "AssumeRole", False, "AccessDenied"),
    ("ec2.amazonaws.com", "DescribeInstances", True, "Client.UnauthorizedOperation"),
]


def minute_time(minute):
    """The ISO eventTime of a minute (minutes after START), at second 0."""
    return (START + datetime.timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _burst_fact(burst):
    first = BURST_MINUTE + burst["offset"]
    counts = list(burst["counts"])
    return {
        "insight_type": burst["insight_type"],
        "event_source": burst["event_source"],
        "event_name": burst["event_name"],
        "error_code": burst["error_code"],
        "start_minute": first,
        "start_time": minute_time(first),
        # Insights events name the minute after the last unusual one as the End's eventTime.
        "end_time": minute_time(first + len(counts)),
        "counts": counts,
        "total": sum(counts),
        "duration": len(counts),
    }


def burst_facts():
    """What the burst is: the attacker and, per insight it should cause, the API, the first
    minute, the calls (errors) per minute, their total and the duration in minutes."""
    return {
        "account": ACCOUNT,
        "region": REGION,
        "attacker_arn": ATTACKER_ARN,
        "attacker_agent": ATTACKER_AGENT,
        "burst_minute": BURST_MINUTE,
        "insights": [_burst_fact(CALL_BURST), _burst_fact(ERROR_BURST)],
    }


def _poisson(rng, lam):
    limit = math.exp(-lam)
    k, p = 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _record(rng, minute, second, source, name, read_only, identity, agent, ip,
            error=None, request=None):
    r = {
        "eventVersion": "1.09",
        "userIdentity": identity,
        "eventTime": (START + datetime.timedelta(minutes=minute, seconds=second)).strftime(
            "%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": source,
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": ip,
        "userAgent": agent,
    }
    if error:
        r["errorCode"] = error
        r["errorMessage"] = (f"User: {identity['arn']} is not authorized to perform: "
                             f"{source.split('.')[0]}:{name} because no identity-based policy "
                             f"allows the {source.split('.')[0]}:{name} action")
    r.update({
        "requestParameters": request,
        "responseElements": None,
        "requestID": _uuid(rng),
        "eventID": _uuid(rng),
        "readOnly": read_only,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": ACCOUNT,
        "eventCategory": "Management",
    })
    return r


def _request(source, name, rng):
    if name in ("PutBucketPolicy", "GetBucketPolicy"):
        return {"bucketName": rng.choice(["app-assets-111122223333", "build-artifacts-prod",
                                          "audit-logs-111122223333"]), "policy": ""}
    if name == "CreateTags":
        return {"resourcesSet": {"items": [{"resourceId": "i-0%015x" % rng.getrandbits(60)}]},
                "tagSet": {"items": [{"key": "team", "value": "platform"}]}}
    return None


def _near_burst(minute):
    return BURST_MINUTE - QUIET_BEFORE <= minute < BURST_MINUTE + QUIET_AFTER


def _noise_minute(rng, minute):
    out = []
    for source, name, read_only, rate, cap, principals in NOISE:
        n = _poisson(rng, rate)
        if cap is not None:
            n = min(n, cap)
        for _ in range(n):
            who = PRINCIPALS[rng.choice(principals)]
            out.append(_record(rng, minute, rng.randrange(60), source, name, read_only,
                               who["identity"], rng.choice(who["agents"]), who["ip"],
                               request=_request(source, name, rng)))
    if rng.random() < ERRORS_PER_MINUTE:
        source, name, read_only, code = rng.choice(ERRORS)
        who = PRINCIPALS[rng.choice(["alice", "bob", "ci", "monitor"])]
        out.append(_record(rng, minute, rng.randrange(60), source, name, read_only,
                           who["identity"], rng.choice(who["agents"]), who["ip"], error=code,
                           request=_request(source, name, rng)))
    if _near_burst(minute):
        # Keep the burst's APIs to the attacker around the burst (its facts are then exact).
        burst_apis = {(CALL_BURST["event_source"], CALL_BURST["event_name"], None),
                      (ERROR_BURST["event_source"], ERROR_BURST["event_name"],
                       ERROR_BURST["error_code"])}
        out = [r for r in out
               if (r["eventSource"], r["eventName"], r.get("errorCode")) not in burst_apis]
    return out


def _burst_records(rng):
    """{minute: [records]} of the attacker's burst."""
    by_minute = {}
    for burst in (CALL_BURST, ERROR_BURST):
        for i, n in enumerate(burst["counts"]):
            minute = BURST_MINUTE + burst["offset"] + i
            for _ in range(n):
                by_minute.setdefault(minute, []).append(_record(
                    rng, minute, rng.randrange(60), burst["event_source"], burst["event_name"],
                    burst["read_only"], ATTACKER_IDENTITY, ATTACKER_AGENT, ATTACKER_IP,
                    error=burst["error_code"], request=_request(burst["event_source"],
                                                                burst["event_name"], rng)))
    return by_minute


def file_windows(burst=True):
    """Yields (first minute, records sorted by eventTime) per 5-minute file, in time order."""
    noise = random.Random(SEED)
    extra = _burst_records(random.Random(BURST_SEED)) if burst else {}
    for first in range(0, TOTAL_MINUTES, FILE_MINUTES):
        records = []
        for minute in range(first, min(first + FILE_MINUTES, TOTAL_MINUTES)):
            records += _noise_minute(noise, minute)
            records += extra.get(minute, [])
        records.sort(key=lambda r: r["eventTime"])
        yield first, records


def file_path(out_dir, first_minute):
    """The log file holding the 5 minutes from `first_minute`."""
    t = START + datetime.timedelta(minutes=first_minute)
    suffix = "%016x" % random.Random(first_minute).getrandbits(64)
    name = f"{ACCOUNT}_CloudTrail_{REGION}_{t:%Y%m%dT%H%MZ}_{suffix}.json.gz"
    return os.path.join(out_dir, "AWSLogs", ACCOUNT, "CloudTrail", REGION,
                        f"{t:%Y}", f"{t:%m}", f"{t:%d}", name)


def write(out_dir, burst=True, from_minute=0, to_minute=None):
    """Writes the log files whose 5 minutes start in [from_minute, to_minute) (default: all) under
    out_dir; returns (files written, records written). The same arguments write the same bytes."""
    files = records_written = 0
    for first, records in file_windows(burst):
        if first < from_minute or (to_minute is not None and first >= to_minute):
            continue
        path = file_path(out_dir, first)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = json.dumps({"Records": records}, separators=(",", ":")).encode()
        with open(path, "wb") as f:
            f.write(gzip.compress(body, compresslevel=1, mtime=0))
        files += 1
        records_written += len(records)
    return files, records_written


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        print("usage: insights_week.py OUTDIR [--noise-only]", file=sys.stderr)
        return 2
    files, records = write(args[0], burst="--noise-only" not in argv)
    print(f"wrote {records} records in {files} files under {args[0]}")
    if "--noise-only" not in argv:
        print(json.dumps(burst_facts(), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
