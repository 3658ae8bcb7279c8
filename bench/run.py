"""Load benchmark of Samen werkt!: gunicorn as `make run` serves it, wrk on localhost.

1. Prepares the bench database (``DATABASE_URL``, else ``var/bench/bench.sqlite3``):
   migrate, load_handbook, and bench/generate.py's 10,000 examples and institutions.
2. Cached run (PAGE_CACHE_SECONDS unset, the default): starts gunicorn with 2 workers on
   a free port of 127.0.0.1, checks every URL answers 200, warms up, then runs
   ``wrk -t2 -c16 -d15s --latency`` on each URL; then the SOAK, mixed traffic over all
   URLs for BENCH_SOAK_SECONDS (default 180) with a Lua script that counts statuses.
3. Uncached run (PAGE_CACHE_SECONDS=0): the same per-URL measurements, no soak.
4. Writes bench/results/<UTC timestamp>.json and .md, and bench/results/latest.md.

Exit status: 0 when the soak had no errors (missed targets are reported, not fatal),
1 when the soak saw a non-2xx response or a socket error, 2 when the bench could not
run (no wrk, the server did not start, a URL did not answer 200).

Traffic goes to 127.0.0.1 only, and every wrk run is bounded in time.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # never anything but loopback

URLS = [
    ("livez (baseline)", "/livez"),
    ("home", "/"),
    ("form page", "/vormen/praktijkopdrachten-stages/"),
    ("advisor result", "/advies/resultaat/?effort=medium&reason=B&place=province:utrecht"),
    ("institution finder", "/onderwijsinstellingen/?place=region:noord-west&level=MBO"),
    ("API advice", "/api/v1/advice?effort=low&reasons=A,C"),
]
SOAK_EXTRA = [
    ("examples page 2", "/voorbeelden/?form=5&page=2"),
    ("API forms", "/api/v1/forms"),
]
BASELINE = "/livez"

# Targets, judged on the cached run (the configuration that is deployed).
TARGET_RATIO = 0.5
TARGET_P99_MS = 25.0


def env_int(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        sys.exit(f"{name} must be an integer number of seconds/units, got {raw!r}")
    if value < minimum:
        sys.exit(f"{name} must be at least {minimum}, got {value}")
    return value


DURATION = env_int("BENCH_DURATION", 15)
SOAK_SECONDS = env_int("BENCH_SOAK_SECONDS", 180)
CONNECTIONS = env_int("BENCH_CONNECTIONS", 16)
THREADS = env_int("BENCH_THREADS", 2)
WARMUP = env_int("BENCH_WARMUP", 3)
# Before each measurement wait (at most this long) for a quiet machine: other processes
# using less than BENCH_IDLE_MAX_PCT % of all CPUs over two seconds. 0 disables.
IDLE_WAIT = env_int("BENCH_IDLE_WAIT", 60, minimum=0)
IDLE_MAX_PCT = env_int("BENCH_IDLE_MAX_PCT", 15, minimum=1)
# wrk gives up on a response after this long (gunicorn's worker timeout is 30 s).
WRK_TIMEOUT = 30
WORKERS = env_int("BENCH_WORKERS", 2)
EXAMPLES = env_int("BENCH_EXAMPLES", 10_000, minimum=0)
INSTITUTIONS = env_int("BENCH_INSTITUTIONS", 10_000, minimum=0)


class BenchError(Exception):
    """The bench could not run (not a measurement result)."""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- environment ------------------------------------------------------------------


def bench_env(*, page_cache: str | None) -> dict[str, str]:
    """The environment of every process: the bench database, production-like flags."""
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["SQLITE_PATH"] = env.get("SQLITE_PATH") or str(WORK / "bench.sqlite3")
    env["DEBUG"] = "false"
    env.pop("PAGE_CACHE_SECONDS", None)
    if page_cache is not None:
        env["PAGE_CACHE_SECONDS"] = page_cache
    env.setdefault("DJANGO_SETTINGS_MODULE", "samenwerkt.settings")
    return env


def run_quiet(cmd: list[str], env: dict[str, str], timeout: int = 900) -> str:
    done = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def prepare_database() -> dict:
    env = bench_env(page_cache=None)
    log("preparing the bench database (migrate, load_handbook, generate)")
    started = time.monotonic()
    out = run_quiet(
        [
            sys.executable,
            str(ROOT / "bench" / "generate.py"),
            "--examples",
            str(EXAMPLES),
            "--institutions",
            str(INSTITUTIONS),
            "--json",
        ],
        env,
    )
    result = json.loads(out.strip().splitlines()[-1])
    result["seconds"] = round(time.monotonic() - started, 1)
    # The hashed-manifest static storage needs collectstatic (cheap when up to date).
    run_quiet([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    log(
        f"data: {result['examples']} examples, {result['institutions']} institutions, "
        f"{result['listings']} listings ({'generated' if result['generated'] else 'reused'}, "
        f"{result['seconds']} s) on {result['database']['version']}"
    )
    return result


def served_settings(page_cache: str | None) -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'PAGE_CACHE_SECONDS': s.PAGE_CACHE_SECONDS, "
        "'CONN_MAX_AGE': s.CONN_MAX_AGE, 'DEBUG': s.DEBUG, "
        "'CACHE': s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], "
        "'ENGINE': s.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}))"
    )
    out = run_quiet(
        [sys.executable, "manage.py", "shell", "-c", code], bench_env(page_cache=page_cache)
    )
    return json.loads(out.strip().splitlines()[-1])


def _wrk_version(text: str) -> str:
    line = text.splitlines()[0] if text.strip() else "wrk ?"
    return line.split(" Copyright")[0].strip()


def machine() -> dict:
    def first(pattern: str, path: str) -> str:
        try:
            match = re.search(pattern, Path(path).read_text(), re.M)
        except OSError:
            return "unknown"
        return match.group(1).strip() if match else "unknown"

    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    mem_kb = first(r"^MemTotal:\s+(\d+)", "/proc/meminfo")
    return {
        "uname": subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip(),
        "cpu_model": first(r"^model name\s*:\s*(.+)$", "/proc/cpuinfo"),
        "nproc": int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()),
        "mem_total": f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else mem_kb,
        "loadavg_at_start": Path("/proc/loadavg").read_text().split()[:3],
        "python": platform.python_version(),
        "django": version("Django"),
        "gunicorn": version("gunicorn"),
        "django_ninja": version("django-ninja"),
        "wrk": _wrk_version(wrk.stdout + wrk.stderr),
    }


# --- the server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def _gunicorn_has_control_socket() -> bool:
    """gunicorn ≥ 25 opens a control socket; older releases know no such flag."""
    out = subprocess.run(
        [str(BIN / "gunicorn"), "--help"], capture_output=True, text=True, check=False
    ).stdout
    return "--no-control-socket" in out


class Server:
    """gunicorn as `make run` starts it (gunicorn.conf.py), on a free loopback port."""

    def __init__(self, *, mode: str, page_cache: str | None):
        self.mode = mode
        self.env = bench_env(page_cache=page_cache)
        self.port = free_port()
        self.log_path = WORK / f"gunicorn-{mode}.log"
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        cmd = [
            str(BIN / "gunicorn"),
            "samenwerkt.wsgi",
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(WORKERS),
            "--access-logfile",
            "/dev/null",
        ]
        if _gunicorn_has_control_socket():
            # The control socket's default path is shared by every gunicorn of the user;
            # the bench's servers must not take it from another one on this machine.
            cmd.append("--no-control-socket")
        log(f"[{self.mode}] starting {' '.join(cmd[1:])}")
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"gunicorn exited at start; see {self.log_path}")
            try:
                if (
                    fetch(self.port, BASELINE, timeout=2)[0] == 200
                    and len(self.workers()) >= WORKERS
                ):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer {BASELINE} within 60 s; see {self.log_path}")

    def workers(self) -> list[int]:
        """The master's children, from /proc."""
        if self.proc is None:
            return []
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                children.append(int(stat.parent.name))
        return sorted(children)

    def memory(self) -> dict:
        def status(pid: int) -> dict[str, int]:
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                return {}
            values = dict(re.findall(r"^(VmHWM|VmRSS):\s+(\d+) kB", text, re.M))
            return {k: int(v) for k, v in values.items()}

        workers = {pid: status(pid) for pid in self.workers()}
        master = status(self.proc.pid) if self.proc else {}
        return {
            "master": {"pid": self.proc.pid if self.proc else None, **_mib(master)},
            "workers": [{"pid": pid, **_mib(values)} for pid, values in workers.items()],
            "peak_worker_hwm_mib": max(
                (v.get("VmHWM", 0) / 1024 for v in workers.values()), default=0.0
            ),
        }

    def stop(self) -> dict:
        """Stop the master we started (SIGTERM, then SIGKILL) and sum up its log."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if hasattr(self, "_log"):
            self._log.close()
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return {
            "log": str(self.log_path.relative_to(ROOT)),
            "tracebacks": text.count("Traceback (most recent call last)"),
            "worker_timeouts": text.count("WORKER TIMEOUT"),
            "server_errors_logged": len(re.findall(r"Internal Server Error", text)),
        }


def _mib(values: dict[str, int]) -> dict[str, float]:
    return {f"{k}_mib": round(v / 1024, 1) for k, v in values.items()}


# --- CPU accounting ---------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")
NPROC = os.cpu_count() or 1


def _busy_jiffies() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    # user nice system idle iowait irq softirq steal ...: all but idle and iowait
    return sum(fields[:3]) + sum(fields[5:8])


def _process_jiffies(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


class CpuMeter:
    """Splits the machine's CPU time over a span into the server's, wrk's and others'.

    Other processes on the machine (another test suite, a build) make the figures
    worse; the report shows how much CPU they took during every measurement.
    """

    def __init__(self, server: Server | None):
        self.server = server

    def __enter__(self):
        self.pids = ([self.server.proc.pid, *self.server.workers()]) if self.server else []
        self.t0 = time.monotonic()
        self.busy0 = _busy_jiffies()
        self.ours0 = _process_jiffies(self.pids)
        times = os.times()
        self.children0 = (times.children_user + times.children_system) * CLK_TCK
        return self

    def __exit__(self, *exc):
        elapsed = max(time.monotonic() - self.t0, 1e-6)
        capacity = elapsed * CLK_TCK * NPROC
        busy = _busy_jiffies() - self.busy0
        server = _process_jiffies(self.pids) - self.ours0
        times = os.times()
        load = (times.children_user + times.children_system) * CLK_TCK - self.children0
        self.result = {
            "server_pct": round(100 * server / capacity, 1),
            "wrk_pct": round(100 * load / capacity, 1),
            "others_pct": round(max(busy - server - load, 0) / capacity * 100, 1),
        }
        return False


def wait_for_quiet(label: str) -> dict:
    """Wait (bounded) until other processes leave the CPUs mostly idle."""
    deadline = time.monotonic() + IDLE_WAIT
    waited = 0.0
    while True:
        with CpuMeter(None) as meter:
            time.sleep(2)
        others = meter.result["others_pct"]
        if others <= IDLE_MAX_PCT or time.monotonic() >= deadline:
            if waited:
                log(f"    waited {waited:.0f} s for a quiet machine before {label}")
            if others > IDLE_MAX_PCT:
                log(f"    machine still busy ({others} % CPU by others) — measuring anyway")
            return {"waited_s": round(waited), "others_pct_before": others}
        waited += 2


# --- wrk ----------------------------------------------------------------------------

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SIZE = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> dict:
    """Figures from wrk's text report (with --latency)."""
    result: dict = {"raw": output}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", output):
        result["rps"] = float(m.group(1))
    else:
        raise BenchError(f"wrk printed no Requests/sec:\n{output}")
    if m := re.search(r"^\s+Latency\s+(\S+)\s+(\S+)\s+(\S+)", output, re.M):
        result["avg_ms"] = _ms(m.group(1))
        result["max_ms"] = _ms(m.group(3))
    for pct in ("50", "75", "90", "99"):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M):
            result[f"p{pct}_ms"] = _ms(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+\w+), ([\d.]+)(\w+) read", output):
        result["requests"] = int(m.group(1))
        result["seconds"] = _ms(m.group(2)) / 1000
        result["bytes_read"] = int(float(m.group(3)) * SIZE.get(m.group(4), 1))
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    if m := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors = dict(zip(errors, map(int, m.groups()), strict=True))
    result["socket_errors"] = errors
    # wrk itself counts status >= 400 here; the soak's Lua script counts every non-2xx.
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non2xx"] = int(m.group(1)) if m else 0
    result["errors"] = result["non2xx"] + sum(errors.values())
    return result


