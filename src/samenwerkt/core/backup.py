"""Backup and restore: every row of every model in one JSON file, portable between
SQLite and PostgreSQL.

The file is one JSON object, a small header and then the rows in the shape Django's
serializers (``dumpdata``) use, one row per line::

    {"format": "samenwerkt-backup", "version": 1, "created_at": "2026-01-31T09:00:00Z",
     "django": "5.2", "migrations": ["admin.0001_initial", ...],
     "counts": {"auth.user": 3, "auth.user_groups": 2, ...},
     "objects": [
    {"model": "contenttypes.contenttype", "fields": {"app_label": "admin", "model": "logentry"}},
    {"model": "auth.user", "pk": 1, "fields": {"password": "pbkdf2_sha256$...", ...}},
    ...
    ]}

Choices, and why:

- Every concrete model of every installed app is written with its primary key, so ids
  (and the URLs that carry them) survive. ``counts`` has one entry per table, including
  the link tables of many-to-many fields (``auth.user_groups``).
- Content types and permissions are created by ``migrate`` in the target, with ids of its
  own. So they, and every reference to them (admin log, group and user permissions), are
  written by natural key (app label + model; codename + content type). The import matches
  them to the target's rows and creates the ones it lacks (a content type of a removed
  model, a permission made by hand): nothing is lost and no id has to agree.
- Sessions are left out: they are sign-ins, not data. After a restore people sign in again.
- ``core.ContentVersion`` is seeded by its migration: the import replaces the seeded row
  by the file's and then bumps it once, so no page cached before the restore is served.
- Many-to-many links are read from the link tables themselves (not through a manager
  that might filter) and written sorted; rows are in primary-key order. Two exports of
  the same data are therefore equal, whichever database they came from.
- Datetimes keep their microseconds (Django's JSON encoder cuts them to milliseconds).
- The import reads and checks the whole file before it touches the database, requires
  the same applied migrations as the source, refuses a database that holds any row,
  loads everything in one transaction, resets the sequences and compares every table's
  row count with the header.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import tempfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import django
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import F, Field, IntegerField, ManyToManyField, Model
from django.utils import timezone
from django.utils.encoding import is_protected_type

from . import content_version
from .models import ContentVersion

FORMAT = "samenwerkt-backup"
VERSION = 1

# Left out of the backup: sign-ins, not data.
NOT_EXPORTED = frozenset({"sessions.session"})
# Rows `migrate` creates with ids of its own: written and matched by natural key, in this
# order (a permission's natural key contains its content type's).
NATURAL = ("contenttypes.contenttype", "auth.permission")
# Rows a migration seeds: the import replaces them by the file's.
SEEDED = frozenset({"core.contentversion"})

GZIP_MAGIC = b"\x1f\x8b"
MAX_LISTED = 5

Row = dict[str, Any]
NaturalKeys = dict[type[Model], dict[Any, list[Any]]]


class BackupError(Exception):
    """A backup cannot be written or read; the message says why, for the command line."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    created_at: str
    counts: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    @property
    def tables(self) -> int:
        return len(self.counts)


# -- which tables -----------------------------------------------------------------------


def _is_exported(model: type[Model], *, using: str) -> bool:
    opts = model._meta
    return (
        not opts.proxy
        and opts.managed
        and opts.label_lower not in NOT_EXPORTED
        and router.allow_migrate_model(using, model)
    )


def exported_models(*, using: str = DEFAULT_DB_ALIAS) -> list[type[Model]]:
    """The models a backup holds: natural-key models first, then in app order."""
    order = {label: index for index, label in enumerate(NATURAL)}
    models = [model for model in apps.get_models() if _is_exported(model, using=using)]
    return sorted(models, key=lambda model: order.get(model._meta.label_lower, len(order)))


