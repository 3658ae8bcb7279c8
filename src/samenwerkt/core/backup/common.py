"""Shared parts of backup and restore: what is exported and how rows are written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Field, IntegerField, ManyToManyField, Model
from django.utils import timezone
from django.utils.encoding import is_protected_type

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
