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
