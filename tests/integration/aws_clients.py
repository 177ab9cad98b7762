"""The real AWS clients on the machine, pointed at a Tripline server: the aws CLI v1 (first on PATH),
Debian's aws CLI v2 (/usr/bin/aws) and boto3."""
import json
import os
import shutil
import subprocess


def v1_cli():
    """The aws CLI v1 on PATH (pyenv), or None."""
    for path in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(path, "aws")
        if os.path.exists(candidate) and not candidate.startswith("/usr/bin"):
            return candidate
    return None


def v2_cli():
    return "/usr/bin/aws" if os.path.exists("/usr/bin/aws") else None


def clients():
    """(name, executable) for every CLI present."""
    found = []
    if v1_cli():
        found.append(("v1", v1_cli()))
    if v2_cli():
        found.append(("v2", v2_cli()))
    return found


def read_credentials(data_dir):
    values = {}
    with open(os.path.join(data_dir, "credentials")) as f:
        for line in f:
            if "=" in line:
                k, v = line.split("=", 1)
                values[k.strip()] = v.strip()
    return values["aws_access_key_id"], values["aws_secret_access_key"]


def run_aws(cli, endpoint, access_key, secret_key, *args, region="us-east-1", token=None, timeout=60):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ACCESS_KEY_ID": access_key,
        "AWS_SECRET_ACCESS_KEY": secret_key,
        "AWS_DEFAULT_REGION": region,
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
    })
    if token:
        env["AWS_SESSION_TOKEN"] = token
    proc = subprocess.run([cli, "--endpoint-url", endpoint, "--output", "json", *args],
                          capture_output=True, text=True, env=env, timeout=timeout)
    return proc


def read_records(data_dir):
    path = os.path.join(data_dir, "records.jsonl")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]
