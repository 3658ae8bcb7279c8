"""Load benchmark of Samen werkt!: granian as `make run` serves it, wrk on localhost.

1. Prepares the bench database (``DATABASE_URL``, else ``var/bench/bench.sqlite3``):
   migrate, load_handbook, and bench/generate.py's 10,000 examples and institutions.
2. Cached run (PAGE_CACHE_SECONDS unset, the default): starts `make run`'s granian
   command on a free port of 127.0.0.1, checks every URL answers 200, warms up, checks
   the page cache answers hits, then runs ``wrk -t2 -c16 -d15s --latency`` on each URL;
   then the SOAK, mixed traffic over all URLs for BENCH_SOAK_SECONDS (default 180)
   with a Lua script that counts statuses.
3. Uncached run (PAGE_CACHE_SECONDS=0): the same per-URL measurements, no soak.
4. Writes bench/results/<UTC timestamp>.json and .md, and bench/results/latest.md.

Exit status: 0 when the soak had no errors (missed targets are reported, not fatal),
1 when the soak saw a non-2xx response or a socket error, 2 when the bench could not
run (no wrk, the server did not start, a URL did not answer 200).

The parts: config.py (URLs, targets, knobs), environment.py (database, settings,
machine), server.py (granian), cpu.py (CPU accounting), wrk.py (load and its figures),
report.py (verdicts and results files). Traffic goes to 127.0.0.1 only, and every wrk
run is bounded in time.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from datetime import UTC, datetime

import report
from config import (
    BASELINE,
    CONNECTIONS,
    DURATION,
    IDLE_WAIT,
    RESULTS,
    SOAK_EXTRA,
    SOAK_SECONDS,
    TARGET_P99_MS,
    TARGET_RATIO,
    THREADS,
    UNCACHED,
    URLS,
    WARMUP,
    WORK,
    WORKERS,
    WRK_TIMEOUT,
    BenchError,
    log,
)
from cpu import wait_for_quiet
from environment import bench_env, machine, prepare_database, run_quiet, served_settings
from server import Server, fetch
from wrk import run_wrk, soak_counts, soak_script

# Requests per URL, each on a fresh connection, that ask the warm server whether the
# page cache answers: enough to reach every worker more than once, whose caches are
# their own (LocMemCache) unless Redis is configured.
CACHE_PROBES = 4 * WORKERS


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


def cache_probe(server: Server, path: str) -> dict[str, int]:
    """How the page cache answers ``path`` once warm: X-Page-Cache values, counted."""
    seen: Counter[str] = Counter()
    for _ in range(CACHE_PROBES):
        seen[fetch(server.port, path, timeout=WRK_TIMEOUT)[1].get("x-page-cache", "-")] += 1
    return dict(seen)


def measure(server: Server, urls) -> list[dict]:
    checked = {c["path"]: c for c in check_urls(server, urls)}
    log(f"[{server.mode}] warming up ({WARMUP} s per URL)")
    for _name, path in urls:
        run_wrk(server, path, WARMUP, latency=False)
    warm = {path: cache_probe(server, path) for _name, path in urls}
    log(
        f"[{server.mode}] X-Page-Cache after the warm-up: "
        + ", ".join(f"{path} {report.cache_summary(warm[path])}" for _n, path in urls)
    )
    rows = []
    for name, path in urls:
        quiet = wait_for_quiet(path) if IDLE_WAIT else {}
        log(f"[{server.mode}] wrk -t{THREADS} -c{CONNECTIONS} -d{DURATION}s {path}")
        figures = run_wrk(server, path, DURATION)
        raw = figures.pop("raw")
        row = {"name": name, "path": path, **checked[path], "page_cache_warm": warm[path]}
        row.update(figures, quiet=quiet, wrk_output=raw)
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
    figures = run_wrk(server, "/", SOAK_SECONDS, script=script)
    raw = figures.pop("raw")
    statuses, page_cache = soak_counts(raw)
    non2xx = statuses["3xx"] + statuses["4xx"] + statuses["5xx"] + statuses["other"]
    socket_errors = sum(figures["socket_errors"].values())
    result = {
        "seconds": SOAK_SECONDS,
        "paths": paths,
        **figures,
        "statuses": statuses,
        "page_cache": page_cache,
        "non2xx": non2xx,
        "errors": non2xx + socket_errors,
        "rss_before": rss_before,
        "rss_after": server.memory(),
        "wrk_output": raw,
    }
    log(
        f"    soak: {figures['requests']} requests, {figures['rps']:.0f} req/s, "
        f"p99 {figures.get('p99_ms', 0):.2f} ms, non-2xx {non2xx}, "
        f"socket errors {socket_errors}, X-Page-Cache {page_cache}"
    )
    return result


def run_mode(mode: str, page_cache: str | None, *, with_soak: bool) -> dict:
    server = Server(mode=mode, page_cache=page_cache)
    result: dict = {
        "mode": mode,
        "page_cache_env": page_cache or "unset (settings default)",
        "server_command": server.command,
    }
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


def breakdown() -> list[dict]:
    """The in-process cost of each page without the page cache (bench/breakdown.py)."""
    log("in-process breakdown without the page cache (worker ms, queries, SQL ms)")
    if IDLE_WAIT:
        wait_for_quiet("the breakdown")
    out = run_quiet(
        [sys.executable, str(WORK.parent.parent / "bench" / "breakdown.py"), "--json"],
        bench_env(page_cache="0"),
    )
    rows = json.loads(out.strip().splitlines()[-1])
    for row in rows:
        log(
            f"    {row['path']}: {row['worker_ms']} ms, {row['queries']} queries, "
            f"SQL {row['sql_ms']} ms"
        )
    return rows


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk (or run `make bench`)", file=sys.stderr)
        return 2
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results: dict = {
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
        results["data"] = prepare_database()
        results["runs"]["cached"] = run_mode("cached", None, with_soak=True)
        if UNCACHED:
            results["runs"]["uncached"] = run_mode("uncached", "0", with_soak=False)
            results["breakdown"] = breakdown()
    except BenchError as exc:
        print(f"\nBENCH ERROR: {exc}", file=sys.stderr)
        return 2

    cached = results["runs"]["cached"]
    pages = report.judge(cached)
    results["targets"] = {"pages": pages, "pass": all(p["pass"] for p in pages)}
    if UNCACHED:
        uncached = report.judge_uncached(results)
        results["uncached_targets"] = {
            "checks": uncached,
            "pass": all(c["pass"] for c in uncached),
        }
    results["soak_pass"] = cached["soak"]["errors"] == 0

    print("\n" + report.write(results))
    print(f"results: bench/results/{stamp}.json, bench/results/{stamp}.md, bench/results/latest.md")
    if cold := report.not_cache_hits(cached):
        print(f"NOT CACHE HITS (not fatal): {', '.join(r['path'] for r in cold)}")
    if not results["targets"]["pass"]:
        missed = ", ".join(p["path"] for p in pages if not p["pass"])
        print(f"TARGETS MISSED (not fatal): {missed}")
    if UNCACHED and not results["uncached_targets"]["pass"]:
        missed = ", ".join(
            c["path"] for c in results["uncached_targets"]["checks"] if not c["pass"]
        )
        print(f"UNCACHED TARGETS MISSED (not fatal): {missed}")
    if not results["soak_pass"]:
        print("SOAK FAILED: errors during the soak (see above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
