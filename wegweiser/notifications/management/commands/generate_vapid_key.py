"""Create the server's VAPID key for Web Push, once per installation."""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from wegweiser.notifications.vapid import application_server_key, generate_private_key_pem


class Command(BaseCommand):
    help = (
        "Write a new VAPID private key (PEM) for Web Push and print its public key. Point "
        "WEB_PUSH_VAPID_PRIVATE_KEY at the file. A new key makes every existing subscription useless."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "vapid-private-key.pem",
            help="Where to write the key (default: %(default)s).",
        )
        parser.add_argument("--keep", action="store_true", help="Do nothing if the file exists already.")
        parser.add_argument("--force", action="store_true", help="Replace an existing key.")

    def handle(self, *args, output: Path, keep: bool, force: bool, **options):
        if output.exists() and not force:
            if keep:
                return
            raise CommandError(f"{output} exists; --force replaces it (and makes every subscription useless).")
        pem = generate_private_key_pem()
        output.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(pem)
        with override_settings(WEB_PUSH_VAPID_PRIVATE_KEY=pem):
            public = application_server_key()
        self.stdout.write(f"Wrote {output}\nApplication server key (public): {public}")
