"""``manage.py import_integreat DIR --region SLUG [--name NAME]``: a region's pages, places and events from Integreat
CMS dumps."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wegweiser.integreat.importing import IntegreatImportError, import_dump, read_dump
from wegweiser.publishing.snapshots import rebuild_region, rebuild_region_list


class Command(BaseCommand):
    help = (
        "Import the pages of an Integreat region from pages.<lang>.json files (the API v3 'pages' endpoint), and its "
        "places and events from locations.<lang>.json and events.<lang>.json if there are any (events exported with "
        "combine_recurring=True), into the region SLUG, creating it if needed. German is the source language. Safe "
        "to run again: it updates what changed and unpublishes what is gone. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", type=Path, help="Directory with pages.<lang>.json (and locations/events.<lang>.json) files"
        )
        parser.add_argument("--region", required=True, help="Slug of the region to import into")
        parser.add_argument("--name", help="Name of the region if it is created (default: the slug, title-cased)")

    def handle(self, *args, directory: Path, region: str, name: str | None, **options):
        started = time.monotonic()
        try:
            dump = read_dump(directory)
            report = import_dump(dump, region, name)
        except IntegreatImportError as error:
            raise CommandError(str(error)) from error
        # Readers' documents are rebuilt by signals once the transaction commits, through the task queue; rebuild
        # them here as well so that the API is current even where no task worker runs.
        rebuild_region_list()
        rebuild_region(report.region)
        self.stdout.write(report.summary(time.monotonic() - started))
