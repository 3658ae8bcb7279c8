"""Reading the YAML and checking its values; errors name the place in the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.db import models

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = ("meta", "reasons", "tips", "forms", "regions", "examples", "steps")


class HandbookDataError(ValueError):
    """The YAML is not what the loader expects; the message says where."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: str, model: type[models.Model]) -> None:
        counts = getattr(self, bucket)
        name = model._meta.verbose_name_plural
        counts[str(name)] = counts.get(str(name), 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        out = []
        for bucket in ("created", "updated", "kept"):
            for name, n in sorted(getattr(self, bucket).items()):
                out.append(f"{bucket:>8} {n:4d} {name}")
        return out or ["nothing to change"]


def read_data(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    data = {}
    for name in FILES:
        path = data_dir / f"{name}.yaml"
        try:
            data[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise HandbookDataError(f"{path.name}: {exc}") from exc
        if not isinstance(data[name], dict):
            raise HandbookDataError(f"{path.name}: expected a mapping at the top")
    return data


def _text(value: Any, where: str, *, required: bool = True) -> tuple[str, str]:
    """A bilingual value {nl: …, en: …} as (nl, en)."""
    if value is None and not required:
        return "", ""
    if isinstance(value, str):
        return value.strip(), ""
    if not isinstance(value, dict) or (required and not value.get("nl")):
        raise HandbookDataError(f"{where}: expected {{nl: …, en: …}}, got {value!r}")
    return str(value.get("nl") or "").strip(), str(value.get("en") or "").strip()


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise HandbookDataError(f"{where}: expected a whole number, got {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise HandbookDataError(f"{where}: expected a whole number, got {value!r}") from None


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise HandbookDataError(f"{where}: expected a number, got {value!r}") from None
    if not number.is_finite():
        raise HandbookDataError(f"{where}: expected a finite number, got {value!r}")
    return number


def _bi(prefix: str, value: Any, where: str, *, required: bool = True) -> dict[str, str]:
    nl, en = _text(value, where, required=required)
    return {f"{prefix}_nl": nl, f"{prefix}_en": en}