def wrk(
    server: Server, path: str, seconds: int, *, script: Path | None = None, latency: bool = True
) -> dict:
    url = server.base + path
    if not url.startswith(f"http://{HOST}:"):
        raise BenchError(f"refusing to load-test anything but {HOST}: {url}")
    cmd = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout"]
    cmd.append(f"{WRK_TIMEOUT}s")
    if latency:
        cmd.append("--latency")
    if script:
        cmd += ["-s", str(script)]
    cmd.append(url)
    with CpuMeter(server) as meter:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=seconds + WRK_TIMEOUT + 60, check=False
        )
    if done.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed:\n{done.stdout}\n{done.stderr}")
    result = parse_wrk(done.stdout)
    result["cpu"] = meter.result
    result["drain_s"] = drain(server)
    return result


def drain(server: Server, limit: float = 180.0) -> float:
    """Wait until the workers have worked off what wrk left queued when it stopped.

    Sync workers go on answering the connections still in the listen backlog after wrk
    has gone; measuring the next URL before that would measure this one's leftovers.
    """
    started = time.monotonic()
    while time.monotonic() - started < limit:
        t0 = time.monotonic()
        try:
            status = fetch(server.port, BASELINE, timeout=limit)[0]
        except OSError:
            status = 0
        if status == 200 and time.monotonic() - t0 < 0.05:
            break
        time.sleep(0.1)
    return round(time.monotonic() - started, 1)


