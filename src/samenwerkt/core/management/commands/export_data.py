from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from samenwerkt.core.backup import BackupError, export_data


class Command(BaseCommand):
    help = "Write every row of the database to one JSON backup file (gzipped if it ends in .gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write, e.g. backup.json.gz")
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="the database to export (default: default)"
        )

    def handle(self, *args, path, database, **options):
        try:
            summary = export_data(path=path, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                f"Exported {summary.rows} rows of {summary.tables} tables to {summary.path}."
            )
