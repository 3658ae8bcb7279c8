"""The bench's verdicts and results files: <UTC timestamp>.json and .md, and latest.md."""

from __future__ import annotations

import json

from config import (
    BASELINE,
    IDLE_MAX_PCT,
    PG_FACTOR,
    REFERENCE_LIVEZ_MS,
    REFERENCE_LIVEZ_RPS,
    RESULTS,
    TARGET_P99_MS,
    TARGET_RATIO,
    UNCACHED_RATIO_TARGETS,
    WORKER_MS_TARGETS,
)


def p99_target(run: dict) -> float:
    """TARGET_P99_MS, grown on a machine slower than the reference by how much fewer
    requests /livez served than there (never shrunk)."""
    livez = next((r for r in run["urls"] if r["path"] == BASELINE), None)
    rps = livez.get("rps") if livez else None
    if not rps:
        return TARGET_P99_MS
    return round(TARGET_P99_MS * max(1.0, REFERENCE_LIVEZ_RPS / rps), 1)


def judge(cached: dict) -> list[dict]:
    verdicts = []
    p99_limit = p99_target(cached)
    for row in cached["urls"]:
        if row["path"] == BASELINE:
            continue
        checks = {
            "throughput": row["ratio"] >= TARGET_RATIO,
            "p99": row.get("p99_ms", float("inf")) <= p99_limit,
            "errors": row["errors"] == 0,
        }
        verdicts.append(
            {"path": row["path"], "name": row["name"], **checks, "pass": all(checks.values())}
        )
    return verdicts


def machine_factor(breakdown: list[dict]) -> float:
    """How much slower this machine is than the one the worker-ms targets were set on:
    the in-process /livez of this run over REFERENCE_LIVEZ_MS, at least 1."""
    livez = next((r["worker_ms"] for r in breakdown if r["path"] == BASELINE), None)
    if not livez:
        return 1.0
    return max(1.0, round(livez / REFERENCE_LIVEZ_MS, 2))


def judge_uncached(report: dict) -> list[dict]:
    """Without the page cache: each page's share of /livez in the uncached run, and
    its worker time in-process (PostgreSQL may take PG_FACTOR times the SQLite target;
    a slower machine than the reference, its machine_factor times)."""
    factor = PG_FACTOR if report["data"]["database"]["vendor"] == "postgresql" else 1.0
    machine = machine_factor(report["breakdown"])
    checks = []
    rows = {r["path"]: r for r in report["runs"]["uncached"]["urls"]}
    for path, target in UNCACHED_RATIO_TARGETS.items():
        ratio = rows[path]["ratio"]
        checks.append(
            {
                "path": path,
                "what": "× livez",
                "value": ratio,
                "target": f"≥ {target:g}",
                "pass": ratio >= target,
            }
        )
    measured = {r["path"]: r for r in report["breakdown"]}
    for path, target_ms in WORKER_MS_TARGETS.items():
        worker = measured[path]["worker_ms"]
        reference = round(target_ms * factor, 2)
        limit = round(reference * machine, 2)
        checks.append(
            {
                "path": path,
                "what": "worker ms",
                "value": worker,
                "target": f"≤ {limit:g}"
                if machine == 1.0
                else f"≤ {reference:g} × {machine:g} = {limit:g}",
                "reference_target": reference,
                "machine_factor": machine,
                "pass": worker <= limit,
            }
        )
    return checks


