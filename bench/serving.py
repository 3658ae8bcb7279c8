"""Which app server survives slow clients? A bounded measurement on 127.0.0.1.

For each candidate set-up (gunicorn sync as before, gunicorn gthread, granian WSGI):
  a) wrk -t2 -c16 for BENCH_SECONDS (default 10) on /livez, / and an advisor result,
     with the page cache on (as deployed) and off (PAGE_CACHE_SECONDS=0);
  b) with 4 and with 32 slow-header connections (one byte every 2 s, never finishing
     the headers) plus as many idle ones (connected, silent) open, the time a normal
     client needs for /livez and /;
  c) the RSS of the server's processes.
``--make-run`` measures only (b) against the server exactly as ``make run`` starts it.
deploy/check_nginx.py checks deploy/nginx.conf in front of the app with the same tools.

Prints a table and writes bench/results/serving-<UTC timestamp>.md with the machine.
    .venv/bin/python bench/serving.py [--only granian,gunicorn] [--make-run]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from clients import HOST, PROBE_TIMEOUT, SERVER_NAME, Loris, fetch, probe, slow_clients  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ADVICE = "/advies/resultaat/?effort=medium&reason=B"
WRK_URLS = [("/livez", True), ("/", True), (ADVICE, True), ("/", False), (ADVICE, False)]
SLOW_SCENARIOS = [4, 32]


def candidates(port: int) -> dict[str, list[str]]:
    # gunicorn as it was configured before granian (its gunicorn.conf.py): the app
    # loaded once in the master, 30 s worker timeout, 5 s keep-alive.
    gunicorn = [str(BIN / "gunicorn"), "samenwerkt.wsgi", "--preload", "--timeout", "30"]
    gunicorn += ["--graceful-timeout", "10", "--keep-alive", "5", "--error-logfile", "-"]
    gunicorn += ["-b", f"{HOST}:{port}", "--workers", "2", "--no-control-socket"]
    gunicorn += ["--access-logfile", "/dev/null"]
    granian = [str(BIN / "granian"), "--interface", "wsgi", "samenwerkt.wsgi:application"]
    granian += ["--host", HOST, "--port", str(port), "--workers", "2", "--no-access-log"]
    granian += ["--http", "1", "--http1-header-read-timeout", "10000"]
    return {
        "gunicorn sync 2w (before)": [*gunicorn, "--worker-class", "sync", "--threads", "1"],
        "gunicorn gthread 2w x 16t": [*gunicorn, "--worker-class", "gthread", "--threads", "16"],
        "granian wsgi 2w x 8bt": [*granian, "--blocking-threads", "8"],
        "granian wsgi 2w x 16bt": [*granian, "--blocking-threads", "16"],
    }


def make_run_command(port: int) -> list[str]:
    """The server command of `make run` (its last recipe line), for this port."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", "run", f"HOST={HOST}", f"PORT={port}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return shlex.split(out.strip().splitlines()[-1])


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text(), re.M)
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    nginx = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    return {
        "cores": str(os.cpu_count()),
        "CPU": model.group(1) if model else "?",
        "RAM": f"{int(mem.group(1)) / 1024**2:.1f} GiB" if mem else "?",
        "kernel": platform.release(),
        "load average at the start": Path("/proc/loadavg").read_text().split(" ")[0],
        "Python": platform.python_version(),
        "gunicorn": metadata.version("gunicorn"),
        "granian": metadata.version("granian"),
        "Django": metadata.version("Django"),
        "wrk": wrk.split("[")[0].strip(),
        "nginx": nginx.strip().split("/")[-1],
    }


def prepare(tmp: Path, page_cache: bool = True) -> dict[str, str]:
    """The environment of a server on its own SQLite database with the handbook loaded."""
    drop = ("DATABASE_URL", "DEBUG", "BIND", "PRODUCTION", "PAGE_CACHE_SECONDS")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(VAR_DIR=str(tmp), SQLITE_PATH=f"{tmp}/db.sqlite3", STATIC_ROOT=f"{tmp}/static")
    env.update(ALLOWED_HOSTS=f"{HOST},localhost,{SERVER_NAME}")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    steps = [["migrate", "--noinput"], ["load_handbook"], ["collectstatic", "--noinput"]]
    for args in [] if (tmp / "db.sqlite3").exists() else steps:
        cmd = [sys.executable, "manage.py", *args, "--verbosity", "0"]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=300, stdout=subprocess.DEVNULL)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A server process group on a free port; stopped by its own process group id."""

    def __init__(self, cmd: list[str], env: dict[str, str], port: int, log: Path):
        self.port, self.log = port, log
        with log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{log.read_text()[-3000:]}")
            try:  # any answer will do: the settings may refuse this Host
                fetch(port, "/livez", timeout=1.0)
                return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not answer:\n{log.read_text()[-3000:]}")

    def rss_mib(self) -> tuple[float, int]:
        """Total RSS of the process tree and the number of processes."""
        parents: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                parents[int(stat.parent.name)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
        tree, grew = {self.proc.pid}, True
        while grew:
            more = {pid for pid, ppid in parents.items() if ppid in tree} - tree
            tree |= more
            grew = bool(more)
        total = 0
        for pid in tree:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                total += int(re.search(r"VmRSS:\s*(\d+)", status).group(1))
            except (OSError, AttributeError):
                continue
        return total / 1024, len(tree)

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass


def wrk(port: int, path: str) -> dict:
    url = f"http://{HOST}:{port}{path}"
    subprocess.run(["wrk", "-t2", "-c16", "-d2s", url], capture_output=True)  # warm-up
    cmd = ["wrk", "-t2", "-c16", f"-d{SECONDS}s", "--timeout", "5s", "--latency", url]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS + 30).stdout
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = re.search(r"Socket errors: (.*)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p99": float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"),
        "errors": " ".join(
            filter(None, [errors and errors.group(1), non2xx and f"non-2xx {non2xx.group(1)}"])
        ),
    }


def cache_state(port: int, path: str) -> str:
    """The page cache's verdict after wrk ran: "hit", or "n/a" for what it never stores."""
    return fetch(port, path).getheader("X-Page-Cache") or "n/a"


