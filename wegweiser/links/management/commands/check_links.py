from django.core.management.base import BaseCommand

from wegweiser.links.checking import check_due, check_links, used_links

from .find_links import regions_named


class Command(BaseCommand):
    help = (
        "Check the links that are due (for cron, e.g. hourly), of all regions or of one (--region); "
        "--all checks every link now, due or not."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", metavar="SLUG", help="only the links used in this region")
        parser.add_argument("--all", action="store_true", help="every link, not only those that are due")

    def handle(self, *args, region: str | None, all: bool, **options):
        regions = regions_named(region) if region else [None]
        for each in regions:
            summary = check_links(used_links(each)) if all else check_due(each)
            counts = ", ".join(f"{count} {status}" for status, count in sorted(summary.outcomes.items()))
            name = each.slug if each else "all regions"
            self.stdout.write(f"{name}: {summary.checked} checked" + (f" ({counts})" if counts else ""))