def breakdown_lines(report: dict) -> list[str]:
    checks = {
        c["path"]: c for c in report["uncached_targets"]["checks"] if c["what"] == "worker ms"
    }
    lines = [
        "## Without the page cache, in-process (bench/breakdown.py)",
        "",
        "Median worker time per request through Django's test client in one process "
        "(middleware, view, template; no HTTP), the queries a warm process makes, the "
        "time in SQL, and the rest. Targets are set for the reference machine, where "
        f"`/livez` takes {REFERENCE_LIVEZ_MS:g} ms in-process; here it took "
        f"{_livez_ms(report):.2f} ms, so each target is multiplied by "
        f"{machine_factor(report['breakdown']):g} (never less than 1).",
        "",
        "| page | path | worker ms | queries | SQL ms | rest ms | target |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for r in report["breakdown"]:
        check = checks.get(r["path"])
        verdict = (
            "baseline"
            if check is None
            else (f"{check['target']} ms {'PASS' if check['pass'] else '**FAIL**'}")
        )
        lines.append(
            f"| {r['name']} | `{r['path']}` | {r['worker_ms']:.2f} | {r['queries']} "
            f"| {r['sql_ms']:.2f} | {r['other_ms']:.2f} | {verdict} |"
        )
    ratios = [c for c in report["uncached_targets"]["checks"] if c["what"] == "× livez"]
    lines += ["", "Uncached throughput targets (wrk, share of `/livez` in the same run):", ""]
    lines += [
        f"- `{c['path']}`: {c['value']:.2f} × livez, target {c['target']} — "
        f"{'PASS' if c['pass'] else '**FAIL**'}"
        for c in ratios
    ]
    return [*lines, ""]


def _livez_ms(report: dict) -> float:
    return next((r["worker_ms"] for r in report["breakdown"] if r["path"] == BASELINE), 0.0)


def not_cache_hits(run: dict) -> list[dict]:
    """The rows (baseline aside) that were not all cache hits after the warm-up."""
    return [
        r for r in run["urls"] if r["path"] != BASELINE and set(r["page_cache_warm"]) != {"hit"}
    ]


def cache_summary(counts: dict[str, int]) -> str:
    """``hit`` when every probe was a hit, else every value with its share."""
    total = sum(counts.values())
    if len(counts) == 1:
        return next(iter(counts)).replace("-", "–")
    return ", ".join(f"{value} {n}/{total}" for value, n in sorted(counts.items()))


def _fmt_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def url_table(rows: list[dict], verdicts: dict[str, dict] | None) -> list[str]:
    head = (
        "| page | path | bytes | X-Page-Cache | req/s | × livez | p50 ms | p75 ms | p99 ms "
        "| non-2xx | socket err | CPU server / wrk / others % |"
    )
    sep = "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    if verdicts is not None:
        head += " target |"
        sep += "---|"
    lines = [head, sep]
    for r in rows:
        sock = sum(r["socket_errors"].values())
        cpu = r["cpu"]
        line = (
            f"| {r['name']} | `{r['path']}` | {r['bytes']:,} "
            f"| {cache_summary(r['page_cache_warm'])} | {r['rps']:,.0f} | {r['ratio']:.2f} "
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
        f"- main process: peak {memory['main'].get('VmHWM_mib', 0)} MiB",
    ]


def _p99_scaled(cached: dict) -> str:
    limit = p99_target(cached)
    if limit == TARGET_P99_MS:
        return ""
    livez = next(r for r in cached["urls"] if r["path"] == BASELINE)
    return (
        f" (p99 ≤ {limit:g} ms on this machine: `/livez` served {livez['rps']:,.0f} req/s "
        f"here against {REFERENCE_LIVEZ_RPS:,} on the reference machine)"
    )


def _uncached_headline(report: dict) -> list[str]:
    if "uncached_targets" not in report:
        return []
    verdict = "PASS" if report["uncached_targets"]["pass"] else "FAIL"
    return [
        f"**Targets without the page cache: {verdict}** — worker time per page in-process "
        "and throughput shares of `/livez` (see below).  "
    ]


def _header(report: dict) -> list[str]:
    m = report["machine"]
    db = report["data"]["database"]
    c = report["config"]
    cached = report["runs"]["cached"]
    return [
        f"# Benchmark {report['timestamp']}",
        "",
        f"**Targets (cached run): {'PASS' if report['targets']['pass'] else 'FAIL'}** — "
        f"every public page ≥ {TARGET_RATIO} × the throughput of `/livez` and p99 ≤ "
        f"{TARGET_P99_MS:g} ms at {c['connections']} connections, with 0 errors"
        f"{_p99_scaled(cached)}.  ",
        *_uncached_headline(report),
        f"**Soak: {'PASS' if report['soak_pass'] else 'FAIL'}** — "
        f"{cached['soak']['requests']:,} requests in {c['soak_seconds']} s, "
        f"{cached['soak']['errors']} errors.",
        "",
        "## Machine",
        "",
        f"- `{m['uname']}`",
        f"- CPU: {m['cpu_model']}, nproc {m['nproc']}, memory {m['mem_total']}, "
        f"load average at start {' '.join(m['loadavg_at_start'])}",
        f"- Python {m['python']}, Django {m['django']}, django-ninja {m['django_ninja']}, "
        f"granian {m['granian']}, {m['wrk']}",
        f"- database: {db['version']} ({db['vendor']}, `{db['where']}`)",
        f"- data: {report['data']['examples']:,} examples, {report['data']['institutions']:,} "
        f"institutions, {report['data']['listings']:,} listings",
        "",
        "## Set-up",
        "",
        f"- `{cached['server_command']}` — `make run`'s command (the last line of "
        "`make -n run`) on a free port of 127.0.0.1, access log off, DEBUG off",
        f"- `wrk -t{c['threads']} -c{c['connections']} -d{c['duration']}s --latency` per URL, "
        f"after {c['warmup']} s of warm-up per URL; wrk and granian share the same "
        f"{m['nproc']} CPUs",
        f"- served settings (cached run): {cached['settings']}",
        "",
    ]


def _noise_and_misses(report: dict) -> list[str]:
    lines = []
    cached = report["runs"]["cached"]
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
    cold = not_cache_hits(cached)
    if cold:
        lines += ["⚠ Not page-cache hits after the warm-up (the cached run measures more):", ""]
        lines += [f"- `{r['path']}`: {cache_summary(r['page_cache_warm'])}" for r in cold]
        lines.append("")
    missed = [v for v in report["targets"]["pages"] if not v["pass"]]
    if missed:
        lines += ["Missed targets:", ""]
        for v in missed:
            row = next(r for r in cached["urls"] if r["path"] == v["path"])
            why = []
            if not v["throughput"]:
                why.append(f"throughput {row['ratio']:.2f} × livez < {TARGET_RATIO}")
            if not v["p99"]:
                why.append(f"p99 {row.get('p99_ms', 0):.2f} ms > {p99_target(cached):g} ms")
            if not v["errors"]:
                why.append(f"{row['errors']} errors")
            lines.append(f"- `{v['path']}`: {'; '.join(why)}")
        lines.append("")
    return lines


def _soak_and_memory(cached: dict) -> list[str]:
    s = cached["soak"]
    return [
        "## Soak (cached)",
        "",
        f"- {s['seconds']} s, mixed traffic cycling over {len(s['paths'])} paths: "
        + ", ".join(f"`{p}`" for p in s["paths"]),
        f"- {s['requests']:,} requests, {s['rps']:,.0f} req/s, p50 {_fmt_ms(s.get('p50_ms'))} ms, "
        f"p99 {_fmt_ms(s.get('p99_ms'))} ms, max {_fmt_ms(s.get('max_ms'))} ms",
        f"- statuses: {s['statuses']}; socket errors: {s['socket_errors']}",
        f"- X-Page-Cache: {s['page_cache']} (`/livez` is never cached: it counts as none)",
        f"- **errors: {s['errors']}** ({'PASS' if s['errors'] == 0 else 'FAIL'})",
        "- worker memory before the soak: "
        + ", ".join(f"{w.get('VmRSS_mib', 0)} MiB" for w in s["rss_before"]["workers"])
        + "; after: "
        + ", ".join(f"{w.get('VmRSS_mib', 0)} MiB" for w in s["rss_after"]["workers"]),
        "",
        "## Memory (cached run, after the soak; VmHWM of granian's workers)",
        "",
        *memory_lines(cached["memory"]),
        f"- server log: {cached['server']}",
        "",
    ]


def markdown(report: dict) -> str:
    cached, uncached = report["runs"]["cached"], report["runs"].get("uncached")
    verdicts = {v["path"]: v for v in report["targets"]["pages"]}
    lines = [
        *_header(report),
        "## Cached run (PAGE_CACHE_SECONDS default)",
        "",
        *url_table(cached["urls"], verdicts),
        "",
        *_noise_and_misses(report),
        *_soak_and_memory(cached),
    ]
    if uncached:
        lines += [
            "## Uncached run (PAGE_CACHE_SECONDS=0)",
            "",
            *url_table(uncached["urls"], None),
            "",
            *memory_lines(uncached["memory"]),
            f"- server log: {uncached['server']}",
            "",
            *breakdown_lines(report),
        ]
    lines += [
        "CPU is the share of all CPUs over the measurement taken by granian's main process "
        "and workers, by wrk, and by every other process on the machine (noise: anything "
        "above a few % there makes the figures worse than the app is). "
        "Ratios are to `/livez` in the same run. X-Page-Cache is what the page cache said "
        "to requests on fresh connections after the warm-up (– : no header, the page cache "
        "did not take part). wrk counts statuses ≥ 400 as non-2xx; every URL is checked "
        "for a 200 before it is measured, and the soak's Lua script counts every status "
        "outside 2xx.",
        "",
    ]
    return "\n".join(lines)


def write(report: dict) -> str:
    """Write <stamp>.json, <stamp>.md and latest.md; return the Markdown."""
    text = markdown(report)
    stamp = report["timestamp"]
    (RESULTS / f"{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / f"{stamp}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)
    return text
