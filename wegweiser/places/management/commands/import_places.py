from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wegweiser.places import csv_import
from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage


class Command(BaseCommand):
    help = (
        "Import a region's places from a CSV file (UTF-8, ; or , between cells, first row naming the columns): "
        "rows with a known key or name update that place, others add a place; rows with errors change nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument("--region", required=True, help="The region's slug, e.g. musterstadt.")
        parser.add_argument("--dry-run", action="store_true", help="Only report what would happen.")
        parser.add_argument("--user", help="Username recorded as the author of the revisions.")

    def handle(self, *args, file, region, dry_run=False, user=None, **options):
        found = RegionPage.objects.filter(slug=region, locale__language_code=DEFAULT_LANGUAGE).first()
        if found is None:
            raise CommandError(f"There is no region with the slug “{region}”.")
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"There is no user “{user}”.")
        try:
            data = Path(file).read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        try:
            report = csv_import.check(csv_import.read_table(data), found)
            if not dry_run:
                csv_import.apply(report, author)
        except csv_import.ImportFileError as problem:
            raise CommandError(str(problem)) from None
        for row in report.rows:
            details = [f"{column}: {message}" if column else message for column, message in row.problems]
            if row.outcome == csv_import.UPDATE:
                details.append("changes " + ", ".join(row.changes))
            details += [f"warning – {column}: {message}" for column, message in row.warnings]
            self.stdout.write(
                f"row {row.number:>4}  {row.outcome:<9}  {row.name}" + (f"  ({'; '.join(details)})" if details else "")
            )
        if report.ignored:
            self.stdout.write("Columns left out: " + ", ".join(report.ignored))
        counts = report.counts
        summary = (
            f"{counts['new']} new, {counts['update']} updated, {counts['unchanged']} unchanged, "
            f"{counts['error']} with errors" + (" (dry run: nothing changed)" if dry_run else "")
        )
        if counts["error"]:
            raise CommandError(f"{summary}. Rows with errors were not imported.")
        self.stdout.write(summary + ".")
