"""The demo's pages the tests of shared content use."""

from wegweiser.content.demo import demo_page
from wegweiser.content.models import TopicPage


def page_of(region_slug: str, slug: str) -> TopicPage:
    """A topic page of a demo region in German, by slug; the demo must have it."""
    page = demo_page(region_slug, slug)
    assert page is not None, f"the demo has no page {slug!r} in {region_slug!r}"
    return page
