import json

from django.core.management.base import BaseCommand, CommandError

from wegweiser.operations.health import run_checks


class Command(BaseCommand):
    help = "Run the checks of /health/ (database, snapshot storage, task queue, disk space); exit 1 if one fails."

    def handle(self, *args, **options):
        checks = run_checks()
        self.stdout.write(json.dumps(checks, sort_keys=True))
        failing = [name for name, result in checks.items() if not result["ok"]]
        if failing:
            raise CommandError(f"Failing: {', '.join(failing)}.")
