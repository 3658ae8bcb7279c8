from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from samenwerkt.core.backup import BackupError, import_data


class Command(BaseCommand):
    help = "Load a backup made by export_data into a new, freshly migrated database."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file (.json or .json.gz)")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database to load (default: default)"
        )

    def handle(self, *args, path, database, **options):
        try:
            summary = import_data(path=path, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                f"Imported {summary.rows} rows of {summary.tables} tables from {summary.path}"
                f" (exported {summary.created_at})."
            )