SOAK_LUA = r"""
-- Cycles through the paths; counts responses by status class in every thread.
local threads = {}
local paths = {PATHS}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = offset
  s2, s3, s4, s5, other = 0, 0, 0, 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end

function response(status, headers, body)
  if status >= 200 and status < 300 then s2 = s2 + 1
  elseif status >= 300 and status < 400 then s3 = s3 + 1
  elseif status >= 400 and status < 500 then s4 = s4 + 1
  elseif status >= 500 and status < 600 then s5 = s5 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s5 = 0, other = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("BENCH_STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d other=%d\n",
    t.s2, t.s3, t.s4, t.s5, t.other))
end
"""


def soak_script(paths: list[str]) -> Path:
    lua_paths = ", ".join(json.dumps(p) for p in paths)  # JSON strings are valid Lua here
    path = WORK / "soak.lua"
    path.write_text(SOAK_LUA.replace("{PATHS}", lua_paths))
    return path


# --- the runs -----------------------------------------------------------------------


def check_urls(server: Server, urls) -> list[dict]:
    """Every URL must answer 200 before it is measured (wrk alone ignores 3xx)."""
    seen = []
    for name, path in urls:
        status, headers, body = fetch(server.port, path, timeout=WRK_TIMEOUT)
        if status != 200:
            raise BenchError(f"[{server.mode}] {path} answered {status}, not 200")
        again = fetch(server.port, path, timeout=WRK_TIMEOUT)
        seen.append(
            {
                "name": name,
                "path": path,
                "bytes": len(body),
                "page_cache": [headers.get("x-page-cache", "-"), again[1].get("x-page-cache", "-")],
            }
        )
    return seen


