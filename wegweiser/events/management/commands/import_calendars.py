from django.core.management.base import BaseCommand, CommandError

from wegweiser.events.importing import due_feeds, import_feed
from wegweiser.events.models import CalendarFeed


class Command(BaseCommand):
    help = (
        "Import external calendar feeds as events: every active feed, the ones named with --feed, "
        "or (for cron) only those whose interval has passed (--due). Exits with 1 if an import failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--feed", type=int, action="append", default=[], metavar="ID", help="a feed's id")
        parser.add_argument("--due", action="store_true", help="only feeds whose import interval has passed")

    def handle(self, *args, feed: list[int], due: bool, **options):
        if feed and due:
            raise CommandError("Give --feed or --due, not both.")
        if feed:
            found = {f.pk: f for f in CalendarFeed.objects.filter(pk__in=feed).select_related("region")}
            missing = [str(pk) for pk in feed if pk not in found]
            if missing:
                raise CommandError(f"There is no calendar feed with the id {', '.join(missing)}.")
            feeds = [found[pk] for pk in feed]
        elif due:
            feeds = due_feeds()
        else:
            feeds = list(CalendarFeed.objects.filter(active=True).select_related("region"))
        failed = 0
        for item in feeds:
            report = import_feed(item)
            line = f"{item.pk} {item.name} ({item.region.slug}): {report.summary()}"
            if report.error:
                failed += 1
                self.stderr.write(line)
            else:
                self.stdout.write(line)
            for problem in report.problems:
                self.stdout.write(f"    {problem}")
        if failed:
            raise CommandError(f"{failed} of {len(feeds)} calendar feeds could not be imported.")
        if not feeds:
            self.stdout.write("No calendar feeds to import.")
