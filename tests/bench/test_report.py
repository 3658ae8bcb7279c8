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
