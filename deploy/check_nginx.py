"""Check deploy/nginx.conf for real, in front of the app as `make run` starts it.

1. A self-signed certificate for the placeholder name, in a temporary directory.
2. A copy of deploy/nginx.conf with the placeholders replaced (loopback addresses and
   unprivileged ports, that certificate, the temporary STATIC_ROOT), wrapped in a
   minimal main config, and ``nginx -t`` on it.
3. The app (the `make run` command line on a free port, its own SQLite database) and
   nginx (in the temporary prefix, as this user), then: the HTTP redirect and health
   probe, a page and a hashed static file over HTTPS, a too-large body, and a normal
   client's timings while 4 and 32 slow-header plus as many idle connections are open.

Run as ``.venv/bin/python deploy/check_nginx.py``; needs nginx and openssl (Debian's).
Prints the findings and writes bench/results/serving-nginx-<UTC timestamp>.md.
Exit status 1 when nginx -t fails or a check does not give the expected answer.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from serving import (
    HOST,
    ROOT,
    SERVER_NAME,
    SLOW_SCENARIOS,
    Loris,
    Server,
    fetch,
    fmt_times,
    free_port,
    header,
    machine,
    make_run_command,
    prepare,
    require,
    slow_clients,
    write,
)

HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")


def site_config(tmp: Path, app_port: int, http_port: int, tls_port: int) -> str:
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in [
        (r"listen \[::\]:.*;\n", ""),  # loopback only
        (r"listen 443 ", f"listen {HOST}:{tls_port} "),
        (r"listen 80 ", f"listen {HOST}:{http_port} "),
        (r"server 127\.0\.0\.1:8000", f"server {HOST}:{app_port}"),
        (r"/etc/letsencrypt/live/[^/]+/fullchain\.pem", str(tmp / "cert.pem")),
        (r"/etc/letsencrypt/live/[^/]+/privkey\.pem", str(tmp / "key.pem")),
        (r"root /srv/samenwerkt/var;", f"root {tmp};"),
    ]:
        site, count = re.subn(old, new, site)
        if not count:
            sys.exit(f"deploy/nginx.conf no longer contains {old!r}: update this check")
    return site


def main_config(tmp: Path) -> Path:
    """A main nginx.conf that keeps everything (pid, logs, temp files) in ``tmp``."""
    path = tmp / "nginx.conf"
    temp = "".join(f" {kind}_temp_path {tmp}/{kind};\n" for kind in ("client_body", "proxy"))
    temp += "".join(f" {kind}_temp_path {tmp}/{kind};\n" for kind in ("fastcgi", "uwsgi", "scgi"))
    path.write_text(
        f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n{temp}"
        f" include {tmp}/site.conf;\n}}\n"
    )
    return path


def answer(label: str, call, expect: int, header_name: str = "") -> tuple[str, bool]:
    try:
        response = call()
    except (OSError, http.client.HTTPException) as exc:
        return f"{label} → {type(exc).__name__}: {exc} (expected {expect})", False
    extra = f", {header_name}: {response.getheader(header_name)}" if header_name else ""
    return f"{label} → {response.status}{extra}", response.status == expect


def check(tmp: Path) -> tuple[list[str], bool]:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={SERVER_NAME}", "-keyout", str(tmp / "key.pem"),
         "-out", str(tmp / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    # nginx's workers run as another user (nobody) when started as root: let them read
    # the static files (the key stays 0600; only the master process reads it).
    tmp.chmod(0o755)
    app_port, http_port, tls_port = free_port(), free_port(), free_port()
    (tmp / "site.conf").write_text(site_config(tmp, app_port, http_port, tls_port))
    nginx = ["nginx", "-p", f"{tmp}/", "-c", str(main_config(tmp)), "-e", str(tmp / "error.log")]
    test = subprocess.run([*nginx, "-t"], capture_output=True, text=True)
    lines = [f"`nginx -t` exit {test.returncode}: {test.stderr.strip().splitlines()[-1]}"]
    if test.returncode:
        return [*lines, "", "```", test.stderr, "```"], False
    # The app as in production (deploy/example.env): HTTPS enforced, X-Forwarded-Proto
    # believed, only our name allowed. A wrong header from nginx shows up as a redirect
    # loop or a 400 below.
    env = prepare(tmp) | {
        "PRODUCTION": "true",
        "SECRET_KEY": os.urandom(32).hex(),
        "ALLOWED_HOSTS": SERVER_NAME,
        "CSRF_TRUSTED_ORIGINS": f"https://{SERVER_NAME}",
        "SITE_URL": f"https://{SERVER_NAME}",
        "TRUSTED_PROXIES": HOST,
    }
    server = Server(make_run_command(app_port), env, app_port, tmp / "app.log")
    proxy = subprocess.Popen(
        [*nginx, "-g", "daemon off;"], start_new_session=True, stderr=subprocess.DEVNULL
    )
    ok = True
    try:
        time.sleep(1.0)
        static = tmp / "static"
        css = next(p for p in static.rglob("*.css") if HASHED.search(p.name))
        checks = [
            ("http `/advies/`", lambda: fetch(http_port, "/advies/"), 301, "Location"),
            ("http `/livez`, Host: 127.0.0.1 (a probe)", lambda: fetch(http_port, "/livez"), 200),
            ("http `/healthz`, Host: 127.0.0.1", lambda: fetch(http_port, "/healthz"), 200),
            ("http `/api/v1/forms`", lambda: fetch(http_port, "/api/v1/forms"), 403),
            ("https `/`", lambda: fetch(tls_port, "/", tls=True, host=SERVER_NAME), 200, "HSTS"),
            (
                f"https `/static/{css.relative_to(static)}`",
                lambda: fetch(tls_port, f"/static/{css.relative_to(static)}", tls=True,
                              host=SERVER_NAME),
                200,
                "Cache-Control",
            ),
            (
                "https POST of 2 MB",
                lambda: fetch(tls_port, "/advies/", tls=True, host=SERVER_NAME, body=b"x" * 2**21),
                413,
            ),
        ]  # fmt: skip
        for label, call, expect, *name in checks:
            name = {"HSTS": "Strict-Transport-Security"}.get(name[0], name[0]) if name else ""
            line, good = answer(label, call, expect, name)
            lines.append(line if good else f"**FAILED** {line}")
            ok &= good
        for slow in SLOW_SCENARIOS:
            data = slow_clients(tls_port, slow, tls=True)
            times = data["times"]
            good = all(t is not None and t < 1.0 for ts in times.values() for t in ts)
            ok &= good
            lines.append(
                f"{'' if good else '**FAILED** '}{slow} slow-header + {slow} idle connections "
                f"on the HTTPS port: `/livez` {fmt_times(times['/livez'])}, "
                f"`/` {fmt_times(times['/'])}; nginx closed {data['reopened']} of them"
            )
        # client_header_timeout at work: both are cut off (and counted as reopened).
        start = time.monotonic()
        with Loris(tls_port, 1, 1, interval=0.5, tls=True) as loris:
            while loris.reopened < 2 and time.monotonic() - start < 30:
                time.sleep(0.5)
        good = loris.reopened >= 2
        ok &= good
        lines.append(
            f"{'' if good else '**FAILED** '}a slow-header and an idle connection: closed by "
            f"nginx after {time.monotonic() - start:.1f} s ({loris.reopened} of 2)"
        )
    finally:
        os.killpg(proxy.pid, signal.SIGQUIT)
        proxy.wait(timeout=15)
        server.stop()
    return lines, ok


def main() -> int:
    require("nginx", "openssl", "make")
    with tempfile.TemporaryDirectory(prefix="nginx-check-") as name:
        lines, ok = check(Path(name))
    text = header(machine())
    text += ["", "## deploy/nginx.conf in front of `make run` (HTTPS with a self-signed cert)"]
    text += ["", *[f"- {line}" for line in lines]]
    write("\n".join(text) + "\n", suffix="nginx-")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
