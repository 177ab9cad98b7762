#!/usr/bin/env python3
"""Generates tests/unit/api/data/botocore_vectors.json: requests signed by the real botocore.

Each vector is one request exactly as botocore would put it on the wire (method, raw target,
headers, body) for a real operation of a real client, signed at a frozen time, plus what the
verifier must conclude. The requests are captured in botocore's `before-send` hook, so nothing is
sent anywhere. Streaming (aws-chunked) uploads with chunk signatures are not produced by botocore;
for those the seed request is signed by botocore and the chunk chain is computed here from the
S3 documentation (an implementation independent of the C++ one).

Usage: python3 tests/unit/api/gen_sigv4_vectors.py   (rewrites the JSON; commit the result)
"""
import base64
import datetime
import hashlib
import hmac
import io
import json
import pathlib
import sys
from unittest import mock
from urllib.parse import urlsplit

import boto3
import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

SIGNED_AT = datetime.datetime(2026, 11, 27, 10, 11, 22)
AMZ_DATE = SIGNED_AT.strftime("%Y%m%dT%H%M%SZ")
ENDPOINT = "http://127.0.0.1:4566"
KEYS = [
    {"access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
     "account_id": "123456789012", "principal_arn": "arn:aws:iam::123456789012:user/alice",
     "session_token": ""},
    {"access_key_id": "ASIAQEXAMPLESESSION1", "secret": "sessionSecret/With+Plus=AndSlashes0123456",
     "account_id": "123456789012",
     "principal_arn": "arn:aws:sts::123456789012:assumed-role/Auditor/lab",
     "session_token": "FwoGZXIvYXdzEXAMPLE//////////wEaDEXAMPLETOKEN+with/slash=="},
]


class Captured(Exception):
    pass


def body_bytes(body):
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    return body.read()


def capture(service, call, key=KEYS[0], endpoint=ENDPOINT, region="us-east-1", config=None):
    """Runs `call(client)` and returns the request botocore would send."""
    client = boto3.client(service, endpoint_url=endpoint, region_name=region,
                          aws_access_key_id=key["access_key_id"],
                          aws_secret_access_key=key["secret"],
                          aws_session_token=key["session_token"] or None, config=config)
    seen = {}

    def before_send(request, **_):
        seen["request"] = request
        raise Captured()

    client.meta.events.register("before-send", before_send)
    try:
        call(client)
    except Captured:
        pass
    request = seen["request"]
    parts = urlsplit(request.url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    headers = [["Host", parts.netloc]]
    for name, value in request.headers.items():
        headers.append([name, value.decode() if isinstance(value, bytes) else value])
    return {"method": request.method, "target": target, "headers": headers,
            "body_b64": base64.b64encode(body_bytes(request.body)).decode()}


def presigned(service, operation, params, key=KEYS[0], expires=600):
    client = boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1",
                          aws_access_key_id=key["access_key_id"],
                          aws_secret_access_key=key["secret"],
                          aws_session_token=key["session_token"] or None,
                          config=Config(signature_version="s3v4"))
    url = client.generate_presigned_url(operation, Params=params, ExpiresIn=expires)
    parts = urlsplit(url)
    return {"method": "GET", "target": parts.path + "?" + parts.query,
            "headers": [["Host", parts.netloc], ["User-Agent", "curl/7.88.1"]], "body_b64": ""}


def hmac_sha256(key, msg):
    return hmac.new(key, msg.encode() if isinstance(msg, str) else msg, hashlib.sha256).digest()


