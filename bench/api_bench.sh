#!/usr/bin/env bash
# Requests/s of the AWS-compatible API over keep-alive (issue 3): signed STS GetCallerIdentity (every
# call SigV4-verified and recorded to records.jsonl) against the health endpoint on the same server
# (the HTTP ceiling). Needs wrk (apt-get install wrk) and botocore (on PATH with the aws CLI v1).
# Usage: bench/api_bench.sh [duration-seconds] [connections]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="${TRIPLINE_BIN:-$here/build/release/tripline}"
duration=${1:-10}
connections=${2:-32}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --data-dir "$work/var" --listen "127.0.0.1:$port" --log-level warn >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$port/_tripline/health" >/dev/null && break
    sleep 0.1
done

# One request signed now stays valid for the 15-minute skew window: wrk replays it.
python3 - "$work" "$port" <<'PY'
import sys, configparser
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
work, port = sys.argv[1], sys.argv[2]
cfg = configparser.ConfigParser(); cfg.read(f"{work}/var/credentials")
creds = Credentials(cfg["tripline"]["aws_access_key_id"], cfg["tripline"]["aws_secret_access_key"])
body = "Action=GetCallerIdentity&Version=2011-06-15"
req = AWSRequest(method="POST", url=f"http://127.0.0.1:{port}/", data=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
SigV4Auth(creds, "sts", "us-east-1").add_auth(req)
with open(f"{work}/signed.lua", "w") as f:
    f.write('wrk.method = "POST"\n')
    f.write(f'wrk.body = "{body}"\n')
    for k, v in req.headers.items():
        f.write(f'wrk.headers["{k}"] = "{v}"\n')
    f.write('wrk.headers["User-Agent"] = "wrk-bench"\n')
PY

echo "== empty handler (GET /_tripline/health), wrk -t2 -c$connections -d${duration}s"
wrk -t2 -c"$connections" -d"${duration}s" "http://127.0.0.1:$port/_tripline/health" | grep -E "Requests/sec|Latency|requests in"
echo "== signed STS GetCallerIdentity (verified + recorded), wrk -t2 -c$connections -d${duration}s"
wrk -t2 -c"$connections" -d"${duration}s" -s "$work/signed.lua" "http://127.0.0.1:$port/" | grep -E "Requests/sec|Latency|requests in|Non-2xx"
echo "records written: $(wc -l <"$work/var/records.jsonl")"
