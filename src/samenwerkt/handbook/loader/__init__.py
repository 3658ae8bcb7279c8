"""Load the handbook's facts from the YAML under ``data/`` into the database.

Idempotent: every row is found by its natural key (a reason's code, a form's number,
an example's slug, an institution's name …) and created or updated; running it twice
changes nothing the second time. It touches only handbook content: rows that staff
edited in the admin (``edited_in_admin``) are kept as they are, unless
``overwrite_edits`` is asked, and user data lives in other apps altogether.
"""

from __future__ import annotations

from decimal import InvalidOperation
from typing import Any

from django.db import transaction

from .sections import HandbookLoader
from .values import DATA_DIR, FILES, HandbookDataError, LoadReport, read_data

__all__ = ["DATA_DIR", "FILES", "HandbookDataError", "LoadReport", "load_handbook", "read_data"]


def load_handbook(
    *, data: dict[str, Any] | None = None, overwrite_edits: bool = False
) -> LoadReport:
    """Create or update all handbook content in one transaction."""
    data = data if data is not None else read_data()
    try:
        with transaction.atomic():
            return HandbookLoader(data, overwrite_edits=overwrite_edits).load()
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        if isinstance(exc, HandbookDataError):
            raise
        raise HandbookDataError(f"missing or malformed field: {exc!r}") from exc
