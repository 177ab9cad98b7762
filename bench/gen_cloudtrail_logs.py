#!/usr/bin/env python3
"""Turns EventBridge-wrapped CloudTrail records into gzipped CloudTrail log files for ingest_bench.

Input: JSON lines whose `detail` is a CloudTrail record - bench/data/events.jsonl, or the output of
../shared/tools/gen_eventbridge_workload.py. Output: CloudTrail's own key layout under --out,

  AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<rand>.json.gz

each file `{"Records":[...]}` of --per-file records, as AWS delivers them. Records are grouped by
(account, region) in arrival order, like CloudTrail's per-account, per-region files.

The `detail` object is cut out of each line as text (it is the last member of the wrapper, which
the generator writes last) rather than parsed and re-serialised, so that making 1 GB takes about
a minute: the records keep their exact bytes.

Usage: gen_cloudtrail_logs.py [--in bench/data/events.jsonl] [--out build/bench-cloudtrail]
                              [--max-mb 1024] [--per-file 2000] [--level 6] [--seed 7]
--max-mb counts uncompressed record bytes; the output directory is emptied first.
"""

import argparse
import gzip
import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def detail_text(line):
    """The `detail` object of one EventBridge line, as its original text."""
    at = line.find('"detail":{')
    body = line.rstrip()
    if at >= 0 and body.endswith("}}"):
        return body[at + len('"detail":') : -1]
    return json.dumps(json.loads(line)["detail"], separators=(",", ":"))


def field(text, name):
    """A top-level string field of the record, found as text (good enough for the file name)."""
    key = '"%s":"' % name
    at = text.find(key)
    if at < 0:
        return ""
    at += len(key)
    return text[at : text.find('"', at)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--in", dest="src", default=os.path.join(HERE, "data", "events.jsonl"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "bench-cloudtrail"))
    ap.add_argument("--max-mb", type=float, default=1024.0)
    ap.add_argument("--per-file", type=int, default=2000)
    ap.add_argument("--level", type=int, default=6, help="gzip level (CloudTrail's files ~ 6)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    limit = int(args.max_mb * 1024 * 1024)
    pending = {}  # (account, region) -> [record texts]
    totals = {"records": 0, "bytes": 0, "files": 0, "gz_bytes": 0}

    def write(account, region, records):
        first = records[0]
        t = field(first, "eventTime") or "2025-06-01T00:00:00Z"
        y, mo, d = t[0:4], t[5:7], t[8:10]
        stamp = "%s%s%sT%s%sZ" % (y, mo, d, t[11:13], t[14:16])
        unique = "%016x" % rng.getrandbits(64)
        folder = os.path.join(args.out, "AWSLogs", account, "CloudTrail", region, y, mo, d)
        os.makedirs(folder, exist_ok=True)
        name = "%s_CloudTrail_%s_%s_%s.json.gz" % (account, region, stamp, unique)
        body = ('{"Records":[' + ",".join(records) + "]}").encode()
        path = os.path.join(folder, name)
        with open(path, "wb") as out:
            out.write(gzip.compress(body, args.level, mtime=0))
        totals["files"] += 1
        totals["gz_bytes"] += os.path.getsize(path)

    with open(args.src, encoding="utf-8") as src:
        for line in src:
            if totals["bytes"] >= limit:
                break
            if not line.strip():
                continue
            record = detail_text(line)
            account = field(record, "recipientAccountId") or "123456789012"
            region = field(record, "awsRegion") or "us-east-1"
            group = pending.setdefault((account, region), [])
            group.append(record)
            totals["records"] += 1
            totals["bytes"] += len(record)
            if len(group) >= args.per_file:
                write(account, region, group)
                del pending[(account, region)]
    for (account, region), group in pending.items():
        write(account, region, group)

    print(
        "%d records, %.1f MB of JSON in %d files (%.1f MB gzipped) under %s"
        % (
            totals["records"],
            totals["bytes"] / 1e6,
            totals["files"],
            totals["gz_bytes"] / 1e6,
            args.out,
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
