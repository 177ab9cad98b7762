"""Starts and stops a real `tripline serve` for integration tests (free port, temp data dir)."""
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import zlib

BIN = os.environ.get("TRIPLINE_BIN", os.path.join(os.path.dirname(__file__), "../../build/release/tripline"))


def outbox_payload(value) -> str:
    """An outbox row's payload as text: long payloads are stored as a 4-byte little-endian length
    and raw DEFLATE (src/storage/outbox_payload.h), short ones as TEXT."""
    if isinstance(value, bytes):
        text = zlib.decompress(value[4:], -15)
        assert len(text) == int.from_bytes(value[:4], "little"), "outbox payload length"
        return text.decode("utf-8")
    return value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args, timeout=30, input_text=None):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout,
                          input=input_text)


class Server:
    def __init__(self, data_dir=None, config=None, extra_args=()):
        self._tmp = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="tripline-it-")
            data_dir = os.path.join(self._tmp.name, "var")
        self.data_dir = data_dir
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        args = [BIN, "serve", "--data-dir", data_dir, "--listen", f"127.0.0.1:{self.port}"]
        if config:
            args += ["--config", config]
        args += list(extra_args)
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout = ""
        self.stderr = ""

    def wait_ready(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise RuntimeError(f"tripline exited with {self.proc.returncode}: {err}")
            try:
                with urllib.request.urlopen(self.endpoint + "/_tripline/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("tripline did not become ready")

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        out, err = self.proc.communicate(timeout=timeout)
        self.stdout += out
        self.stderr += err
        return self.proc.returncode

    def __enter__(self):
        self.wait_ready()
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()
        if self._tmp:
            self._tmp.cleanup()
