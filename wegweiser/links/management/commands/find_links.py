from django.core.management.base import BaseCommand, CommandError

from wegweiser.links.finding import find_in_region
from wegweiser.links.tasks import ensure_link_check_scheduled
from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage


def regions_named(slug: str | None) -> list[RegionPage]:
    """The region with the slug, or every region; an unknown slug is an error."""
    regions = RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE).order_by("slug")
    if slug is None:
        return list(regions)
    region = regions.filter(slug=slug).first()
    if region is None:
        raise CommandError(f"There is no region with the slug “{slug}”.")
    return [region]


class Command(BaseCommand):
    help = (
        "Find every web address, phone number and e-mail address in the content of all regions (or of one, "
        "--region) and where each is used. Normally kept current as content changes; this is the full pass."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", metavar="SLUG", help="only this region")

    def handle(self, *args, region: str | None, **options):
        for each in regions_named(region):
            count = find_in_region(each)
            self.stdout.write(f"{each.slug}: {count} places where links are used")
        ensure_link_check_scheduled()
