from django.core.management.base import BaseCommand

from wegweiser.operations.periodic import schedule_periodic_tasks


class Command(BaseCommand):
    help = (
        "Make sure each periodic job (calendar import, news schedule, statistics, digest, link check, clean-ups) "
        "has one run waiting for the task worker. Run it before `manage.py db_worker`; running it again is harmless."
    )

    def handle(self, *args, **options):
        names = schedule_periodic_tasks()
        self.stdout.write(f"Periodic jobs scheduled: {', '.join(names)}.")
