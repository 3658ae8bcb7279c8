"""``export_data`` / ``import_data``: every row survives SQLite → PostgreSQL → SQLite.

The source is the test database (the loaded handbook plus the users, permissions and
admin log made below). Targets are fresh databases made by ``manage.py migrate`` in
subprocesses: SQLite files in tmp_path (copies of one file migrated once per module) and
a throwaway PostgreSQL database. Rows are
compared by :func:`snapshot`, which reads the tables directly, not through the backup
code.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from contextlib import closing
from io import StringIO
from pathlib import Path
from typing import Any

import dj_database_url
import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError

from samenwerkt.handbook.models import Example, Outcome, Source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
User = get_user_model()
NOT_BACKED_UP = {"sessions.session"}
VERSION_TABLE = "core.contentversion"


# -- the oracle: every row of every table, comparable across databases ------------------


def _canonical(value: Any) -> Any:
    if isinstance(value, memoryview):
        return bytes(value).hex()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def snapshot() -> dict[str, list[str]]:
    """Every row of every table (link tables too) of the default database, sorted.

    Content types and permissions get their ids from each database's own ``migrate``, so
    they and every reference to them are compared by natural key, and link-table ids are
    left out; every other id is compared as it is.
    """
    natural = {
        ContentType: {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()},
        Permission: {
            p.pk: [p.codename, p.content_type.app_label, p.content_type.model]
            for p in Permission.objects.select_related("content_type")
        },
    }
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.label_lower in NOT_BACKED_UP:
            continue
        fields = opts.concrete_fields
        drop_pk = model in natural or opts.auto_created
        rows = []
        for values in model._base_manager.values_list(*(f.attname for f in fields)):
            row = {}
            for field, value in zip(fields, values, strict=True):
                if field.primary_key and drop_pk:
                    continue
                if field.is_relation and field.related_model in natural and value is not None:
                    value = natural[field.related_model][value]
                row[field.attname] = _canonical(value)
            rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False, default=str))
        tables[opts.label_lower] = sorted(rows)
    return tables


def split_version(tables: dict[str, list[str]]) -> tuple[dict[str, list[str]], int]:
    """The tables without the content version, and the version."""
    rest = dict(tables)
    (row,) = rest.pop(VERSION_TABLE)
    return rest, json.loads(row)["version"]


def oracle(action: str) -> dict[str, Any]:
    """Run in a target's subprocess: the snapshot, and rows added before or after it."""
    added = {}
    if action == "add-a-group-first":
        added["auth.group"] = Group.objects.create(name="x").pk
    rows = snapshot()
    if action == "then-add-rows":  # do sequences go on after the restored ids?
        added["auth.group"] = Group.objects.create(name="na herstel").pk
        added["handbook.source"] = Source.objects.create(position=9999, text_nl="nieuw").pk
    return {"rows": rows, "added": added}


ORACLE_SCRIPT = (
    "import json, sys; sys.path[:0] = ['src', '.']; import django; django.setup();"
    " from tests.core.test_backup import oracle; print(json.dumps(oracle(sys.argv[1])))"
)


# -- target databases in subprocesses ----------------------------------------------------


def sqlite_env(tmp_path: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="samenwerkt.settings",
        SQLITE_PATH=str(tmp_path / f"{name}.sqlite3"),
        VAR_DIR=str(tmp_path / "var"),
    )
    return env


