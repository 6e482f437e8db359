from django.core.management.base import BaseCommand

from wegweiser.news.schedule import run_schedule


class Command(BaseCommand):
    help = (
        "Run Wagtail's schedule once (for cron, every minute): publish what is due, expire what is over (news "
        "with their translations, into the archive) and retry push deliveries whose wait is over."
    )

    def handle(self, *args, **options):
        self.stdout.write(run_schedule().summary())
