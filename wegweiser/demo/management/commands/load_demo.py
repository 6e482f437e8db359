from django.core.management.base import BaseCommand, CommandError

from wegweiser.demo.insights import add_demo_insights
from wegweiser.demo.loading import (
    DEMO_PASSWORD,
    DEMO_REGIONS,
    DemoContentError,
    ensure_demo_users,
    link_news_between_regions,
    load_region,
    point_site_at_root,
)
from wegweiser.translation.versions import record_existing


class Command(BaseCommand):
    help = "Load the demo regions Musterstadt and Landkreis Musterland with demo users. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("regions", nargs="*", help=f"Regions to load (default: {', '.join(DEMO_REGIONS)})")
        parser.add_argument(
            "--insights",
            action="store_true",
            help="also add made-up reading figures, feedback and unanswered searches (once), for the dashboard",
        )

    def handle(self, *args, regions, insights, **options):
        unknown = sorted(set(regions) - set(DEMO_REGIONS))
        if unknown:
            raise CommandError(f"Unknown demo region(s): {', '.join(unknown)}. Choose from {', '.join(DEMO_REGIONS)}.")
        point_site_at_root()
        loaded = []
        for slug in regions or DEMO_REGIONS:
            try:
                result = load_region(slug)
            except DemoContentError as error:
                raise CommandError(f"Demo content is broken: {error}") from error
            loaded.append(result.region)
            if result.created:
                self.stdout.write(
                    f"Loaded {result.region.full_name}: {result.pages} pages, {result.translations} translations."
                )
            else:
                # A demo from before translation status was kept gets its text versions now.
                recorded = record_existing(result.region)
                self.stdout.write(
                    f"{result.region.full_name} is already there; left as it is ({recorded} text versions recorded)."
                )
        link_news_between_regions(regions or DEMO_REGIONS)
        for region in loaded if insights else []:
            if added := add_demo_insights(region):
                self.stdout.write(f"Added {added} made-up daily view totals and some feedback to {region.full_name}.")
        accounts = ensure_demo_users()
        if options["verbosity"] > 1:
            for username, role in accounts:
                self.stdout.write(f"  {username:24} {role}  (password: {DEMO_PASSWORD})")
