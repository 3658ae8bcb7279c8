"""Running wrk against the server and reading its figures.

Traffic goes to 127.0.0.1 only (anything else is refused) and every run is bounded in
time: wrk's own duration, its per-request timeout and a hard limit on the process.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

from config import BASELINE, CONNECTIONS, HOST, THREADS, WORK, WRK_TIMEOUT, BenchError
from cpu import CpuMeter
from server import Server, fetch

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


def run_wrk(
    server: Server, path: str, seconds: int, *, script: Path | None = None, latency: bool = True
) -> dict:
    """wrk on one path of the server: its figures, the CPU split and the drain time."""
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
    with CpuMeter(server.pids) as meter:
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

    Requests granian had already read go on to the workers' threads after wrk has
    gone (slow uncached pages leave a queue); measuring the next URL before that would
    measure this one's leftovers.
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
-- Cycles through the paths; counts responses by status class and by X-Page-Cache.
local threads = {}
local paths = {__PATHS__}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = offset
  s2, s3, s4, s5, other = 0, 0, 0, 0, 0
  hit, miss, stale, none = 0, 0, 0, 0
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
  -- Header names arrive as the server spelled them.
  local cache = headers["x-page-cache"] or headers["X-Page-Cache"]
  if cache == "hit" then hit = hit + 1
  elseif cache == "miss" then miss = miss + 1
  elseif cache == "stale" then stale = stale + 1
  else none = none + 1 end
end

function done(summary, latency, requests)
  local t = {s2 = 0, s3 = 0, s4 = 0, s5 = 0, other = 0, hit = 0, miss = 0, stale = 0, none = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  io.write(string.format("BENCH_STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d other=%d\n",
    t.s2, t.s3, t.s4, t.s5, t.other))
  io.write(string.format("BENCH_PAGE_CACHE hit=%d miss=%d stale=%d none=%d\n",
    t.hit, t.miss, t.stale, t.none))
end
"""


def soak_script(paths: list[str]) -> Path:
    lua_paths = ", ".join(json.dumps(p) for p in paths)  # JSON strings are valid Lua here
    path = WORK / "soak.lua"
    # The placeholder sits inside the table's braces: replacing "{PATHS}" (braces and
    # all) once made `paths` a plain string, and every request went to wrk's own URL.
    path.write_text(SOAK_LUA.replace("__PATHS__", lua_paths))
    return path


def soak_counts(output: str) -> tuple[dict[str, int], dict[str, int]]:
    """The soak script's counts: by status class, and by X-Page-Cache value."""
    m = re.search(r"BENCH_STATUS 2xx=(\d+) 3xx=(\d+) 4xx=(\d+) 5xx=(\d+) other=(\d+)", output)
    c = re.search(r"BENCH_PAGE_CACHE hit=(\d+) miss=(\d+) stale=(\d+) none=(\d+)", output)
    if not (m and c):
        raise BenchError(f"the soak script printed no status counts:\n{output}")
    statuses = dict(zip(("2xx", "3xx", "4xx", "5xx", "other"), map(int, m.groups()), strict=True))
    cache = dict(zip(("hit", "miss", "stale", "none"), map(int, c.groups()), strict=True))
    return statuses, cache
