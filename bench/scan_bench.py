#!/usr/bin/env python3
"""Data-discovery scan throughput (issue 11): `tripline scan` with every managed identifier (ALL) and
10 custom identifiers over mixed text/CSV/JSON, on one core, next to ripgrep 13 running a comparable
set of ~55 regular expressions over the same files in the same run (macie.md §14). Reports MB per
CPU-second (user + sys of the child) and the number of findings/matches.

    python3 bench/scan_bench.py [--mb 1024] [--dir build/bench-scan] [--bin build/release/tripline]

The data (generated once, deterministic) is logs, CSV and JSON/JSONL with sensitive values sprinkled
in at a realistic density (about one per 20 KB): cards with and without keywords, AWS secret keys,
SSNs under keywords and columns, IBANs, phone numbers, plus decoys (Luhn-invalid numbers, versions,
hashes)."""
import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time

CUSTOM = [
    {"name": "EmployeeId", "regex": "EMP-[0-9]{6}", "keywords": ["employee"]},
    {"name": "TicketRef", "regex": "TCK[0-9]{8}"},
    {"name": "InternalHost", "regex": "[a-z]{3,10}\\.corp\\.example\\.com"},
    {"name": "GithubToken", "regex": "ghp_[A-Za-z0-9]{36}"},
    {"name": "SlackToken", "regex": "xox[baprs]-[0-9A-Za-z-]{10,48}"},
    {"name": "PrivateIp", "regex": "10\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}"},
    {"name": "Email", "regex": "[A-Za-z0-9._%+-]{1,40}@[A-Za-z0-9.-]{1,40}\\.[A-Za-z]{2,6}"},
    {"name": "DbUrl", "regex": "postgres://[^\\s:]{1,32}:[^\\s@]{1,32}@"},
    {"name": "AccessKeyId", "regex": "AKIA[0-9A-Z]{16}"},
    {"name": "ProjectCode", "regex": "PRJ-[A-Z]{2}-[0-9]{4}", "keywords": ["project"]},
]

