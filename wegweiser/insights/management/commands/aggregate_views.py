from django.core.management.base import BaseCommand

from wegweiser.insights.counting import aggregate_views


class Command(BaseCommand):
    help = (
        "Add the views readers sent up into daily totals per item, language and day, and drop the single views "
        "(for cron, every few minutes; views older than INSIGHTS_RAW_VIEW_DAYS are dropped in any case)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Added up {aggregate_views()} views.")
