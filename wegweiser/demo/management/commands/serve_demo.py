import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wegweiser.demo.loading import DEMO_PASSWORD, ensure_demo_users
from wegweiser.operations.periodic import schedule_periodic_tasks


class Command(BaseCommand):
    help = "Serve Wegweiser for a demo: the web server plus the background task worker, with URLs and logins."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, host, port, **options):
        if not str(port).isdigit() or not 0 < int(port) < 65536:
            raise CommandError(f"PORT must be a number between 1 and 65535, not {port!r}.")
        base = f"http://{host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"\nWegweiser is starting on {base}/"))
        self.stdout.write(f"  Newcomer view:  {base}/  ·  {base}/musterstadt/de/  ·  {base}/musterstadt/ar/")
        self.stdout.write(f"  Admin:          {base}/admin/")
        self.stdout.write(f"  APIs:           {base}/api/v1/docs  ·  {base}/api/v3/regions/  (Integreat-compatible)")
        self.stdout.write(f"  Demo logins (password for all: {DEMO_PASSWORD}, demo only):")
        for username, role in ensure_demo_users():
            self.stdout.write(f"    {username:24} {role}")
        self.stdout.write("  Stop with Ctrl+C.\n")
        schedule_periodic_tasks()  # calendar imports, news schedule, statistics, digests, link checks, clean-ups
        worker = subprocess.Popen([sys.executable, "manage.py", "db_worker", "--interval", "1"])
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
