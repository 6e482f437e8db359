"""Editors preview a page in the newcomer web app's own templates, before it is published.

The draft is turned into the same data the snapshot builder publishes, so the preview shows exactly
what newcomers will see; the rest of the guide (breadcrumbs, language switch) comes from what is published.
"""

from django.http import Http404
from django.utils import translation

from wegweiser.content.models import ImprintPage, TopicPage
from wegweiser.events.documents import event_data
from wegweiser.events.models import EventPage
from wegweiser.news.documents import news_data
from wegweiser.news.models import NewsPage
from wegweiser.places.documents import place_data
from wegweiser.places.models import PlacePage
from wegweiser.publishing.documents import NO_PARENT, RegionInLanguage, other_languages, page_data
from wegweiser.regions.models import RegionPage

from . import views
from .reading import Guide


def preview(request, page):
    region = page if isinstance(page, RegionPage) else page.get_ancestors().type(RegionPage).first().specific
    code = page.locale.language_code
    scope = RegionInLanguage.of(region.canonical, code)
    if scope is None:
        raise Http404("Publish the region in this language first.")
    guide = Guide.of(region.canonical.slug, code)
    translations = other_languages(scope, [page])
    with translation.override(code):
        if isinstance(page, TopicPage):
            data = page_data(page, scope, translations, {}, parent=parent_link(guide, page))
            return views.render_item(request, guide, "page", data)
        if isinstance(page, ImprintPage):
            return views.render_item(request, guide, "imprint", page_data(page, scope, translations, {}))
        if isinstance(page, EventPage):
            return views.render_item(request, guide, "events", event_data(page, scope, translations, {}))
        if isinstance(page, PlacePage):
            return views.render_item(request, guide, "places", place_data(page, scope, translations, {}))
        if isinstance(page, NewsPage):
            return views.render_item(request, guide, "news", news_data(page, scope, translations))
    return views.home(request, guide.slug, guide.code)


def parent_link(guide: Guide, page) -> dict:
    parent = guide.pages.by_id.get(page.get_parent().id)
    return {"id": parent["id"], "url": parent["url"], "path": parent["path"]} if parent else NO_PARENT
