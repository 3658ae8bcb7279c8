"""Reading the YAML, the loader's error and its report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = ("meta", "reasons", "tips", "forms", "regions", "institutions", "examples", "steps")

# libyaml parses the files about ten times faster than the pure-Python loader; the
# loader runs at every `make run` and once per test database.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class HandbookDataError(ValueError):
    """The YAML is not what the loader expects; each problem says file, item and field."""

    def __init__(self, problems: str | Iterable[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        return f"{len(self.problems)} problems\n" + "\n".join(f"  {p}" for p in self.problems)


@dataclass
class LoadReport:
    """Rows per model (by verbose plural name) that a load created, updated, removed or
    kept; ``kept`` are rows staff edited in the admin, ``in_use`` rows the YAML dropped
    that something else still points to."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    in_use: dict[str, int] = field(default_factory=dict)

    LINES = (
        ("created", "created", ""),
        ("updated", "updated", ""),
        ("removed", "removed", ""),
        ("kept", "kept", " (edited in admin)"),
        ("in_use", "kept", " (dropped from the YAML, still in use)"),
    )

    def count(self, bucket: str, model: type[models.Model], n: int = 1) -> None:
        counts = getattr(self, bucket)
        name = str(model._meta.verbose_name_plural)
        counts[name] = counts.get(name, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def lines(self) -> list[str]:
        out = []
        for bucket, label, note in self.LINES:
            for name, n in sorted(getattr(self, bucket).items()):
                out.append(f"{label:>8} {n:4d} {name}{note}")
        return out or ["nothing to change"]


def read_data(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    data = {}
    for name in FILES:
        path = data_dir / f"{name}.yaml"
        try:
            data[name] = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
        except (OSError, yaml.YAMLError) as exc:
            raise HandbookDataError(f"{path.name}: {exc}") from exc
        if not isinstance(data[name], dict):
            raise HandbookDataError(f"{path.name}: expected a mapping at the top")
    return data