def measure(server: Server, urls) -> list[dict]:
    checked = {c["path"]: c for c in check_urls(server, urls)}
    log(f"[{server.mode}] warming up ({WARMUP} s per URL)")
    for _name, path in urls:
        wrk(server, path, WARMUP, latency=False)
    rows = []
    for name, path in urls:
        quiet = wait_for_quiet(path) if IDLE_WAIT else {}
        log(f"[{server.mode}] wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s {path}")
        figures = wrk(server, path, DURATION)
        raw = figures.pop("raw")
        row = {"name": name, "path": path, **checked[path], **figures, "quiet": quiet}
        row["wrk_output"] = raw
        rows.append(row)
        log(
            f"    {figures['rps']:.0f} req/s, p50 {figures.get('p50_ms', 0):.2f} ms, "
            f"p99 {figures.get('p99_ms', 0):.2f} ms, errors {figures['errors']}, "
            f"CPU server/wrk/others {figures['cpu']['server_pct']}/{figures['cpu']['wrk_pct']}/"
            f"{figures['cpu']['others_pct']} %, drained in {figures['drain_s']} s"
        )
    base = next(r for r in rows if r["path"] == BASELINE)["rps"]
    for row in rows:
        row["ratio"] = round(row["rps"] / base, 3) if base else 0.0
    return rows


