"""Reading a backup file into an empty database."""

from __future__ import annotations

import gzip
import json
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import F, ManyToManyField, Model

from .. import content_version
from ..models import ContentVersion
from .common import (
    FORMAT,
    GZIP_MAGIC,
    MAX_LISTED,
    NATURAL,
    SEEDED,
    VERSION,
    BackupError,
    BackupSummary,
    Row,
    _applied_migrations,
    _is_exported,
    _link_columns,
    _links,
    _tables,
    exported_models,
)


def _read(path: Path) -> Any:
    try:
        with path.open("rb") as raw:
            packed = raw.read(2) == GZIP_MAGIC
        opener = gzip.open if packed else open
        with opener(path, "rt", encoding="utf-8") as stream:
            return json.load(stream)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise BackupError(f"{path}: damaged or truncated gzip file ({exc})") from None
    except UnicodeDecodeError:
        raise BackupError(f"{path}: not a backup file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise BackupError(
            f"{path}: damaged or truncated JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except OSError as exc:
        raise BackupError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _listed(items: list[str]) -> str:
    more = f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""
    return ", ".join(items[:MAX_LISTED]) + more


def _check_document(document: Any, *, path: Path, using: str) -> dict[str, int]:
    """Check the header and the shape of every row; returns the header's counts."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f'{path}: not a backup of this application (no "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise BackupError(
            f"{path}: backup format version {document.get('version')!r};"
            f" this application reads version {VERSION}"
        )
    counts, objects = document.get("counts"), document.get("objects")
    migrations, created_at = document.get("migrations"), document.get("created_at")
    if (
        not isinstance(counts, dict)
        or not all(type(n) is int and n >= 0 for n in counts.values())
        or not isinstance(objects, list)
        or not isinstance(migrations, list)
        or not all(isinstance(name, str) for name in migrations)
        or not isinstance(created_at, str)
    ):
        raise BackupError(f"{path}: damaged header (counts, objects, migrations, created_at)")
    found: Counter[str] = Counter()
    link_fields: dict[type[Model], dict[str, ManyToManyField]] = {}
    for number, row in enumerate(objects, start=1):
        if not (
            isinstance(row, dict)
            and isinstance(row.get("model"), str)
            and isinstance(row.get("fields"), dict)
        ):
            raise BackupError(f"{path}: damaged: object {number} is not a row")
        try:
            model = apps.get_model(row["model"])
        except (LookupError, ValueError):
            raise BackupError(f"{path}: row {number}: unknown model {row['model']!r}") from None
        label = model._meta.label_lower
        if not _is_exported(model, using=using):
            raise BackupError(f"{path}: row {number}: {label} does not belong in a backup")
        if "pk" not in row and label not in NATURAL:
            raise BackupError(f"{path}: row {number} ({label}) has no primary key")
        found[label] += 1
        if model not in link_fields:
            link_fields[model] = {field.name: field for field in _links(model)}
        for name, value in row["fields"].items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                raise BackupError(
                    f"{path}: row {number} ({label}): unknown field {name!r}"
                ) from None
            if field.name in link_fields[model]:
                if not isinstance(value, list):
                    raise BackupError(f"{path}: row {number} ({label}): {name} is not a list")
                found[field.remote_field.through._meta.label_lower] += len(value)
    differ = sorted(
        f"{label} ({counts.get(label, 0)} in the header, {found.get(label, 0)} in the file)"
        for label in counts.keys() | found.keys()
        if counts.get(label, 0) != found.get(label, 0)
    )
    if differ:
        raise BackupError(
            f"{path}: damaged or incomplete: rows and header disagree for {_listed(differ)}"
        )
    return counts


def _check_schema(migrations: list[str], *, using: str) -> None:
    applied = _applied_migrations(using=using)
    if not applied:
        raise BackupError("the database has no tables yet: run `manage.py migrate` first")
    expected = set(migrations)
    if applied == expected:
        return
    parts = []
    if missing := sorted(expected - applied):
        parts.append(f"not applied here: {_listed(missing)}")
    if extra := sorted(applied - expected):
        parts.append(f"applied here, not in the backup: {_listed(extra)}")
    raise BackupError(
        f"the backup was made at another database schema ({'; '.join(parts)}). Migrate this"
        " database to the backup's migrations (`manage.py migrate <app> <migration>`),"
        " import, then migrate forward."
    )


def _check_empty(tables: list[type[Model]], *, using: str) -> None:
    occupied = []
    for table in tables:
        label = table._meta.label_lower
        if label in NATURAL or label in SEEDED:
            continue  # made by migrate
        if rows := table._base_manager.using(using).count():
            occupied.append(f"{label} ({rows} {'row' if rows == 1 else 'rows'})")
    if occupied:
        occupied.sort()  # by app and table, so the message reads the same every time
        raise BackupError(
            f"the database is not empty: {_listed(occupied)}. import_data only loads into a"
            " new database: create one, run `manage.py migrate` (not load_handbook), then"
            " import. Nothing was changed."
        )


def _load(objects: list[Row], *, using: str) -> None:
    """Save every row raw (no model save(), signals told raw=True); links in bulk."""
    for label in SEEDED:
        try:
            apps.get_model(label)._base_manager.using(using).all().delete()
        except LookupError:
            continue
    links: dict[type[Model], list[Model]] = defaultdict(list)
    for item in PythonDeserializer(objects, using=using):
        m2m_data = item.m2m_data or {}  # save() clears it
        item.save(using=using, save_m2m=False)
        for name, targets in m2m_data.items():
            field = item.object._meta.get_field(name)
            through = field.remote_field.through
            source, target = _link_columns(field)
            links[through].extend(through(**{source: item.object.pk, target: pk}) for pk in targets)
    # bulk_create sends no m2m_changed: the rows are restored, not changed.
    for through, rows in links.items():
        through._base_manager.using(using).bulk_create(rows, batch_size=500)


def _check_counts(tables: list[type[Model]], counts: dict[str, int], *, using: str) -> None:
    differ = []
    for table in tables:
        label = table._meta.label_lower
        expected, actual = counts.get(label, 0), table._base_manager.using(using).count()
        # The target may hold natural-key rows (say, of a new permission) the source lacked.
        if actual != expected and not (label in NATURAL and actual > expected):
            differ.append(f"{label} ({actual} loaded, {expected} in the backup)")
    if differ:
        raise BackupError(f"row counts differ after loading: {_listed(differ)}")


def _bump_content_version(*, using: str) -> None:
    """Count the restore as a content change, so no page cached before it is served.

    Done here, in the import's transaction, because the raw saves send no signal that
    would bump it (see core.signals)."""
    versions = ContentVersion._base_manager.using(using).filter(key=content_version.KEY)
    if not versions.update(version=F("version") + 1):
        ContentVersion._base_manager.using(using).create(key=content_version.KEY, version=2)


def import_data(*, path: Path | str, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Load a backup made by :func:`export_data` into the empty database ``using``.

    All or nothing: the file is checked whole first, then loaded in one transaction.
    """
    path = Path(path)
    document = _read(path)
    counts = _check_document(document, path=path, using=using)
    connection = connections[using]
    models = exported_models(using=using)
    tables = _tables(models)
    try:
        with transaction.atomic(using=using):
            _check_schema(document["migrations"], using=using)
            _check_empty(tables, using=using)
            with connection.constraint_checks_disabled():
                _load(document["objects"], using=using)
            connection.check_constraints(table_names=[t._meta.db_table for t in tables])
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), tables):
                    cursor.execute(sql)
            _check_counts(tables, counts, using=using)
            _bump_content_version(using=using)
    except (
        DeserializationError,
        DatabaseError,
        ObjectDoesNotExist,
        ValidationError,
        ValueError,
        TypeError,
    ) as exc:
        raise BackupError(f"{path}: cannot be loaded, nothing was imported: {exc}") from exc
    finally:
        if apps.is_installed("django.contrib.contenttypes"):
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()  # ids may have been added
    return BackupSummary(path=path, created_at=document["created_at"], counts=counts)
