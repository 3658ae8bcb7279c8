"""The DATABASES entry that settings.py builds from its (environment-read) values.

Only the construction lives here, so settings.py stays the one place where settings
are read and named; the why of each connection option stays next to it.
"""

from __future__ import annotations

from typing import Any

import dj_database_url


def database(
    url: str,
    *,
    sqlite_path: str,
    conn_max_age: int,
    connect_timeout: int,
    statement_timeout_ms: int,
    lock_timeout_ms: int,
) -> dict[str, Any]:
    """The "default" database: PostgreSQL (or another) from `url`, else SQLite."""
    if url:
        config: dict[str, Any] = dict(
            dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        )
        if config["ENGINE"].endswith("postgresql"):
            # Fail fast when the database is away: a visitor gets the 503 page in
            # seconds instead of a worker hanging on a dead connection.
            # TCP keepalives and a user timeout also end a connection to a host that
            # went silent (a network partition), which connect_timeout alone does not.
            config.setdefault("OPTIONS", {}).update(
                {
                    "connect_timeout": connect_timeout,
                    "keepalives": 1,
                    "keepalives_idle": 5,
                    "keepalives_interval": 2,
                    "keepalives_count": 2,
                    "tcp_user_timeout": connect_timeout * 1000,
                    "options": (
                        f"-c statement_timeout={statement_timeout_ms}"
                        f" -c lock_timeout={lock_timeout_ms}"
                    ),
                }
            )
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sqlite_path,
        # Reuse the connection: opening one (and its PRAGMAs) per request costs more
        # than a cached page.
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
            # lock at BEGIN so two writers queue instead of deadlocking; the timeout
            # (seconds) is how long a writer waits for the lock.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
