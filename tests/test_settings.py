"""The settings helpers refuse values they cannot parse, instead of guessing."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from samenwerkt.env import env_bool, env_int, env_list


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SW_FLAG", raw)
    assert env_bool("SW_FLAG", not expected) is expected


def test_env_bool_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("SW_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SW_FLAG"):
        env_bool("SW_FLAG", False)


def test_env_int_refuses_words_and_too_small_values(monkeypatch):
    monkeypatch.setenv("SW_N", "many")
    with pytest.raises(ImproperlyConfigured, match="SW_N must be an integer"):
        env_int("SW_N", 1)
    monkeypatch.setenv("SW_N", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SW_N", 1, minimum=0)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("SW_HOSTS", " a.example , b.example,, ")
    assert env_list("SW_HOSTS", []) == ["a.example", "b.example"]
    monkeypatch.delenv("SW_HOSTS")
    assert env_list("SW_HOSTS", ["x"]) == ["x"]


def test_env_url_takes_an_origin_and_drops_a_trailing_slash(monkeypatch):
    from samenwerkt.env import env_url

    monkeypatch.setenv("SW_URL", "https://samenwerkt.example/")
    assert env_url("SW_URL", "http://x") == "https://samenwerkt.example"
    monkeypatch.setenv("SW_URL", "http://127.0.0.1:9000")
    assert env_url("SW_URL", "http://x") == "http://127.0.0.1:9000"


@pytest.mark.parametrize(
    "raw", ["samenwerkt.example", "javascript:alert(1)", "https://", "https://a.example/pad?x=1"]
)
def test_env_url_refuses_anything_but_an_http_origin(monkeypatch, raw):
    from samenwerkt.env import env_url

    monkeypatch.setenv("SW_URL", raw)
    with pytest.raises(ImproperlyConfigured, match="SW_URL"):
        env_url("SW_URL", "http://x")


def test_postgresql_gets_its_timeouts_and_keepalives():
    from samenwerkt.settings_database import database

    config = database(
        "postgres://sw@127.0.0.1:5432/sw",
        sqlite_path="unused",
        conn_max_age=60,
        connect_timeout=3,
        statement_timeout_ms=10_000,
        lock_timeout_ms=3_000,
    )
    assert config["ENGINE"].endswith("postgresql")
    assert config["CONN_MAX_AGE"] == 60
    options = config["OPTIONS"]
    assert options["connect_timeout"] == 3
    assert options["tcp_user_timeout"] == 3000
    assert options["options"] == "-c statement_timeout=10000 -c lock_timeout=3000"


def test_sqlite_by_default_with_wal_and_immediate_transactions():
    from samenwerkt.settings_database import database

    config = database(
        "",
        sqlite_path="/tmp/sw.sqlite3",
        conn_max_age=0,
        connect_timeout=3,
        statement_timeout_ms=0,
        lock_timeout_ms=0,
    )
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/sw.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
