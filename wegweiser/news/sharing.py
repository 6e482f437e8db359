"""News for several regions at once: a region shows the news of regions it names (``RegionPage.news_from``, a town
its district's); those regions choose per item which of them get it (``NewsPage.also_in_regions``)."""

from django.db.models import QuerySet

from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage


def receiving_regions(region: RegionPage | None) -> QuerySet[RegionPage]:
    """The regions that show the region's news: those its items can be sent to."""
    if region is None:
        return RegionPage.objects.none()
    return (
        RegionPage.objects.filter(news_from=region, locale__language_code=DEFAULT_LANGUAGE)
        .exclude(pk=region.pk)
        .order_by("title")
    )


def sending_regions(region: RegionPage) -> QuerySet[RegionPage]:
    """The live regions whose news the region shows."""
    return (
        RegionPage.objects.live()
        .filter(news_to=region)
        .exclude(status=RegionPage.Status.ARCHIVED)
        .exclude(pk=region.pk)
    )
