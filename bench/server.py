"""The server under load: granian exactly as `make run` starts it, on a free loopback port.

The command is the last recipe line of `make -n run` (the Makefile's APP_SERVER), so a
change of server or flags in the Makefile is what the bench measures. Two things
differ, both on purpose: the host and a free port (and WORKERS from BENCH_WORKERS) are
given to make, and the access log is switched off, so the bench measures the app and
not the writing of a log line per request.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path

from config import BASELINE, HOST, ROOT, WORK, WORKERS, BenchError, log
from environment import bench_env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    """One GET on a fresh connection: status, headers (lower-case names), body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def make_run_command(port: int, env: dict[str, str]) -> list[str]:
    """`make run`'s server command for this port, with the access log switched off."""
    done = subprocess.run(
        [
            "make",
            "-n",
            "--no-print-directory",
            "run",
            f"HOST={HOST}",
            f"PORT={port}",
            f"WORKERS={WORKERS}",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise BenchError(f"`make -n run` failed:\n{done.stdout}\n{done.stderr}")
    cmd = shlex.split(done.stdout.strip().splitlines()[-1])
    # The bench only ever loads loopback: refuse a command that listens elsewhere.
    if not (_flag(cmd, "--host") == HOST and _flag(cmd, "--port") == str(port)):
        raise BenchError(f"`make -n run` did not end with a server on {HOST}:{port}: {cmd}")
    if "--access-log" in cmd:
        cmd[cmd.index("--access-log")] = "--no-access-log"
    elif "--no-access-log" not in cmd:
        cmd.append("--no-access-log")
    return cmd


def _flag(cmd: list[str], name: str) -> str | None:
    return cmd[cmd.index(name) + 1] if name in cmd and cmd.index(name) + 1 < len(cmd) else None


def children(pid: int) -> list[int]:
    """The direct children of ``pid``, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _status_kib(pid: int) -> dict[str, int]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    values = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", text, re.M))
    return {k: int(v) for k, v in values.items()}


def _mib(values: dict[str, int]) -> dict[str, float]:
    return {f"{k}_mib": round(v / 1024, 1) for k, v in values.items()}


class Server:
    """granian's main process and its workers, in a process group of their own."""

    def __init__(self, *, mode: str, page_cache: str | None):
        self.mode = mode
        self.env = bench_env(page_cache=page_cache)
        self.port = free_port()
        self.log_path = WORK / f"granian-{mode}.log"
        self.cmd = make_run_command(self.port, self.env)
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def command(self) -> str:
        """The command as run, with the virtualenv's path left out for reading."""
        return shlex.join([Path(self.cmd[0]).name, *self.cmd[1:]])

    def start(self) -> None:
        log(f"[{self.mode}] starting {self.command}")
        with self.log_path.open("w") as out:
            # A session of its own: stop() signals the whole group (main and workers)
            # by this process's id and touches nothing else on the machine.
            self.proc = subprocess.Popen(
                self.cmd,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"granian exited at start; see {self.log_path}")
            try:
                # Every worker must be up, or the first measurement pays for the start.
                if (
                    fetch(self.port, BASELINE, timeout=2)[0] == 200
                    and len(self.workers()) >= WORKERS
                ):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"granian did not answer {BASELINE} within 60 s; see {self.log_path}")

    def workers(self) -> list[int]:
        """granian's worker processes: the children of its main process."""
        return children(self.proc.pid) if self.proc is not None else []

    def pids(self) -> list[int]:
        return [self.proc.pid, *self.workers()] if self.proc is not None else []

    def memory(self) -> dict:
        workers = {pid: _status_kib(pid) for pid in self.workers()}
        main = _status_kib(self.proc.pid) if self.proc else {}
        return {
            "main": {"pid": self.proc.pid if self.proc else None, **_mib(main)},
            "workers": [{"pid": pid, **_mib(values)} for pid, values in workers.items()],
            "peak_worker_hwm_mib": max(
                (v.get("VmHWM", 0) / 1024 for v in workers.values()), default=0.0
            ),
        }

    def stop(self) -> dict:
        """Stop the process group we started (SIGTERM, then SIGKILL); sum up its log."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                # SIGTERM is granian's graceful stop: workers finish what they hold.
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                log(f"[{self.mode}] granian did not stop within 20 s: SIGKILL")
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return {
            "log": str(self.log_path.relative_to(ROOT)),
            "tracebacks": text.count("Traceback (most recent call last)"),
            "server_errors_logged": len(re.findall(r"Internal Server Error", text)),
            # With --respawn-failed-workers a crash would otherwise go unnoticed.
            "worker_crashes": text.count("Unexpected exit from worker"),
            "workers_killed_at_stop": text.count("refused to gracefully stop"),
        }