def _links(model: type[Model]) -> list[ManyToManyField]:
    """Many-to-many fields whose link table Django made (a custom one is a model)."""
    return [
        field
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def _tables(models: Iterable[type[Model]]) -> list[type[Model]]:
    """The models and their link tables."""
    tables = []
    for model in models:
        tables.append(model)
        tables.extend(field.remote_field.through for field in _links(model))
    return tables


def _link_columns(field: ManyToManyField) -> tuple[str, str]:
    through = field.remote_field.through._meta
    return (
        through.get_field(field.m2m_field_name()).attname,
        through.get_field(field.m2m_reverse_field_name()).attname,
    )


def _applied_migrations(*, using: str) -> set[str]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return set()
    return {f"{app}.{name}" for app, name in recorder.applied_migrations()}


def _ordered_by_integer(field: Field) -> bool:
    while field.remote_field is not None:  # a parent link as primary key
        field = field.target_field
    return isinstance(field, IntegerField)


def _plain(value: Any) -> Any:
    return value if is_protected_type(value) else str(value)


# -- export -----------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time) and not timezone.is_aware(o):
            return o.isoformat()
        return super().default(o)


class _Serializer(PythonSerializer):
    """Django's serializer, handing each row to ``write`` as soon as it is made, with
    references to natural-key models as natural keys and links from prepared maps."""

    def __init__(
        self,
        *,
        write: Callable[[Row], None],
        natural: NaturalKeys,
        links: dict[ManyToManyField, dict[Any, list[Any]]],
    ) -> None:
        self._write = write
        self._natural = natural
        self._link_map = links

    def end_object(self, obj: Model) -> None:
        self._write(self.get_dump_object(obj))
        self._current = None

    def handle_fk_field(self, obj: Model, field: Field) -> None:
        keys = self._natural.get(field.related_model)
        if keys is None:
            super().handle_fk_field(obj, field)
            return
        value = field.value_from_object(obj)
        self._current[field.name] = None if value is None else keys[value]

    def handle_m2m_field(self, obj: Model, field: ManyToManyField) -> None:
        if field in self._link_map:
            self._current[field.name] = self._link_map[field].get(obj.pk, [])


def _natural_rows(*, using: str) -> tuple[NaturalKeys, dict[type[Model], list[Model]]]:
    """Natural key per primary key, and the rows sorted by natural key, of NATURAL."""
    keys: NaturalKeys = {}
    rows: dict[type[Model], list[Model]] = {}
    for label in NATURAL:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        objects = list(model._base_manager.using(using).select_related())
        keys[model] = {obj.pk: list(obj.natural_key()) for obj in objects}
        rows[model] = sorted(objects, key=lambda obj: keys[model][obj.pk])
    return keys, rows


def _link_maps(
    models: Iterable[type[Model]], *, natural: NaturalKeys, using: str
) -> tuple[dict[ManyToManyField, dict[Any, list[Any]]], Counter[str]]:
    """Per link field: source pk → sorted target pks (or natural keys); rows per table."""
    maps: dict[ManyToManyField, dict[Any, list[Any]]] = {}
    counts: Counter[str] = Counter()
    for model in models:
        for field in _links(model):
            through = field.remote_field.through
            source, target = _link_columns(field)
            grouped: dict[Any, list[Any]] = defaultdict(list)
            for source_pk, target_pk in through._base_manager.using(using).values_list(
                source, target
            ):
                grouped[source_pk].append(target_pk)
                counts[through._meta.label_lower] += 1
            keys = natural.get(field.related_model)
            maps[field] = {
                source_pk: sorted(keys[pk] for pk in targets)
                if keys is not None
                else [_plain(pk) for pk in sorted(targets)]
                for source_pk, targets in grouped.items()
            }
    return maps, counts


def _write_document(
    stream: TextIO,
    *,
    header: dict[str, Any],
    models: list[type[Model]],
    natural: NaturalKeys,
    natural_rows: dict[type[Model], list[Model]],
    links: dict[ManyToManyField, dict[Any, list[Any]]],
    using: str,
) -> Counter[str]:
    """The header, then one row per line; returns the rows written per model."""
    written: Counter[str] = Counter()
    separator = "\n"

    def write(row: Row) -> None:
        nonlocal separator
        stream.write(separator)
        json.dump(row, stream, cls=_Encoder, ensure_ascii=False)
        separator = ",\n"
        written[row["model"]] += 1

    stream.write("{")
    for key, value in header.items():
        stream.write(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    stream.write('"objects": [')
    serializer = _Serializer(write=write, natural=natural, links=links)
    for model in models:
        if model in natural_rows:
            serializer.serialize(natural_rows[model], use_natural_primary_keys=True)
            continue
        rows = model._base_manager.using(using)
        if _ordered_by_integer(model._meta.pk):
            rows = rows.order_by("pk").iterator(chunk_size=2000)
        else:  # text keys sort differently per database collation; Python sorts alike
            rows = sorted(rows, key=lambda obj: str(obj.pk))
        serializer.serialize(rows)
    stream.write("\n]}\n")
    return written


def export_data(*, path: Path | str, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write every row of the database ``using`` to ``path`` (gzipped if it ends in .gz).

    The file appears whole or not at all: it is written next to ``path``, then renamed.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"{path}: directory {path.parent} does not exist")
    connection = connections[using]
    outermost = not connection.in_atomic_block
    # One transaction, so all tables are read at the same moment. On SQLite (IMMEDIATE)
    # writers wait for the export; PostgreSQL gives a snapshot without blocking anyone.
    with transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        models = exported_models(using=using)
        natural, natural_rows = _natural_rows(using=using)
        links, link_counts = _link_maps(models, natural=natural, using=using)
        model_counts = {
            model._meta.label_lower: len(natural_rows[model])
            if model in natural_rows
            else model._base_manager.using(using).count()
            for model in models
        }
        labels = [table._meta.label_lower for table in _tables(models)]
        counts = {
            label: model_counts[label] if label in model_counts else link_counts[label]
            for label in labels
        }
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": _Encoder().default(timezone.now()),
            "django": django.get_version(),
            "migrations": sorted(_applied_migrations(using=using)),
            "counts": counts,
        }
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        os.close(fd)  # mkstemp made it readable by its owner only, as a backup should be
        partial = Path(name)
        try:
            with (
                gzip.open(partial, "wt", encoding="utf-8", newline="\n")
                if path.name.endswith(".gz")
                else partial.open("w", encoding="utf-8", newline="\n")
            ) as stream:
                written = _write_document(
                    stream,
                    header=header,
                    models=models,
                    natural=natural,
                    natural_rows=natural_rows,
                    links=links,
                    using=using,
                )
            if any(written[label] != count for label, count in model_counts.items()):
                raise BackupError(f"{path}: the data changed during the export; try again")
            os.replace(partial, path)
        except OSError as exc:
            raise BackupError(f"{path}: cannot write: {exc.strerror or exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(path=path, created_at=header["created_at"], counts=counts)


# -- import -----------------------------------------------------------------------------


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
        raise BackupError(f"{path}: damaged or incomplete: rows missing for {_listed(differ)}")
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
