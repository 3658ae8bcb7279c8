"""Production settings: `check --deploy` is clean, and the security headers are sent."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(
        PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="samenwerkt.example",
        SITE_URL="https://samenwerkt.example",
        DATABASE_URL="postgres://app@db.invalid:5432/samenwerkt",
        VAR_DIR=str(tmp_path),
    )
    return env


def test_check_deploy_has_no_warnings_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production_env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_defaults_are_flagged_by_check_deploy(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PRODUCTION")}
    env["VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "samenwerkt.W001" in result.stderr + result.stdout


@pytest.mark.django_db
def test_pages_send_strict_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_templates_have_no_inline_scripts_or_styles(client):
    for url in ["/", "/vormen/", "/advies/resultaat/?effort=low&reason=A", "/beslisboom/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<style" not in html, url
        assert " style=" not in html and "onclick=" not in html, url


@pytest.mark.django_db
def test_a_database_outage_gives_a_friendly_503(client, monkeypatch):
    from samenwerkt.handbook import selectors

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "reasons", down)
    page = client.get("/redenen/")
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Even niet beschikbaar" in page.content.decode()
    monkeypatch.setattr(selectors, "collaboration_forms", down)
    api = client.get("/api/v1/forms")
    assert api.status_code == 503
    assert "temporarily unavailable" in api.json()["detail"]
