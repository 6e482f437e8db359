"""Background work after publishing: readability, and the translation memory learning and filling."""

from contextlib import suppress

from django_tasks import task
from wagtail.models import Page

from wegweiser.regions.tenancy import region_of_page

from . import memory, readability
from . import segments as seg


@task()
def after_publication(page_ids: list[int]) -> dict[str, int]:
    """For items just published: score German texts, remember translations, pre-fill changed sentences."""
    counts = {"scored": 0, "remembered": 0, "prefilled": 0}
    for page in Page.objects.filter(pk__in=page_ids).specific():
        region = region_of_page(page)
        if region is None:
            continue
        if readability.record(page) is not None:
            counts["scored"] += 1
        language = page.locale.language_code
        tree = region.language_tree()
        source = tree.source_of(language) if language in tree.nodes else None
        if source is not None:
            with suppress(seg.SegmentError):  # no published source text to pair it with
                counts["remembered"] += memory.remember(seg.translation_job(page, language), region)
        if language in tree.nodes and tree.children_of(language):
            filled = memory.fill_translations_from_memory.call(page.pk)
            counts["prefilled"] += sum(language_counts.get("segments", 0) for language_counts in filled.values())
    return counts