def fmt_times(values: list) -> str:
    ok = [v for v in values if v is not None]
    worst = f"max {max(ok) * 1000:.0f} ms" if ok else "—"
    return f"{len(ok)}/{len(values)} ok, {worst}"


def measure(name: str, cmd_for, tmp: Path, slow_only: bool = False) -> dict:
    result: dict = {"name": name, "wrk": [], "slow": {}}
    for cached in (True, False):
        if slow_only and not cached:
            break
        env, port = prepare(tmp, page_cache=cached), free_port()
        server = Server(cmd_for(port), env, port, tmp / f"{name.split()[0]}.log")
        try:
            if not slow_only:
                for path, want_cached in WRK_URLS:
                    if want_cached == cached:
                        row = wrk(port, path)
                        row.update(path=path, cache=cache_state(port, path) if cached else "off")
                        result["wrk"].append(row)
                        print(f"  {name}: {path} cache={row['cache']} {row}", flush=True)
            if cached:
                result["rss"] = server.rss_mib()
                for slow in SLOW_SCENARIOS:
                    result["slow"][slow] = slow_clients(port, slow)
                    print(f"  {name}: {slow} slow {result['slow'][slow]}", flush=True)
        finally:
            server.stop()
    return result


def header(facts: dict[str, str]) -> list[str]:
    lines = ["# Serving under slow clients", "", f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC."]
    return [*lines, "", "| machine | |", "|---|---|", *[f"| {k} | {v} |" for k, v in facts.items()]]


def report(facts: dict, rows: list[dict]) -> str:
    lines = header(facts)
    if any(row["wrk"] for row in rows):
        lines += ["", f"## Throughput: wrk -t2 -c16 -d{SECONDS}s", ""]
        lines += [
            "| server | URL | page cache | req/s | p99 ms | errors |",
            "|---|---|---|---|---|---|",
        ]
    for row in rows:
        for w in row["wrk"]:
            lines.append(
                f"| {row['name']} | `{w['path']}` | {w['cache']} | {w['rps']:.0f} "
                f"| {w['p99']:.1f} | {w['errors'] or '—'} |"
            )
    lines += ["", f"## A normal client while slow clients are open (probe ≤ {PROBE_TIMEOUT:.0f} s)"]
    lines += ["", "N slow-header connections (1 byte / 2 s) + N idle ones; 5 probes per URL."]
    lines += ["", "| server | N | `/livez` | `/` | loris reopened | RSS MiB (procs) |"]
    lines += ["|---|---|---|---|---|---|"]
    for row in rows:
        rss = row.get("rss")
        for slow, data in row["slow"].items():
            t = data["times"]
            lines.append(
                f"| {row['name']} | {slow} | {fmt_times(t['/livez'])} | {fmt_times(t['/'])} "
                f"| {data['reopened']} | {f'{rss[0]:.0f} ({rss[1]})' if rss else ''} |"
            )
    return "\n".join(lines) + "\n"


def write(text: str, suffix: str = "") -> None:
    print(text)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ROOT / "bench" / "results" / f"serving-{suffix}{stamp}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"written: {out.relative_to(ROOT)}")


def require(*tools: str) -> None:
    for tool in tools:
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing (Debian: apt-get install {tool})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated name prefixes of the candidates")
    parser.add_argument("--make-run", action="store_true", help="slow clients vs `make run`")
    args = parser.parse_args()
    require("wrk", "make")
    rows = []
    with tempfile.TemporaryDirectory(prefix="serving-bench-") as name:
        tmp = Path(name)
        if args.make_run:
            rows.append(measure("make run", make_run_command, tmp, slow_only=True))
        for label in [] if args.make_run else candidates(0):
            if args.only and not any(label.startswith(p) for p in args.only.split(",")):
                continue
            rows.append(measure(label, lambda port, k=label: candidates(port)[k], tmp))
    write(report(machine(), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