# ripgrep's set: the custom regexes plus shapes comparable to the managed identifiers'.
RG_EXTRA = [
    r"(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|3[47][0-9]{13}|6(?:011|5[0-9]{2})[0-9]{12})",
    r"[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{4}",
    r"[0-9]{3}-[0-9]{2}-[0-9]{4}",
    r"(?i)(?:ssn|social security)[^0-9]{0,30}[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}",
    r"[A-Z]{2}[0-9]{2}(?:[ -]?[A-Z0-9]{4}){3,7}",
    r"\+1[ -]?[2-9][0-9]{2}[ -]?[2-9][0-9]{2}[ -]?[0-9]{4}",
    r"\+44[ -]?[0-9]{4}[ -]?[0-9]{6}",
    r"\+33[ -]?[1-9](?:[ -]?[0-9]{2}){4}",
    r"\+49[ -]?[0-9]{3,4}[ -]?[0-9]{6,8}",
    r"(?i)aws_secret_access_key\s*[=:]\s*[A-Za-z0-9/+]{40}",
    r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----",
    r"-----BEGIN PGP PRIVATE KEY BLOCK-----",
    r"PuTTY-User-Key-File-[23]",
    r"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*",
    r"AIza[0-9A-Za-z_-]{35}",
    r"[sr]k_(?:live|test)_[0-9A-Za-z]{24,}",
    r"(?i)authorization: basic [A-Za-z0-9+/=]{8,}",
    r"(?i)(?:set-)?cookie: [^=\s]{1,64}=[^;\s]{1,}",
    r"(?i)(?:date of birth|dob|birthday)[^0-9]{0,30}[0-9]{1,2}[/-][0-9]{1,2}[/-][0-9]{2,4}",
    r"(?i)(?:date of birth|dob)[^0-9]{0,30}[0-9]{4}-[0-9]{2}-[0-9]{2}",
    r"-?[0-9]{1,2}\.[0-9]{4,},\s?-?[0-9]{1,3}\.[0-9]{4,}",
    r"(?i)(?:vin|vehicle identification)[^A-Z0-9]{0,30}[A-HJ-NPR-Z0-9]{17}",
    r"(?i)passport[^A-Z0-9]{0,30}[A-Z0-9]{6,9}",
    r"(?i)(?:driver'?s? licen[cs]e|dl)[^A-Z0-9]{0,30}[A-Z0-9]{5,13}",
    r"[A-CEGHJ-PR-TW-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]",
    r"[0-9]{3} ?[0-9]{3} ?[0-9]{4}",
    r"[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}",
    r"[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2}",
    r"[0-9]{8}[A-Z]",
    r"[XYZ][0-9]{7}[A-Z]",
    r"[0-9]{2} ?[0-9]{3} ?[0-9]{3} ?[0-9]{3}",
    r"[12][0-9]{2}(?:0[1-9]|1[0-2])[0-9]{8}",
    r"[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z]",
    r"9[0-9]{2}-[7-9][0-9]-[0-9]{4}",
    r"(?i)(?:bank account|account number|acct)[^0-9]{0,30}[0-9]{9,17}",
    r"(?i)(?:cvv|cvc|security code)[^0-9]{0,30}[0-9]{3,4}",
    r"(?i)(?:exp|expiration)[^0-9]{0,30}[0-9]{2}/[0-9]{2,4}",
    r"%B[0-9]{13,19}\^[^^]{2,26}\^[0-9]{4}",
    r";[0-9]{13,19}=[0-9]{4}",
    r"(?i)(?:phone|tel|mobile|fax)[^0-9]{0,30}\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}",
    r"[0-9]{5}-[0-9]{3}",
    r"(?i)(?:nhs)[^0-9]{0,30}[0-9]{3} ?[0-9]{3} ?[0-9]{4}",
    r"(?i)(?:sin|social insurance)[^0-9]{0,30}[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{3}",
    r"(?i)(?:tax id|tin|itin)[^0-9]{0,30}[0-9]{3}-?[0-9]{2}-?[0-9]{4}",
    r"(?i)(?:iban|bank)[^A-Z0-9]{0,30}[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}",
]

FIRST = ["Ana", "Bo", "Chen", "Dara", "Eli", "Femi", "Gus", "Hana", "Ivo", "Jun"]
WORDS = ("request processed ok user session token cache miss retry backend latency upstream "
         "deploy build version release service region bucket object status").split()


def luhn_complete(prefix, length, rng):
    digits = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for i, c in enumerate(reversed(candidate)):
            d = int(c)
            if i % 2:
                d = d * 2 - 9 if d * 2 > 9 else d * 2
            total += d
        if total % 10 == 0:
            return candidate
    return digits + "0"


