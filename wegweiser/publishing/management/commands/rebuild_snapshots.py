import time

from django.core.management.base import BaseCommand, CommandError

from wegweiser.publishing.documents import listed_regions
from wegweiser.publishing.snapshots import rebuild_everything


class Command(BaseCommand):
    help = "Rebuild the published documents readers get (region list, pages, imprint, …) from the live content."

    def add_arguments(self, parser):
        parser.add_argument("--region", help="Only this region (its slug), plus the region list.")

    def handle(self, *args, region=None, **options):
        if region is not None and not listed_regions().filter(slug=region).exists():
            raise CommandError(f"There is no published, non-archived region with the slug “{region}”.")
        started = time.perf_counter()
        report = rebuild_everything(region)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Snapshots rebuilt in {seconds:.1f} s: {report.written} written, "
            f"{report.unchanged} unchanged, {report.removed} removed."
        )