def soak(server: Server) -> dict:
    paths = [p for _n, p in URLS + SOAK_EXTRA]
    check_urls(server, SOAK_EXTRA)
    script = soak_script(paths)
    rss_before = server.memory()
    log(f"[{server.mode}] SOAK: {SOAK_SECONDS} s of mixed traffic over {len(paths)} URLs")
    if IDLE_WAIT:
        wait_for_quiet("the soak")
    figures = wrk(server, "/", SOAK_SECONDS, script=script)
    raw = figures.pop("raw")
    m = re.search(r"BENCH_STATUS 2xx=(\d+) 3xx=(\d+) 4xx=(\d+) 5xx=(\d+) other=(\d+)", raw)
    if not m:
        raise BenchError(f"the soak script printed no status counts:\n{raw}")
    statuses = dict(zip(("2xx", "3xx", "4xx", "5xx", "other"), map(int, m.groups()), strict=True))
    non2xx = statuses["3xx"] + statuses["4xx"] + statuses["5xx"] + statuses["other"]
    socket_errors = sum(figures["socket_errors"].values())
    rss_after = server.memory()
    result = {
        "seconds": SOAK_SECONDS,
        "paths": paths,
        **figures,
        "statuses": statuses,
        "non2xx": non2xx,
        "errors": non2xx + socket_errors,
        "rss_before": rss_before,
        "rss_after": rss_after,
        "wrk_output": raw,
    }
    log(
        f"    soak: {figures['requests']} requests, {figures['rps']:.0f} req/s, "
        f"p99 {figures.get('p99_ms', 0):.2f} ms, non-2xx {non2xx}, socket errors {socket_errors}"
    )
    return result


def run_mode(mode: str, page_cache: str | None, *, with_soak: bool) -> dict:
    server = Server(mode=mode, page_cache=page_cache)
    result: dict = {"mode": mode, "page_cache_env": page_cache or "unset (settings default)"}
    try:
        server.start()
        result["settings"] = served_settings(page_cache)
        result["urls"] = measure(server, URLS)
        if with_soak:
            result["soak"] = soak(server)
        result["memory"] = server.memory()
    finally:
        result["server"] = server.stop()
    return result


def judge(cached: dict) -> list[dict]:
    verdicts = []
    for row in cached["urls"]:
        if row["path"] == BASELINE:
            continue
        checks = {
            "throughput": row["ratio"] >= TARGET_RATIO,
            "p99": row.get("p99_ms", float("inf")) <= TARGET_P99_MS,
            "errors": row["errors"] == 0,
        }
        verdicts.append(
            {"path": row["path"], "name": row["name"], **checks, "pass": all(checks.values())}
        )
    return verdicts


# --- reports ------------------------------------------------------------------------


