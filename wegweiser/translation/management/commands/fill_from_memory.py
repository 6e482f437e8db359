"""``manage.py fill_from_memory <region> [--language xx ...] [--remember]``: a region's translations from the memory."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage
from wegweiser.translation import memory
from wegweiser.translation.segments import SegmentError


class Command(BaseCommand):
    help = (
        "Fill a region's missing translations from the translation memory shared by all regions and publish the "
        "ones that are then complete. With --remember, first build the memory from all existing translations."
    )

    def add_arguments(self, parser):
        parser.add_argument("region", help="the region's slug, e.g. musterstadt")
        parser.add_argument(
            "--language", action="append", dest="languages", metavar="CODE", help="only this language (repeatable)"
        )
        parser.add_argument(
            "--remember", action="store_true", help="first remember every confirmed translation of all regions"
        )

    def handle(self, *args, region: str, languages: list[str] | None, remember: bool, **options):
        found = RegionPage.objects.filter(slug=region, locale__language_code=DEFAULT_LANGUAGE).first()
        if found is None:
            raise CommandError(_("There is no region with the slug “%(slug)s”.") % {"slug": region})
        try:
            memory.languages_in_order(found.language_tree(), languages)
        except SegmentError as error:
            raise CommandError(str(error)) from None
        if remember:
            count = memory.remember_all()
            self.stdout.write(_("Remembered %(count)d segment translations.") % {"count": count})
        report = memory.fill_region_from_memory(found, languages=languages)
        for code, counts in report.languages.items():
            self.stdout.write(
                _(
                    "%(language)s: %(words)d words in %(segments)d segments filled, %(published)d translations "
                    "published, %(incomplete)d still incomplete."
                )
                % {
                    "language": code,
                    "words": counts.words,
                    "segments": counts.segments,
                    "published": counts.published,
                    "incomplete": counts.incomplete,
                }
            )
        self.stdout.write(
            _("%(region)s: the memory saved %(words)d words.") % {"region": found.full_name, "words": report.words}
        )