def secret(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"
    return "".join(rng.choice(alphabet) for _ in range(40))


def sensitive_line(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return f"payment with credit card {luhn_complete('4', 16, rng)} accepted"
    if kind == 1:
        return f"aws_secret_access_key = {secret(rng)}"
    if kind == 2:
        return f"customer ssn: {rng.randint(100, 665):03d}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    if kind == 3:
        return "wire to GB82 WEST 1234 5698 7654 32 confirmed"
    if kind == 4:
        return f"call +1 {rng.randint(201, 989)} {rng.randint(200, 999)} {rng.randint(1000, 9999)} for support"
    if kind == 5:
        return f"employee EMP-{rng.randint(100000, 999999)} badge issued"
    if kind == 6:
        return f"card {luhn_complete('5', 16, rng)} stored"
    return f"decoy 4111 1111 1111 1112 build {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"


def noise_line(rng, n):
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
    return (f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z "
            f"INFO [{rng.randint(1000, 9999)}] {words} id={rng.getrandbits(64):016x} ms={rng.randint(1, 900)} n={n}")


def generate(directory, megabytes, seed=11):
    marker = os.path.join(directory, f".complete-{megabytes}")
    if os.path.exists(marker):
        return
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    rng = random.Random(seed)
    target = megabytes * 1_000_000
    written = 0
    n = 0
    while written < target:
        kind = n % 3
        lines = []
        size = 0
        while size < 4_000_000:
            n += 1
            if kind == 0:
                line = sensitive_line(rng) if rng.random() < 0.01 else noise_line(rng, n)
            elif kind == 1:
                value = sensitive_line(rng) if rng.random() < 0.01 else " ".join(rng.choice(WORDS) for _ in range(4))
                line = f"{n},{rng.choice(FIRST)},{rng.randint(18, 90)},{value.replace(',', ' ')},{rng.getrandbits(32)}"
            else:
                value = sensitive_line(rng) if rng.random() < 0.01 else noise_line(rng, n)
                line = json.dumps({"id": n, "user": {"name": rng.choice(FIRST), "note": value},
                                   "tags": [rng.choice(WORDS), rng.choice(WORDS)], "score": rng.random()})
            lines.append(line)
            size += len(line) + 1
        name = [f"logs/app-{n}.log", f"tables/people-{n}.csv", f"events/events-{n}.jsonl"][kind]
        text = "\n".join(lines) + "\n"
        if kind == 1:
            text = "id,name,age,note,code\n" + text
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        written += len(text)
    open(marker, "w").close()


def cpu_run(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    proc = subprocess.run(argv, capture_output=True, text=True)
    wall = time.time() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc, cpu, wall, after.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=1024)
    parser.add_argument("--dir", default="build/bench-scan")
    parser.add_argument("--bin", default="build/release/tripline")
    args = parser.parse_args()
    data = os.path.join(args.dir, "data")
    generate(data, args.mb)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(data) for f in fs
                if not f.startswith("."))
    custom = os.path.join(args.dir, "custom.json")
    with open(custom, "w") as f:
        json.dump(CUSTOM, f)
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []

    proc, cpu, wall, _ = cpu_run(pin + [args.bin, "scan", data, "--identifiers", "ALL", "--custom", custom,
                                       "--format", "json", "--quiet"])
    if proc.returncode != 0:
        sys.exit(f"tripline scan failed: {proc.stderr[-2000:]}")
    findings = json.loads(proc.stdout)
    detections = sum(d["count"] for f in findings for c in f["classificationDetails"]["result"]["sensitiveData"]
                     for d in c["detections"])
    detections += sum(f["classificationDetails"]["result"]["customDataIdentifiers"]["totalCount"] for f in findings)
    mb = total / 1e6
    print(f"data: {mb:.0f} MB in {sum(1 for _, _, fs in os.walk(data) for f in fs if not f.startswith('.'))} files")
    print(f"tripline scan (ALL managed + 10 custom, 1 core): {mb / cpu:.0f} MB per CPU-second "
          f"({cpu:.1f} s CPU, {wall:.1f} s wall), {len(findings)} findings, {detections} detections")

    rg = shutil.which("rg")
    if not rg:
        print("ripgrep: not installed (apt-get install ripgrep)")
        return
    patterns = os.path.join(args.dir, "rg-patterns.txt")
    with open(patterns, "w") as f:
        f.write("\n".join([c["regex"] for c in CUSTOM] + RG_EXTRA) + "\n")
    proc, cpu, wall, _ = cpu_run(pin + [rg, "-j1", "--no-config", "--count-matches", "--no-filename", "-f", patterns,
                                       data])
    matches = sum(int(x) for x in proc.stdout.split())
    print(f"ripgrep 13 -j1 ({len(CUSTOM) + len(RG_EXTRA)} regexes, same files): {mb / cpu:.0f} MB per CPU-second "
          f"({cpu:.1f} s CPU, {wall:.1f} s wall), {matches} matches")


if __name__ == "__main__":
    main()
