"""Whose CPU time a measurement took: the server's, wrk's or other processes'.

Other processes on the machine (another test suite, a build) make the figures worse;
the report shows how much CPU they took during every measurement, and the bench waits
(bounded) for a quiet machine before each one.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from config import IDLE_MAX_PCT, IDLE_WAIT, log

CLK_TCK = os.sysconf("SC_CLK_TCK")
NPROC = os.cpu_count() or 1


def _busy_jiffies() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    # user nice system idle iowait irq softirq steal ...: all but idle and iowait
    return sum(fields[:3]) + sum(fields[5:8])


def _process_jiffies(pids: list[int]) -> int:
    # A process's utime and stime include all its threads: granian's Rust runtime and
    # its blocking (Python) threads alike.
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

    ``server_pids`` gives the server's processes (main and workers); wrk is every
    child process this one waited for during the span.
    """

    def __init__(self, server_pids: Callable[[], list[int]] | None):
        self.server_pids = server_pids

    def __enter__(self):
        self.pids = self.server_pids() if self.server_pids else []
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
