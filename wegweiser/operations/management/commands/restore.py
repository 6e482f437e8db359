from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wegweiser.operations import backup

from .backup import record_event


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup`: the database, media files and published snapshots. "
        "Stop the web server and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument("--force", action="store_true", help="Replace the content of a database that is not empty.")

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"There is no backup archive at {path}.")
        try:
            manifest = backup.restore_backup(path, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        record_event("backup.restored", archive=path.name, created_at=manifest.data["created_at"])
        files = manifest.data["files"]
        self.stdout.write(
            f"Restored the backup of {manifest.data['created_at']} (Wegweiser {manifest.data['wegweiser_version']}): "
            f"the database, {files.get('media', 0)} media files and {files.get('published', 0)} published files. "
            "Run `manage.py migrate` if this version of Wegweiser is newer than the backup."
        )
