"""A real SMTP server for tests: Debian's aiosmtpd, run under /usr/bin/python3 (the pyenv python3
first on PATH does not have it). Each message received is written to <dir>/<n>.eml.

    sink = SmtpSink(); sink.start(); ...; sink.wait_for(lambda m: ..., timeout=5); sink.stop()
"""
import email
import email.policy
import os
import socket
import subprocess
import sys
import tempfile
import time

SYSTEM_PYTHON = "/usr/bin/python3"

_SERVER = r'''
import asyncio, os, sys
from aiosmtpd.controller import Controller

out_dir, port = sys.argv[1], int(sys.argv[2])
counter = [0]

class Handler:
    async def handle_DATA(self, server, session, envelope):
        counter[0] += 1
        path = os.path.join(out_dir, "%06d.eml" % counter[0])
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"

controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    def __init__(self, port=None):
        self._tmp = tempfile.TemporaryDirectory(prefix="tripline-smtp-")
        self.dir = self._tmp.name
        self.port = port or free_port()
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([SYSTEM_PYTHON, "-c", _SERVER, self.dir, str(self.port)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            err = self.proc.stderr.read()
            raise RuntimeError(f"SMTP sink did not start: {line} {err}")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.stdout.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def messages(self):
        found = []
        for name in sorted(os.listdir(self.dir)):
            if name.endswith(".eml"):
                with open(os.path.join(self.dir, name), "rb") as f:
                    found.append(email.message_from_bytes(f.read(), policy=email.policy.default))
        return found

    def wait_for(self, predicate, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.messages():
                if predicate(m):
                    return m
            time.sleep(0.05)
        subjects = [m["Subject"] for m in self.messages()]
        raise AssertionError(f"no matching e-mail within {timeout} s; got subjects {subjects}")

    def close(self):
        self.stop()
        self._tmp.cleanup()


def body_text(message):
    """The decoded text of a (single-part) message."""
    part = message.get_body(preferencelist=("plain", "html")) or message
    return part.get_content().replace("\r\n", "\n")


if __name__ == "__main__":
    sys.exit("import this module from a test")
