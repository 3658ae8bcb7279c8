"""What the load benchmark measures and how hard: paths, URLs, targets and the knobs.

Every knob is an environment variable (bench/README.md lists them); a bad value stops
the bench before anything starts.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
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

# Targets without the page cache (what a signed-in visitor, or a URL seen for the first
# time, costs): throughput as a share of /livez in the uncached run, and the worker's
# time per request measured in-process (bench/breakdown.py) on SQLite; PostgreSQL may
# take up to PG_FACTOR times as long.
UNCACHED_RATIO_TARGETS = {
    "/": 0.25,
    "/advies/resultaat/?effort=medium&reason=B&place=province:utrecht": 0.1,
}
WORKER_MS_TARGETS = {
    "/": 2.0,
    "/vormen/praktijkopdrachten-stages/": 3.0,
    "/advies/resultaat/?effort=medium&reason=B&place=province:utrecht": 5.0,
    "/onderwijsinstellingen/?place=region:noord-west&level=MBO": 4.0,
    "/api/v1/advice?effort=low&reasons=A,C": 1.0,
}
PG_FACTOR = 1.6
# The worker-ms targets hold on the machine they were set on (Intel Xeon, 2 cores; run
# 20261201T171453Z), where /livez took this long in-process. Machines here differ up to
# 3.5 x in speed, so on a slower one each target grows by the ratio of its /livez (in
# the same breakdown) to this, never shrinks; the report shows both figures.
REFERENCE_LIVEZ_MS = 0.20
# Likewise the cached p99 target: /livez served this many req/s over HTTP there; on a
# slower machine (fewer req/s for the same trivial view) the p99 target grows with it.
REFERENCE_LIVEZ_RPS = 6299


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
# wrk gives up on a response after this long: granian has no worker timeout of its own,
# so this bounds how long one stuck request can count as "still coming".
WRK_TIMEOUT = 30
# Passed to the Makefile as WORKERS, so the server runs with the same flags otherwise.
WORKERS = env_int("BENCH_WORKERS", 2)
UNCACHED = os.environ.get("BENCH_UNCACHED", "1") != "0"
EXAMPLES = env_int("BENCH_EXAMPLES", 10_000, minimum=0)
INSTITUTIONS = env_int("BENCH_INSTITUTIONS", 10_000, minimum=0)


class BenchError(Exception):
    """The bench could not run (not a measurement result)."""


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
