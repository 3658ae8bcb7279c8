"""Backup and restore: every row of every model in one JSON file, portable between
SQLite and PostgreSQL.

The file is one JSON object, a small header and then the rows in the shape Django's
serializers (``dumpdata``) use, one row per line::

    {"format": "samenwerkt-backup", "version": 1, "created_at": "2026-01-31T09:00:00Z",
     "django": "5.2", "migrations": ["admin.0001_initial", ...],
     "counts": {"accounts.user": 3, "accounts.user_groups": 2, ...},
     "objects": [
    {"model": "contenttypes.contenttype", "fields": {"app_label": "admin", "model": "logentry"}},
    {"model": "accounts.user", "pk": 1, "fields": {"password": "pbkdf2_sha256$...", ...}},
    ...
    ]}

Choices, and why:

- Every concrete model of every installed app is written with its primary key, so ids
  (and the URLs that carry them) survive. ``counts`` has one entry per table, including
  the link tables of many-to-many fields (``accounts.user_groups``).
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

from .common import BackupError, BackupSummary
from .exporting import export_data
from .importing import import_data

__all__ = ["BackupError", "BackupSummary", "export_data", "import_data"]
