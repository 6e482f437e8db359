from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wegweiser.accounts import audit, two_factor


class Command(BaseCommand):
    help = (
        "Remove a person's two-factor sign-in (authenticator and backup codes), e.g. after a lost phone; "
        "they sign in with their password and set it up again. Written to the security log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the username “{username}”.")
        if not two_factor.has_two_factor(user) and not two_factor.backup_codes_left(user):
            raise CommandError(f"“{username}” has no two-factor sign-in; nothing changed.")
        two_factor.remove(user)
        audit.record("two_factor.removed", subject=user, by_command=True)
        self.stdout.write(f"Removed two-factor sign-in of “{username}”. They sign in with their password now.")