def streaming_upload(payload, chunk_size, key=KEYS[0], region="us-east-1"):
    """A STREAMING-AWS4-HMAC-SHA256-PAYLOAD PutObject: seed signed by botocore, chunks here."""
    request = AWSRequest(method="PUT", url=ENDPOINT + "/tripline-pii/stream%20upload.bin",
                         headers={
                             "Content-Encoding": "aws-chunked",
                             "x-amz-decoded-content-length": str(len(payload)),
                             "X-Amz-Content-SHA256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                         })
    creds = Credentials(key["access_key_id"], key["secret"], key["session_token"] or None)
    # SigV4Auth keeps the preset X-Amz-Content-SHA256 (S3SigV4Auth would overwrite it); the path
    # has no characters on which S3's single encoding and the generic double encoding differ...
    # except '%', so sign the S3 way by overriding the normalisation.
    signer = botocore.auth.SigV4Auth(creds, "s3", region)
    signer._normalize_url_path = lambda path: path
    signer.add_auth(request)
    seed = request.headers["Authorization"].split("Signature=")[1]
    scope = f"{AMZ_DATE[:8]}/{region}/s3/aws4_request"
    k = hmac_sha256(("AWS4" + key["secret"]).encode(), AMZ_DATE[:8])
    for part in (region, "s3", "aws4_request"):
        k = hmac_sha256(k, part)
    body = b""
    previous = seed
    chunks = [payload[i:i + chunk_size] for i in range(0, len(payload), chunk_size)] + [b""]
    for chunk in chunks:
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", AMZ_DATE, scope, previous,
                         hashlib.sha256(b"").hexdigest(), hashlib.sha256(chunk).hexdigest()])
        previous = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
        body += f"{len(chunk):x};chunk-signature={previous}\r\n".encode() + chunk + b"\r\n"
    parts = urlsplit(request.url)
    headers = [["Host", parts.netloc]] + [[n, v] for n, v in request.headers.items()]
    headers.append(["Content-Length", str(len(body))])
    return {"method": "PUT", "target": parts.path, "headers": headers,
            "body_b64": base64.b64encode(body).decode()}


def vector(name, description, request, expect):
    return {"name": name, "description": description, "request": request, "expect": expect}