def postgres_env(tmp_path: Path, url: str) -> dict[str, str]:
    env = sqlite_env(tmp_path, "unused")
    env["DATABASE_URL"] = url
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def manage(*args: str, env: dict[str, str]) -> str:
    result = run(["manage.py", *args], env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def remote(env: dict[str, str], action: str = "snapshot") -> dict[str, Any]:
    result = run(["-c", ORACLE_SCRIPT, action], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def remote_snapshot(env: dict[str, str]) -> dict[str, list[str]]:
    return remote(env)["rows"]


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A new SQLite database made by ``manage.py migrate``, once per module: copying it
    gives the same file as migrating again, without the seconds that takes."""
    env = sqlite_env(tmp_path_factory.mktemp("migrated"), "template")
    manage("migrate", "--noinput", "-v", "0", env=env)
    return Path(env["SQLITE_PATH"])


@pytest.fixture
def fresh(migrated_sqlite):
    """Makes the target database of an env new and migrated, and returns the env."""

    def make(env: dict[str, str]) -> dict[str, str]:
        if "DATABASE_URL" in env:
            manage("migrate", "--noinput", "-v", "0", env=env)
            return env
        target = Path(env["SQLITE_PATH"])
        assert not target.exists(), target
        # SQLite's backup API copies a consistent database, the write-ahead log's pages
        # included, where copying the file could miss them.
        with (
            closing(sqlite3.connect(migrated_sqlite)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
        return env

    return make


@pytest.fixture
def postgres_url():
    """A throwaway PostgreSQL database, dropped afterwards."""
    import psycopg
    from psycopg import sql

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    config = dj_database_url.parse(base)
    params = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
    }
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **params)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at {params['host']}:{params['port']} is unreachable: {exc}")
    name = f"samenwerkt_backup_{secrets.token_hex(4)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    auth = params["user"] + (f":{params['password']}" if params["password"] else "")
    yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# -- data beyond the handbook ------------------------------------------------------------

LAST_LOGIN = dt.datetime(2026, 3, 1, 12, 34, 56, 789123, tzinfo=dt.UTC)


@pytest.fixture
def people():
    """Users, a group with permissions, admin log entries — and a content type and a
    permission of a model that no longer exists, which `migrate` will not recreate."""
    anne = User.objects.create_user(
        "anne", "anne@example.nl", "een-lang-wachtwoord-2026", first_name="Zoë 🚀"
    )
    anne.last_name = 'de "Vries"\nregel twee'
    anne.last_login = LAST_LOGIN
    anne.save()
    bob = User.objects.create_superuser("bob", "bob@example.nl", "nog-een-wachtwoord-2026")
    retired = ContentType.objects.create(app_label="retired", model="oldthing")
    old_permission = Permission.objects.create(
        codename="use_oldthing", name="Can use old thing", content_type=retired
    )
    group = Group.objects.create(name="Programmabureau")
    group.permissions.set(
        [*Permission.objects.filter(content_type__app_label="handbook")[:5], old_permission]
    )
    anne.groups.add(group)
    anne.user_permissions.add(Permission.objects.get(codename="change_example"))
    example = Example.objects.order_by("pk").first()
    example.edited_in_admin = True
    example.organisation_names = [{"z": 1, "a": [1.5, None, True, "é"]}]
    example.save()
    for content_type, object_id in [
        (ContentType.objects.get_for_model(Example), str(example.pk)),
        (retired, "7"),
    ]:
        LogEntry.objects.create(
            user=bob,
            content_type=content_type,
            object_id=object_id,
            object_repr="iets",
            action_flag=CHANGE,
            change_message='[{"changed": {"fields": ["Title"]}}]',
            action_time=LAST_LOGIN,
        )
    return {"anne": anne, "bob": bob, "group": group}


def export(path: Path) -> Path:
    call_command("export_data", str(path), stdout=StringIO())
    return path


def read(path: Path) -> dict[str, Any]:
    opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def comparable(document: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The document without created_at and the content version, and the version."""
    rest = {k: v for k, v in document.items() if k != "created_at"}
    objects = []
    version = None
    for row in document["objects"]:
        if row["model"] == VERSION_TABLE:
            version = row["fields"]["version"]
            row = {**row, "fields": {**row["fields"], "version": None}}
        objects.append(row)
    rest["objects"] = objects
    return rest, version


# -- the file ---------------------------------------------------------------------------


def test_export_writes_a_header_and_every_row(tmp_path, people):
    document = read(export(tmp_path / "backup.json"))

    assert document["format"] == "samenwerkt-backup"
    assert document["version"] == 1
    assert dt.datetime.fromisoformat(document["created_at"]).tzinfo is not None
    expected = {
        label: len(rows) for label, rows in snapshot().items() if label not in NOT_BACKED_UP
    }
    assert document["counts"] == expected
    rows = document["objects"]
    assert len(rows) == sum(
        n for label, n in expected.items() if not apps.get_model(label)._meta.auto_created
    )
    assert not any(row["model"] == "sessions.session" for row in rows)
    # content types and permissions by natural key, every other row by primary key
    natural = [r for r in rows if r["model"] in ("contenttypes.contenttype", "auth.permission")]
    assert natural and not any("pk" in row for row in natural)
    assert all("pk" in row for row in rows if row not in natural)
    users = {row["fields"]["username"]: row for row in rows if row["model"] == "accounts.user"}
    assert users["anne"]["pk"] == people["anne"].pk
    assert users["anne"]["fields"]["last_login"] == "2026-03-01T12:34:56.789123Z"
    assert users["anne"]["fields"]["user_permissions"] == [
        ["change_example", "handbook", "example"]
    ]
    logs = [row["fields"]["content_type"] for row in rows if row["model"] == "admin.logentry"]
    assert sorted(logs) == [["handbook", "example"], ["retired", "oldthing"]]


def test_export_gzips_when_the_name_ends_in_gz(tmp_path, people):
    packed = export(tmp_path / "backup.json.gz")
    plain = export(tmp_path / "backup.json")

    assert packed.read_bytes()[:2] == b"\x1f\x8b"
    assert comparable(read(packed)) == comparable(read(plain))
    assert packed.stat().st_mode & 0o077 == 0  # password hashes: for the owner only


def test_export_into_a_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_data", str(tmp_path / "nope" / "backup.json"))
    assert list(tmp_path.iterdir()) == []


def test_both_commands_have_a_one_line_help():
    for name in ("export_data", "import_data"):
        help_text = load_command_class("samenwerkt.core", name).help
        assert help_text and "\n" not in help_text


# -- round trips ---------------------------------------------------------------------------


def test_round_trip_into_a_new_sqlite_database(tmp_path, people, fresh):
    source, version = split_version(snapshot())
    first = export(tmp_path / "first.json.gz")
    env = fresh(sqlite_env(tmp_path, "target"))

    out = manage("import_data", str(first), env=env)

    assert "Imported" in out
    restored, restored_version = split_version(remote_snapshot(env))
    assert restored == source
    assert restored_version == version + 1  # the restore counts as a content change
    manage("export_data", str(tmp_path / "again.json"), env=env)
    again, again_version = comparable(read(tmp_path / "again.json"))
    assert (again, again_version) == (comparable(read(first))[0], version + 1)


def test_round_trip_sqlite_postgresql_sqlite_is_lossless(tmp_path, people, postgres_url, fresh):
    source, version = split_version(snapshot())
    first = export(tmp_path / "first.json")
    highest = {
        "auth.group": Group.objects.order_by("-pk").values_list("pk", flat=True)[0],
        "handbook.source": Source.objects.order_by("-pk").values_list("pk", flat=True)[0],
    }
    legs = [
        ("sqlite-a", sqlite_env(tmp_path, "a")),
        ("postgresql", postgres_env(tmp_path, postgres_url)),
        ("sqlite-b", sqlite_env(tmp_path, "b")),
    ]
    previous = first
    for imports, (name, env) in enumerate(legs, start=1):
        fresh(env)
        manage("import_data", str(previous), env=env)
        previous = tmp_path / f"{name}.json"
        manage("export_data", str(previous), env=env)
        checked = remote(env, "then-add-rows")
        restored, restored_version = split_version(checked["rows"])
        assert restored == source, f"rows differ after importing into {name}"
        assert restored_version == version + imports
        for label, pk in checked["added"].items():
            assert pk > highest[label], f"{name}: the {label} sequence was not reset"

    final, final_version = comparable(read(previous))
    assert final == comparable(read(first))[0]
    assert final_version == version + len(legs)


# -- refusals -------------------------------------------------------------------------------


def test_import_refuses_a_database_that_holds_rows_and_changes_nothing(tmp_path, people):
    backup = export(tmp_path / "backup.json")
    before = snapshot()

    with pytest.raises(CommandError, match="the database is not empty") as refused:
        call_command("import_data", str(backup))

    assert "accounts.user (2 rows)" in str(refused.value)
    assert "migrate" in str(refused.value)
    assert snapshot() == before


def test_one_row_in_any_table_is_enough_to_refuse(tmp_path, fresh):
    backup = export(tmp_path / "backup.json")
    env = fresh(sqlite_env(tmp_path, "target"))
    before = remote(env, "add-a-group-first")["rows"]

    result = run(["manage.py", "import_data", str(backup)], env)

    assert result.returncode == 1
    assert "CommandError: the database is not empty: auth.group (1 row)" in result.stderr
    assert "Traceback" not in result.stderr
    assert remote_snapshot(env) == before


def test_import_refuses_a_backup_of_another_schema(tmp_path):
    backup = export(tmp_path / "backup.json")
    document = read(backup)
    document["migrations"].append("handbook.9999_from_the_future")
    backup.write_text(json.dumps(document))

    with pytest.raises(CommandError, match="another database schema") as refused:
        call_command("import_data", str(backup))
    assert "handbook.9999_from_the_future" in str(refused.value)


def _tampered(document: dict[str, Any], change) -> str:
    document = json.loads(json.dumps(document))
    change(document)
    return json.dumps(document)


CORRUPTIONS = {
    "truncated": (lambda text: text[: len(text) // 2], "damaged or truncated JSON"),
    "truncated-gzip": (
        lambda text: gzip.compress(text.encode())[:2000],
        "damaged or truncated gzip file",
    ),
    "garbage": (lambda text: b"\x00\xff\xfe garbage", "not UTF-8"),
    "empty": (lambda text: "", "damaged or truncated JSON"),
    "dumpdata-list": (lambda text: "[]", "not a backup of this application"),
    "future-version": (
        lambda text: _tampered(json.loads(text), lambda d: d.update(version=99)),
        "backup format version 99",
    ),
    "row-missing": (
        lambda text: _tampered(json.loads(text), lambda d: d["objects"].pop()),
        "damaged or incomplete",
    ),
    "count-changed": (
        lambda text: _tampered(
            json.loads(text), lambda d: d["counts"].update({"handbook.reason": 5})
        ),
        "handbook.reason (5 in the header, 4 in the file)",
    ),
    "unknown-model": (
        lambda text: _tampered(
            json.loads(text), lambda d: d["objects"].append({"model": "nope.nothing", "fields": {}})
        ),
        "unknown model 'nope.nothing'",
    ),
}


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_damaged_file_is_a_clear_error_and_changes_nothing(tmp_path, kind):
    damage, message = CORRUPTIONS[kind]
    backup = export(tmp_path / "backup.json")
    content = damage(backup.read_text(encoding="utf-8"))
    damaged = tmp_path / "damaged.json"
    if isinstance(content, bytes):
        damaged.write_bytes(content)
    else:
        damaged.write_text(content, encoding="utf-8")
    before = snapshot()

    with pytest.raises(CommandError, match=r"damaged\.json") as refused:
        call_command("import_data", str(damaged))

    assert message in str(refused.value)
    assert snapshot() == before


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_data", str(tmp_path / "nope.json"))


def test_a_row_that_cannot_be_stored_rolls_back_the_whole_import(tmp_path, fresh):
    document = read(export(tmp_path / "backup.json"))
    outcomes = [row for row in document["objects"] if row["model"] == "handbook.outcome"]
    outcomes[-1]["fields"]["stars"] = 9  # violates outcome_stars_1_to_5
    assert Outcome.objects.count() == len(outcomes)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    truncated = tmp_path / "truncated.json"
    truncated.write_text(broken.read_text(encoding="utf-8")[:-100], encoding="utf-8")
    env = fresh(sqlite_env(tmp_path, "target"))
    before = remote_snapshot(env)

    result = run(["manage.py", "import_data", str(truncated)], env)
    assert result.returncode == 1
    assert "CommandError:" in result.stderr and "damaged or truncated JSON" in result.stderr
    assert "Traceback" not in result.stderr

    result = run(["manage.py", "import_data", str(broken)], env)

    assert result.returncode == 1
    assert "CommandError:" in result.stderr and "nothing was imported" in result.stderr
    assert "Traceback" not in result.stderr
    assert remote_snapshot(env) == before
