"""Load the handbook's facts from the YAML under ``data/`` into the database.

The YAML is first parsed into typed models (``schema.py``) and checked across files
(``checks.py``); any problem stops the load before anything is written, with a message
naming file, item and field for every problem found. Then, in one transaction, rows the
YAML no longer has are removed and every other row is created or updated by its natural
key (a reason's code, a form's number, an example's slug, an institution's name …), so
running it twice changes nothing the second time.

Rows staff edited in the admin (``edited_in_admin``, set on every admin save, so also
rows staff added) are neither updated nor removed, unless ``overwrite_edits`` is asked.
User data lives in other apps altogether.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from .checks import Handbook, parse_handbook
from .sections import HandbookLoader
from .values import DATA_DIR, FILES, HandbookDataError, LoadReport, read_data

__all__ = [
    "DATA_DIR",
    "FILES",
    "Handbook",
    "HandbookDataError",
    "LoadReport",
    "load_handbook",
    "parse_handbook",
    "read_data",
]


def load_handbook(
    *, data: dict[str, Any] | None = None, overwrite_edits: bool = False
) -> LoadReport:
    """Check the YAML (or ``data``, as :func:`read_data` returns it), then bring the
    handbook content in line with it in one transaction."""
    handbook = parse_handbook(data if data is not None else read_data())
    try:
        with transaction.atomic():
            return HandbookLoader(handbook, overwrite_edits=overwrite_edits).load()
    except IntegrityError as exc:
        # The checks keep the YAML consistent with itself; what is left is a clash with
        # a row kept from the admin (say, an edited school whose slug a new name takes).
        raise HandbookDataError(
            f"the YAML clashes with a row kept from the admin ({exc}); change that row, "
            "or run with --overwrite-edits"
        ) from exc
