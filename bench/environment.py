"""What the bench runs on: its own database, the settings the server sees, the machine."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from config import EXAMPLES, INSTITUTIONS, ROOT, WORK, BenchError, log


def bench_env(*, page_cache: str | None) -> dict[str, str]:
    """The environment of every process: the bench database, production-like flags."""
    env = dict(os.environ)
    # Under `make bench` these describe the outer make; the `make -n run` the bench asks
    # for its server command must not inherit its jobserver or its level.
    for name in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(name, None)
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
        "granian": version("granian"),
        "django_ninja": version("django-ninja"),
        "wrk": _wrk_version(wrk.stdout + wrk.stderr),
    }
