from django.conf import settings
from django.core.management.base import BaseCommand

from wegweiser.accounts.audit import forget_old_events


class Command(BaseCommand):
    help = "Remove security log events older than SECURITY_LOG_DAYS days (run daily from cron without the task worker)."

    def handle(self, *args, **options):
        count = forget_old_events()
        self.stdout.write(f"Removed {count} security events older than {settings.SECURITY_LOG_DAYS} days.")
