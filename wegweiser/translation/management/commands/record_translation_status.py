"""``manage.py record_translation_status [--region SLUG]``: start translation status for existing content."""

from django.core.management.base import BaseCommand, CommandError

from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage
from wegweiser.translation.versions import record_existing


class Command(BaseCommand):
    help = "Record text versions of live items that have none yet; each counts as up to date with its source."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="the region's slug (default: every region)")

    def handle(self, *args, region=None, **options):
        regions = RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
        if region:
            regions = regions.filter(slug=region)
            if not regions.exists():
                raise CommandError(f"There is no region with the slug “{region}”.")
        for found in regions:
            count = record_existing(found)
            self.stdout.write(f"{found.slug}: {count} text versions recorded")
