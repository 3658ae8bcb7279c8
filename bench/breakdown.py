"""In-process cost of each page without the page cache: worker time per request, the
number of queries, the time spent in SQL and the rest (view, template, middleware).

Runs Django in this process against the bench database (DATABASE_URL, else
SQLITE_PATH, else var/bench/bench.sqlite3; run.py prepares it and calls this with its
own environment) through the test client, DEBUG off, PAGE_CACHE_SECONDS=0. Each
page is asked WARM times first, then timed over ROUNDS requests; the median is
reported. Query timings come from a connection wrapper (execute_wrapper), which
costs a little itself, so SQL ms is measured in a separate pass from the worker time.

    .venv/bin/python bench/breakdown.py            # table on stdout
    .venv/bin/python bench/breakdown.py --json     # for run.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM = 20
ROUNDS = 200


def _setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenwerkt.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}")
    os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


class SqlTimer:
    """A connection execute wrapper that adds up the time spent in SQL."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def reset(self) -> None:
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


def measure(paths: list[tuple[str, str]], rounds: int = ROUNDS) -> list[dict]:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for name, path in paths:
        for _ in range(WARM):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - start)
        timer = SqlTimer()
        sql = []
        with connection.execute_wrapper(timer):
            for _ in range(max(1, rounds // 4)):
                timer.reset()
                client.get(path)
                sql.append((timer.count, timer.seconds))
        worker = statistics.median(times) * 1000
        sql_ms = statistics.median(seconds for _count, seconds in sql) * 1000
        rows.append(
            {
                "name": name,
                "path": path,
                "worker_ms": round(worker, 2),
                "queries": sql[-1][0],
                "sql_ms": round(sql_ms, 2),
                "other_ms": round(max(worker - sql_ms, 0.0), 2),
            }
        )
    return rows


def main() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from config import URLS

    _setup()
    rows = measure(URLS)
    if "--json" in sys.argv:
        print(json.dumps(rows))
        return
    print("| page | worker ms | queries | SQL ms | rest ms |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        cells = (r["name"], r["worker_ms"], r["queries"], r["sql_ms"], r["other_ms"])
        print("| " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
