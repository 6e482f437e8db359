from collections.abc import Iterator
from itertools import count

import pytest
from wagtail.models import Locale

from wegweiser.content.models import TopicPage
from wegweiser.regions.models import RegionPage

from .sites import Site

_unique = count()


@pytest.fixture
def site(settings) -> Iterator[Site]:
    """A local web site the checker may ask (tests allow loopback addresses), quickly and without a gap."""
    settings.LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = True
    settings.LINK_CHECK_HOST_GAP = 0
    settings.LINK_CHECK_TIMEOUT = 1
    running = Site()
    yield running
    running.stop()


def topic_page(region: RegionPage, body: str, title: str = "Linkseite") -> TopicPage:
    """A new published topic page in the region's German tree."""
    parent = TopicPage.objects.child_of(region).filter(locale__language_code="de").first()
    page = parent.add_child(instance=TopicPage(title=title, slug=f"links-{next(_unique)}", body=body))
    page.save_revision().publish()
    return TopicPage.objects.get(pk=page.pk)


def translated(page: TopicPage, language: str, body: str) -> TopicPage:
    """The page's copy in another language, with its own text, published."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=False, alias=False)
    copy.body = body
    copy.save_revision().publish()
    return TopicPage.objects.get(pk=copy.pk)