def _fmt_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def url_table(rows: list[dict], verdicts: dict[str, dict] | None) -> list[str]:
    head = (
        "| page | path | bytes | req/s | × livez | p50 ms | p75 ms | p99 ms | non-2xx "
        "| socket err | CPU server / wrk / others % |"
    )
    sep = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    if verdicts is not None:
        head += " target |"
        sep += "---|"
    lines = [head, sep]
    for r in rows:
        sock = sum(r["socket_errors"].values())
        cpu = r["cpu"]
        line = (
            f"| {r['name']} | `{r['path']}` | {r['bytes']:,} | {r['rps']:,.0f} | {r['ratio']:.2f} "
            f"| {_fmt_ms(r.get('p50_ms'))} | {_fmt_ms(r.get('p75_ms'))} "
            f"| {_fmt_ms(r.get('p99_ms'))} | {r['non2xx']} | {sock} "
            f"| {cpu['server_pct']:.0f} / {cpu['wrk_pct']:.0f} / {cpu['others_pct']:.0f}"
            f"{' ⚠ noisy' if cpu['others_pct'] > IDLE_MAX_PCT else ''} |"
        )
        if verdicts is not None:
            v = verdicts.get(r["path"])
            if v is None:
                line += " baseline |"
            else:
                missed = [k for k in ("throughput", "p99", "errors") if not v[k]]
                line += " PASS |" if v["pass"] else f" **FAIL** ({', '.join(missed)}) |"
        lines.append(line)
    return lines


def memory_lines(memory: dict) -> list[str]:
    workers = ", ".join(
        f"pid {w['pid']}: peak {w.get('VmHWM_mib', 0)} MiB (now {w.get('VmRSS_mib', 0)} MiB)"
        for w in memory["workers"]
    )
    return [
        f"- workers: {workers}",
        f"- master: peak {memory['master'].get('VmHWM_mib', 0)} MiB",
    ]


