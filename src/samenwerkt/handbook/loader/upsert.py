"""Create, update and remove rows by natural key, keeping what staff edited in the admin.

Each model's current rows are read once into a dict by natural key (a few dozen queries
for the whole handbook rather than one per row), so a reload that changes nothing only
reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from operator import attrgetter
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import ProtectedError, RestrictedError

from .values import LoadReport


class Upserter:
    def __init__(self, *, overwrite_edits: bool):
        self.overwrite_edits = overwrite_edits
        self.report = LoadReport()
        self._created: set[tuple[type, int]] = set()

    def keeps(self, obj: models.Model) -> bool:
        """Whether staff edits protect this row (and the children edited on its page)."""
        return getattr(obj, "edited_in_admin", False) and not self.overwrite_edits

    # -- reading what is there -------------------------------------------------------
    @staticmethod
    def rows(model: type[models.Model], *key: str) -> dict[Any, Any]:
        """Every row of ``model`` by its natural key, in one query."""
        get = attrgetter(*key)
        return {get(obj): obj for obj in model.objects.all()}

    @staticmethod
    def children(model: type[models.Model], parent: str, key: str) -> defaultdict[Any, dict]:
        """Every row of a child table, by parent id and then by key, in one query."""
        out: defaultdict[Any, dict] = defaultdict(dict)
        for obj in model.objects.all():
            out[getattr(obj, f"{parent}_id")][getattr(obj, key)] = obj
        return out

    @staticmethod
    def links(field: Any) -> defaultdict[int, set[int]]:
        """A many-to-many field's pairs, as {source id: {target ids}}, in one query."""
        through = field.through
        source, target = field.field.m2m_field_name(), field.field.m2m_reverse_field_name()
        out: defaultdict[int, set[int]] = defaultdict(set)
        for a, b in through.objects.values_list(f"{source}_id", f"{target}_id"):
            out[a].add(b)
        return out

    # -- writing -----------------------------------------------------------------------
    def upsert(self, model, existing: dict, key: Any, lookup: dict, values: dict):
        """Create or update the row ``existing[key]``; a row staff edited is left as is.

        ``lookup`` holds the natural-key columns, ``values`` the rest; foreign keys go
        in as ``<name>_id`` so comparing them costs no query.
        """
        obj = existing.get(key)
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            existing[key] = obj
            self._created.add((model, obj.pk))
            self.report.count("created", model)
            return obj
        if self.keeps(obj):
            self.report.count("kept", model)
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if getattr(obj, "edited_in_admin", False):  # overwrite_edits: the YAML wins again
            obj.edited_in_admin = False
            changed.append("edited_in_admin")
        if changed:
            obj.save(update_fields=changed)
            self.report.count("updated", model)
        return obj

    def sync(self, model, existing: dict, rows: dict[Any, tuple[dict, dict]], *, spare=()):
        """Make ``existing`` (the rows of one parent, or of a whole table) exactly ``rows``
        ({key: (lookup, values)}): create, update, and remove what ``rows`` lacks, except
        the keys in ``spare``."""
        for key, (lookup, values) in rows.items():
            self.upsert(model, existing, key, lookup, values)
        stale = [obj.pk for key, obj in existing.items() if key not in rows and key not in spare]
        if stale:
            self.delete(model, model.objects.filter(pk__in=stale))

    def set_links(self, obj, name: str, current: dict[int, set[int]], wanted: Iterable[int]):
        wanted = set(wanted)
        if current.get(obj.pk, set()) != wanted:
            getattr(obj, name).set(wanted)
            if (type(obj), obj.pk) not in self._created:
                self.report.count("updated", type(obj))

    # -- removing --------------------------------------------------------------------
    def remove_dropped(self, model, key: str, present: Collection) -> set:
        """Delete the rows of a top-level model whose natural key the YAML no longer has,
        except those staff edited in the admin; return the natural keys of those kept."""
        dropped = model.objects.exclude(**{f"{key}__in": list(present)})
        kept: set = set()
        if not self.overwrite_edits:
            kept = set(dropped.filter(edited_in_admin=True).values_list(key, flat=True))
            if kept:
                self.report.count("kept", model, len(kept))
            dropped = dropped.filter(edited_in_admin=False)
        self.delete(model, dropped)
        return kept

    def delete(self, model, queryset) -> None:
        """Delete and count (cascades included); a row something still points to with a
        PROTECT or RESTRICT key is kept and reported, never a failed load."""
        # Django's collector raises these before it deletes anything, so no savepoint is
        # needed to go on after one.
        try:
            _, per_model = queryset.delete()
        except (ProtectedError, RestrictedError):
            per_model = {}
            for obj in queryset:
                try:
                    _, counts = obj.delete()
                except (ProtectedError, RestrictedError):
                    self.report.count("in_use", model)
                    continue
                for label, n in counts.items():
                    per_model[label] = per_model.get(label, 0) + n
        for label, n in per_model.items():
            removed = apps.get_model(label)
            if n and not removed._meta.auto_created:  # many-to-many pairs are not rows to report
                self.report.count("removed", removed, n)
