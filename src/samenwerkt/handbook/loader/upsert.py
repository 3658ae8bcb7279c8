"""Create-or-update by natural key, keeping what staff edited in the admin."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from .values import LoadReport


class Upserter:
    def __init__(self, data: dict[str, Any], *, overwrite_edits: bool):
        self.data = data
        self.overwrite_edits = overwrite_edits
        self.report = LoadReport()
        self._created: set[tuple[type, int]] = set()

    # -- generic upsert ------------------------------------------------------
    def upsert(self, model: type[models.Model], lookup: dict, values: dict):
        """Create or update one row; return it, or None if staff edits keep it."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self._created.add((model, obj.pk))
            self.report.count("created", model)
            return obj
        if getattr(obj, "edited_in_admin", False) and not self.overwrite_edits:
            self.report.count("kept", model)
            return None
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if getattr(obj, "edited_in_admin", False):
            obj.edited_in_admin = False
            changed.append("edited_in_admin")
        if changed:
            for key in changed:
                if key != "edited_in_admin":
                    setattr(obj, key, values[key])
            obj.save(update_fields=changed)
            self.report.count("updated", model)
        return obj

    def sync_children(self, model, parent_field: str, parent, key: str, rows: list[dict]):
        """Make the children of ``parent`` exactly ``rows`` (matched on ``key``)."""
        keep = []
        for row in rows:
            lookup = {parent_field: parent, key: row[key]}
            values = {k: v for k, v in row.items() if k != key}
            self.upsert(model, lookup, values)
            keep.append(row[key])
        stale = model.objects.filter(**{parent_field: parent}).exclude(**{f"{key}__in": keep})
        for _obj in stale:
            self.report.count("updated", model)
        stale.delete()

    def set_m2m(self, manager, objects: Iterable[models.Model], model):
        wanted = {obj.pk for obj in objects}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(wanted)
            if (model, manager.instance.pk) not in self._created:
                self.report.count("updated", model)

    # -- per file ------------------------------------------------------------
