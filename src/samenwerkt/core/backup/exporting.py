"""Writing a backup file."""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import django
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import ManyToManyField, Model
from django.utils import timezone

from .common import (
    FORMAT,
    NATURAL,
    VERSION,
    BackupError,
    BackupSummary,
    NaturalKeys,
    Row,
    _applied_migrations,
    _Encoder,
    _link_columns,
    _links,
    _ordered_by_integer,
    _plain,
    _Serializer,
    _tables,
    exported_models,
)


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