def markdown(report: dict) -> str:
    m = report["machine"]
    db = report["data"]["database"]
    c = report["config"]
    cached, uncached = report["runs"]["cached"], report["runs"].get("uncached")
    verdicts = {v["path"]: v for v in report["targets"]["pages"]}
    lines = [
        f"# Benchmark {report['timestamp']}",
        "",
        f"**Targets (cached run): {'PASS' if report['targets']['pass'] else 'FAIL'}** — "
        f"every public page ≥ {TARGET_RATIO} × the throughput of `/livez` and p99 ≤ "
        f"{TARGET_P99_MS:g} ms at {c['connections']} connections, with 0 errors.  ",
        f"**Soak: {'PASS' if report['soak_pass'] else 'FAIL'}** — "
        f"{report['runs']['cached']['soak']['requests']:,} requests in {c['soak_seconds']} s, "
        f"{report['runs']['cached']['soak']['errors']} errors.",
        "",
        "## Machine",
        "",
        f"- `{m['uname']}`",
        f"- CPU: {m['cpu_model']}, nproc {m['nproc']}, memory {m['mem_total']}, "
        f"load average at start {' '.join(m['loadavg_at_start'])}",
        f"- Python {m['python']}, Django {m['django']}, django-ninja {m['django_ninja']}, "
        f"gunicorn {m['gunicorn']}, {m['wrk']}",
        f"- database: {db['version']} ({db['vendor']}, `{db['where']}`)",
        f"- data: {report['data']['examples']:,} examples, {report['data']['institutions']:,} "
        f"institutions, {report['data']['listings']:,} listings",
        "",
        "## Set-up",
        "",
        f"- `gunicorn samenwerkt.wsgi -c gunicorn.conf.py --workers {c['workers']} "
        "--access-logfile /dev/null` on 127.0.0.1 (sync workers, preloaded app, DEBUG off)",
        f"- `wrk -t{c['threads']} -c{c['connections']} -d{c['duration']}s --latency` per URL, "
        f"after {c['warmup']} s of warm-up per URL; wrk and gunicorn share the same "
        f"{m['nproc']} CPUs",
        f"- served settings (cached run): {cached['settings']}",
        "",
        "## Cached run (PAGE_CACHE_SECONDS default)",
        "",
        *url_table(cached["urls"], verdicts),
        "",
    ]
    noisy = [
        r["path"]
        for run in report["runs"].values()
        for r in run["urls"]
        if r["cpu"]["others_pct"] > IDLE_MAX_PCT
    ]
    if noisy:
        lines += [
            f"⚠ {len(noisy)} measurement(s) ran while other processes took more than "
            f"{IDLE_MAX_PCT} % of the CPUs; their figures understate the app.",
            "",
        ]
    missed = [v for v in report["targets"]["pages"] if not v["pass"]]
    if missed:
        lines += ["Missed targets:", ""]
        for v in missed:
            row = next(r for r in cached["urls"] if r["path"] == v["path"])
            why = []
            if not v["throughput"]:
                why.append(f"throughput {row['ratio']:.2f} × livez < {TARGET_RATIO}")
            if not v["p99"]:
                why.append(f"p99 {row.get('p99_ms', 0):.2f} ms > {TARGET_P99_MS:g} ms")
            if not v["errors"]:
                why.append(f"{row['errors']} errors")
            lines.append(f"- `{v['path']}`: {'; '.join(why)}")
        lines.append("")
    s = cached["soak"]
    lines += [
        "## Soak (cached)",
        "",
        f"- {s['seconds']} s, mixed traffic cycling over {len(s['paths'])} paths: "
        + ", ".join(f"`{p}`" for p in s["paths"]),
        f"- {s['requests']:,} requests, {s['rps']:,.0f} req/s, p50 {_fmt_ms(s.get('p50_ms'))} ms, "
        f"p99 {_fmt_ms(s.get('p99_ms'))} ms, max {_fmt_ms(s.get('max_ms'))} ms",
        f"- statuses: {s['statuses']}; socket errors: {s['socket_errors']}",
        f"- **errors: {s['errors']}** ({'PASS' if s['errors'] == 0 else 'FAIL'})",
        "- worker memory before the soak: "
        + ", ".join(f"{w.get('VmRSS_mib', 0)} MiB" for w in s["rss_before"]["workers"])
        + "; after: "
        + ", ".join(f"{w.get('VmRSS_mib', 0)} MiB" for w in s["rss_after"]["workers"]),
        "",
        "## Memory (cached run, after the soak; VmHWM of the master's children)",
        "",
        *memory_lines(cached["memory"]),
        f"- server log: {cached['server']}",
        "",
    ]
    if uncached:
        lines += [
            "## Uncached run (PAGE_CACHE_SECONDS=0), for reference",
            "",
            *url_table(uncached["urls"], None),
            "",
            *memory_lines(uncached["memory"]),
            f"- server log: {uncached['server']}",
            "",
        ]
    lines += [
        "CPU is the share of all CPUs over the measurement taken by the gunicorn master and "
        "workers, by wrk, and by every other process on the machine (noise: anything above a "
        "few % there makes the figures worse than the app is). "
        "Ratios are to `/livez` in the same run. wrk counts statuses ≥ 400 as non-2xx; "
        "every URL is checked for a 200 before it is measured, and the soak's Lua script "
        "counts every status outside 2xx.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk (or run `make bench`)", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    report: dict = {
        "timestamp": stamp,
        "machine": machine(),
        "config": {
            "duration": DURATION,
            "soak_seconds": SOAK_SECONDS,
            "connections": CONNECTIONS,
            "threads": THREADS,
            "warmup": WARMUP,
            "workers": WORKERS,
            "targets": {"ratio_to_livez": TARGET_RATIO, "p99_ms": TARGET_P99_MS},
        },
        "runs": {},
    }
    try:
        report["data"] = prepare_database()
        report["runs"]["cached"] = run_mode("cached", None, with_soak=True)
        if os.environ.get("BENCH_UNCACHED", "1") != "0":
            report["runs"]["uncached"] = run_mode("uncached", "0", with_soak=False)
    except BenchError as exc:
        print(f"\nBENCH ERROR: {exc}", file=sys.stderr)
        return 2

    pages = judge(report["runs"]["cached"])
    report["targets"] = {"pages": pages, "pass": all(p["pass"] for p in pages)}
    report["soak_pass"] = report["runs"]["cached"]["soak"]["errors"] == 0

    text = markdown(report)
    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"{stamp}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)
    print("\n" + text)
    print(f"results: bench/results/{stamp}.json, bench/results/{stamp}.md, bench/results/latest.md")
    if not report["targets"]["pass"]:
        missed = ", ".join(p["path"] for p in pages if not p["pass"])
        print(f"TARGETS MISSED (not fatal): {missed}")
    if not report["soak_pass"]:
        print("SOAK FAILED: errors during the soak (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
