"""The bench's verdicts without the page cache: a page passes only within its target,
and PostgreSQL is allowed PG_FACTOR times the SQLite worker time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        import config
        import report

        yield config, report
    finally:
        sys.path.remove(str(BENCH))


def results(config, vendor: str, worker_ms: float, ratio: float) -> dict:
    urls = [{"path": p, "ratio": ratio} for p in config.UNCACHED_RATIO_TARGETS]
    breakdown = [
        {"name": p, "path": p, "worker_ms": worker_ms, "queries": 1, "sql_ms": 0.1, "other_ms": 1}
        for p in config.WORKER_MS_TARGETS
    ]
    return {
        "data": {"database": {"vendor": vendor}},
        "runs": {"uncached": {"urls": urls}},
        "breakdown": breakdown,
    }


def test_pages_within_their_targets_pass(bench):
    config, report = bench
    checks = report.judge_uncached(results(config, "sqlite", 0.5, 0.9))
    assert checks and all(c["pass"] for c in checks)


def test_a_slow_page_or_a_low_ratio_fails(bench):
    config, report = bench
    slow = report.judge_uncached(results(config, "sqlite", 50.0, 0.9))
    assert [c["what"] for c in slow if not c["pass"]] == ["worker ms"] * len(
        config.WORKER_MS_TARGETS
    )
    low = report.judge_uncached(results(config, "sqlite", 0.5, 0.01))
    assert {c["what"] for c in low if not c["pass"]} == {"× livez"}


def test_postgresql_is_allowed_its_factor(bench):
    config, report = bench
    home = config.WORKER_MS_TARGETS["/"]
    between = home * (1 + config.PG_FACTOR) / 2  # over the SQLite target, under PG's
    on_sqlite = report.judge_uncached(results(config, "sqlite", between, 0.9))
    on_pg = report.judge_uncached(results(config, "postgresql", between, 0.9))
    assert not next(c for c in on_sqlite if c["path"] == "/" and c["what"] == "worker ms")["pass"]
    assert next(c for c in on_pg if c["path"] == "/" and c["what"] == "worker ms")["pass"]


def test_a_slower_machine_grows_the_worker_targets_by_its_livez_never_shrinks_them(bench):
    config, report = bench
    advice = "/advies/resultaat/?effort=medium&reason=B&place=province:utrecht"
    target = config.WORKER_MS_TARGETS[advice]

    def verdict(livez_ms: float, worker_ms: float) -> dict:
        data = results(config, "sqlite", worker_ms, 0.9)
        data["breakdown"].append(
            {"name": "livez", "path": "/livez", "worker_ms": livez_ms, "queries": 0}
        )
        checks = report.judge_uncached(data)
        return next(c for c in checks if c["path"] == advice and c["what"] == "worker ms")

    three_times_slower = config.REFERENCE_LIVEZ_MS * 3
    assert verdict(three_times_slower, target * 2.5)["pass"]
    assert not verdict(three_times_slower, target * 3.5)["pass"]
    faster = config.REFERENCE_LIVEZ_MS / 2
    assert not verdict(faster, target * 1.1)["pass"]  # a faster machine keeps the target
    assert verdict(faster, target * 0.9)["pass"]


def test_a_slower_machine_grows_the_p99_target_by_its_livez_throughput(bench):
    config, report = bench

    def cached(livez_rps: float, page_p99: float) -> list[dict]:
        urls = [
            {"path": "/livez", "name": "livez", "rps": livez_rps, "ratio": 1.0, "errors": 0},
            {
                "path": "/",
                "name": "home",
                "rps": livez_rps,
                "ratio": 1.0,
                "p99_ms": page_p99,
                "errors": 0,
            },
        ]
        return report.judge({"urls": urls})

    half_speed = config.REFERENCE_LIVEZ_RPS / 2
    assert cached(half_speed, config.TARGET_P99_MS * 1.9)[0]["pass"]
    assert not cached(half_speed, config.TARGET_P99_MS * 2.1)[0]["pass"]
    twice_as_fast = config.REFERENCE_LIVEZ_RPS * 2
    assert not cached(twice_as_fast, config.TARGET_P99_MS * 1.1)[0]["pass"]