def main():
    out = pathlib.Path(__file__).parent / "data" / "botocore_vectors.json"
    fixed = mock.patch.object(botocore.auth, "get_current_datetime", lambda *a, **k: SIGNED_AT)
    with fixed:
        vectors = [
            vector("sts-get-caller-identity", "query protocol POST with a form body",
                   capture("sts", lambda c: c.get_caller_identity()),
                   {"ok": True, "service": "sts", "region": "us-east-1"}),
            vector("sts-get-caller-identity-session-token", "temporary credentials: signed token",
                   capture("sts", lambda c: c.get_caller_identity(), key=KEYS[1]),
                   {"ok": True, "service": "sts", "region": "us-east-1",
                    "session_token": KEYS[1]["session_token"]}),
            vector("sns-publish", "query protocol with form-encoded unicode and symbols",
                   capture("sns", lambda c: c.publish(
                       TopicArn="arn:aws:sns:eu-west-1:123456789012:APICallAlert1",
                       Message="ünïcode & symbols: 100% ~ + = ?"), region="eu-west-1"),
                   {"ok": True, "service": "sns", "region": "eu-west-1"}),
            vector("events-put-rule", "JSON 1.1 with X-Amz-Target",
                   capture("events", lambda c: c.put_rule(
                       Name="APICallRule",
                       EventPattern='{"source":["aws.sts"],"detail":{"eventName":["GetCallerIdentity"]}}',
                       State="ENABLED", Description="lab1")),
                   {"ok": True, "service": "events", "region": "us-east-1"}),
            vector("cloudwatch-describe-alarms", "JSON 1.0 query-compatible (x-amzn-query-mode)",
                   capture("cloudwatch", lambda c: c.describe_alarms(
                       AlarmNames=["CloudTrailConfigChangesAlarm"])),
                   {"ok": True, "service": "monitoring", "region": "us-east-1"}),
            vector("guardduty-create-filter", "rest-json POST with a path parameter",
                   capture("guardduty", lambda c: c.create_filter(
                       DetectorId="12abc34d567e8fa901bc2d34e56789f0", Name="archive-low",
                       Action="ARCHIVE", Rank=1, ClientToken="a1b2c3d4-0000-4000-8000-000000000001",
                       FindingCriteria={"Criterion": {"severity": {"Lt": 4}}})),
                   {"ok": True, "service": "guardduty", "region": "us-east-1"}),
            vector("guardduty-tag-resource-arn-in-path", "rest-json path holding an encoded ARN",
                   capture("guardduty", lambda c: c.tag_resource(
                       ResourceArn="arn:aws:guardduty:us-east-1:123456789012:detector/12abc/filter/a b",
                       Tags={"team": "sec"})),
                   {"ok": True, "service": "guardduty", "region": "us-east-1"}),
            vector("guardduty-list-detectors-get-query", "rest-json GET with query parameters",
                   capture("guardduty", lambda c: c.list_detectors(MaxResults=5, NextToken="a b+c/d=")),
                   {"ok": True, "service": "guardduty", "region": "us-east-1"}),
            vector("s3-put-object-encoded-key", "S3 PUT; key with spaces, unicode, ~, +, =, %",
                   capture("s3", lambda c: c.put_object(
                       Bucket="tripline-pii", Key="dir/a key ünï~cöde+x=1%y.txt",
                       Body=b"Credit card number: 4532015112830366\n", ContentType="text/plain")),
                   {"ok": True, "service": "s3", "region": "us-east-1"}),
            vector("s3-list-objects-v2", "S3 GET with a query needing re-encoding",
                   capture("s3", lambda c: c.list_objects_v2(
                       Bucket="tripline-pii", Prefix="AWSLogs/123456789012/a b", Delimiter="/")),
                   {"ok": True, "service": "s3", "region": "us-east-1"}),
            vector("s3-create-bucket-eu-west-1", "S3 PUT with XML body, scope region eu-west-1",
                   capture("s3", lambda c: c.create_bucket(
                       Bucket="tripline-eu",
                       CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}),
                       region="eu-west-1"),
                   {"ok": True, "service": "s3", "region": "eu-west-1"}),
            vector("s3-put-object-session-token", "S3 PUT with temporary credentials",
                   capture("s3", lambda c: c.put_object(Bucket="b", Key="k", Body=b"x"),
                           key=KEYS[1]),
                   {"ok": True, "service": "s3", "region": "us-east-1",
                    "session_token": KEYS[1]["session_token"]}),
            vector("s3-put-object-https-unsigned-trailer",
                   "S3 PUT over https with a stream: aws-chunked STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                   capture("s3", lambda c: c.put_object(
                       Bucket="b", Key="streamed.txt", Body=io.BytesIO(b"hello trailer world\n")),
                       endpoint="https://127.0.0.1:4566"),
                   {"ok": True, "service": "s3", "region": "us-east-1",
                    "decoded_body": "hello trailer world\n"}),
            vector("s3-presigned-get", "SigV4 presigned GET (X-Amz-* query)",
                   presigned("s3", "get_object", {"Bucket": "tripline-pii", "Key": "card.txt"}),
                   {"ok": True, "service": "s3", "region": "us-east-1", "presigned": True}),
            vector("s3-presigned-get-encoded-key-token", "presigned GET, encoded key, session token",
                   presigned("s3", "get_object", {"Bucket": "tripline-pii", "Key": "a b/ü~.txt"},
                             key=KEYS[1], expires=3600),
                   {"ok": True, "service": "s3", "region": "us-east-1", "presigned": True,
                    "session_token": KEYS[1]["session_token"]}),
            vector("s3-streaming-signed-chunks", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, 3 chunks",
                   streaming_upload(b"0123456789" * 1000 + b"tail", 4096),
                   {"ok": True, "service": "s3", "region": "us-east-1",
                    "decoded_body": ("0123456789" * 1000) + "tail"}),
        ]
    document = {
        "generated_by": "tests/unit/api/gen_sigv4_vectors.py",
        "botocore_version": botocore.__version__,
        "signed_at": SIGNED_AT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keys": KEYS,
        "vectors": vectors,
    }
    out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(vectors)} vectors to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
