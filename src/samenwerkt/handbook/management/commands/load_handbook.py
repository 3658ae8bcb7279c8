from django.core.management.base import BaseCommand, CommandError

from samenwerkt.handbook.loader import HandbookDataError, load_handbook


class Command(BaseCommand):
    help = "Create or update the handbook content from the YAML in handbook/data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="Also overwrite rows that staff edited in the admin.",
        )

    def handle(self, *args, overwrite_edits=False, **options):
        try:
            report = load_handbook(overwrite_edits=overwrite_edits)
        except HandbookDataError as exc:
            raise CommandError(f"handbook data: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
