from django.core.management.base import BaseCommand, CommandError

from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage
from wegweiser.reviews.digest import compose, digest_for, recipients, regions_with_digest, send_digest


class Command(BaseCommand):
    help = (
        "Send the weekly review digest to the managers and editors of every region (or of the one named with "
        "--region): overdue items, items due soon, suggested changes and broken links. For cron, once a week. "
        "--dry-run prints the digests instead of sending them (and asks no organisation)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", metavar="SLUG", help="only this region (its slug, e.g. musterstadt)")
        parser.add_argument("--dry-run", action="store_true", help="print the e-mails instead of sending them")

    def handle(self, *args, region: str | None, dry_run: bool, **options):
        if region is not None:
            found = RegionPage.objects.filter(slug=region, locale__language_code=DEFAULT_LANGUAGE).first()
            if found is None:
                raise CommandError(f"There is no region with the slug {region!r}.")
            regions = [found]
        else:
            regions = list(regions_with_digest())
        for each in regions:
            if dry_run:
                self.print_digest(each)
                continue
            digest, sent = send_digest(each)
            if digest.is_empty:
                self.stdout.write(f"{each.slug}: nothing to do, no e-mail.")
            else:
                self.stdout.write(
                    f"{each.slug}: {len(digest.overdue)} overdue, {len(digest.due_soon)} due soon, "
                    f"{len(digest.asked)} asked; sent to {sent} people."
                )

    def print_digest(self, region: RegionPage) -> None:
        digest = digest_for(region)
        if digest.is_empty:
            self.stdout.write(f"{region.slug}: nothing to do, no e-mail.")
            return
        people = recipients(region)
        if not people:
            self.stdout.write(f"{region.slug}: nobody to send the digest to (no manager or editor with an e-mail).")
            return
        from wegweiser.reviews.digest import language_of

        for user in people:
            subject, body = compose(digest, language_of(user))
            self.stdout.write(f"To: {user.email}\nSubject: {subject}\n\n{body}")
