from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wegweiser.operations import backup


class Command(BaseCommand):
    help = (
        "Back up the database, media files and published snapshots into one .tar.gz archive "
        "(restore it with `manage.py restore`)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="The archive to write, or a directory to write wegweiser-<date>-<time>.tar.gz into "
            "(default: BACKUP_DIR, var/backups).",
        )
        parser.add_argument("--keep", type=int, help="Then remove all but this many newest archives in that directory.")

    def handle(self, *args, output=None, keep=None, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more.")
        target = Path(output) if output else Path(settings.BACKUP_DIR)
        if output is None or target.is_dir() or output.endswith("/"):
            target = backup.default_archive_path(target)
        elif not target.name.endswith(".tar.gz"):
            raise CommandError(f"The archive's name must end in .tar.gz: {target}")
        try:
            summary = backup.create_backup(target)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        record_event("backup.created", archive=target.name, size=summary.size, files=summary.files)
        self.stdout.write(
            f"Backed up the {summary.database_vendor} database, {summary.files['media']} media files and "
            f"{summary.files['published']} published files into {target} ({summary.size / 1e6:.1f} MB)."
        )
        if keep is not None:
            for removed in backup.remove_old_backups(target.parent, keep):
                self.stdout.write(f"Removed the older backup {removed}.")


def record_event(action: str, **details) -> None:
    from wegweiser.accounts.audit import record

    record(action, **details)
