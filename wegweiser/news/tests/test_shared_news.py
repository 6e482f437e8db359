"""News for several regions at once: a town shows its district's news (``news_from``), the district sends an
item to the towns it chooses (``also_in_regions``); the town's readers get it in their language, or following
the town's fallback, under the town's address and marked with where it comes from."""

import json

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from wegweiser.news.models import NewsPage
from wegweiser.publishing import snapshots

from .conftest import add_news, by_title, expire_now, news_list, published, translate

pytestmark = pytest.mark.django_db
DISTRICT = {"slug": "musterland", "name": "Landkreis Musterland"}


def show_news_of(town, *regions, fallback: bool = False) -> None:
    town.news_from = list(regions)
    town.fallback_to_source = fallback
    town.save()
    snapshots.rebuild_region(town)


@pytest.fixture
def town(musterstadt, musterland):
    """Musterstadt shows Musterland's news (without the fallback to source languages)."""
    show_news_of(musterstadt, musterland)
    return musterstadt


def test_an_item_sent_to_a_town_is_in_the_towns_news_in_each_language(town, musterland, on_commit):
    with on_commit():
        own = add_news(town, "Stadtfest verschoben")
        item = add_news(musterland, "Neue Buslinie im Landkreis", sent_to=(town,))
    assert "Neue Buslinie im Landkreis" not in by_title(published(town, "ar", "news"))  # not translated yet
    with on_commit():
        arabic = translate(item, "ar", "خط حافلات جديد في المقاطعة")

    german = published(town, "de", "news")
    assert german[0]["title"] == "Neue Buslinie im Landkreis"  # newest first, own and received together
    received = by_title(german)["Neue Buslinie im Landkreis"]
    assert received["source_region"] == DISTRICT
    assert received["path"] == f"/musterstadt/de/news/local/{item.id}/"
    assert received["available_languages"]["ar"]["path"] == f"/musterstadt/ar/news/local/{arabic.id}/"
    assert by_title(german)[own.title]["source_region"] is None
    shown = by_title(published(town, "ar", "news"))[arabic.title]
    assert shown["path"] == f"/musterstadt/ar/news/local/{arabic.id}/"
    assert shown["source_region"] == DISTRICT and shown["fallback_language"] is None
    assert by_title(published(musterland, "de", "news"))[item.title]["source_region"] is None

    with on_commit():
        item.unpublish()
    assert item.title not in by_title(published(town, "de", "news"))
    assert item.title not in by_title(published(town, "de", "news-archive"))


def test_an_untranslated_item_follows_the_towns_fallback(town, musterland, on_commit):
    with on_commit():
        item = add_news(musterland, "Sprechstunde im Landratsamt", sent_to=(town,))
        english = translate(item, "en", "Office hours at the district office")
    assert item.title not in by_title(published(town, "ar", "news"))
    assert english.title not in by_title(published(town, "fa", "news"))

    show_news_of(town, musterland, fallback=True)
    arabic = by_title(published(town, "ar", "news"))[item.title]
    assert arabic["fallback_language"] == "de" and arabic["path"] == f"/musterstadt/ar/news/local/{item.id}/"
    assert arabic["source_region"] == DISTRICT and "fallback-notice" in arabic["content"]
    # Persian is translated from English in Musterstadt (Musterland has no Persian): the English text.
    persian = by_title(published(town, "fa", "news"))[english.title]
    assert persian["fallback_language"] == "en" and persian["path"] == f"/musterstadt/fa/news/local/{english.id}/"


def test_only_a_town_that_shows_the_districts_news_gets_them(musterstadt, musterland, on_commit):
    show_news_of(musterstadt)
    with on_commit():
        add_news(musterland, "Nur für Neuhausen", sent_to=(musterstadt,))
    assert "Nur für Neuhausen" not in by_title(published(musterstadt, "de", "news"))

    with on_commit():
        add_news(musterland, "Nur im Landkreis")
    show_news_of(musterstadt, musterland)
    titles = by_title(published(musterstadt, "de", "news"))
    assert "Nur für Neuhausen" in titles and "Nur im Landkreis" not in titles


def test_expiry_moves_a_received_item_to_the_towns_archive(town, musterland, on_commit):
    with on_commit():
        item = add_news(musterland, "Anmeldung zum Sprachkurs", sent_to=(town,))
    expire_now(item, on_commit)
    assert item.title not in by_title(published(town, "de", "news"))
    archived = by_title(published(town, "de", "news-archive"))[item.title]
    assert archived["archived"] is True and archived["source_region"] == DISTRICT


def test_readers_find_a_received_item_under_the_towns_address(town, musterland, on_commit, client):
    with on_commit():
        item = add_news(musterland, "Neue Buslinie im Landkreis", sent_to=(town,))
        arabic = translate(item, "ar", "خط حافلات جديد في المقاطعة")
    listing = client.get("/musterstadt/ar/news/").content.decode()
    assert 'dir="rtl"' in listing and arabic.title in listing and "Landkreis Musterland" in listing
    page = client.get(f"/musterstadt/ar/news/local/{arabic.id}/")
    assert page.status_code == 200
    assert arabic.title in page.content.decode() and "Landkreis Musterland" in page.content.decode()
    german = client.get(f"/musterstadt/de/news/local/{item.id}/").content.decode()
    assert 'lang="de' in german and "Landkreis Musterland" in german
    v3 = client.get(f"/api/v3/musterstadt/ar/news/local-{arabic.id}/")
    assert v3.status_code == 200 and json.loads(v3.content)["title"] == arabic.title
    v1 = client.get(f"/api/v1/regions/musterstadt/de/news/local-{item.id}/")
    assert v1.status_code == 200 and json.loads(v1.content)["source_region"] == DISTRICT
    assert client.get("/api/v1/regions/musterstadt/de/news/local-0/").status_code == 404


def news_form(**changes) -> dict:
    data = {"title": "Neue Buslinie", "slug": "neue-buslinie", "body": rich_text("<p>Ab Mai.</p>")}
    data.update(changes)
    lists = {name: value for name, value in data.items() if isinstance(value, list)}  # sent as repeated fields
    return {**nested_form_data({k: v for k, v in data.items() if k not in lists}), **lists}


def test_the_editor_offers_only_the_regions_that_show_the_news(musterstadt, musterland, login):
    show_news_of(musterstadt)
    client = login("musterland-editor")
    url = f"/admin/pages/add/news/newspage/{news_list(musterland).pk}/"
    assert list(client.get(url).context["form"].fields["also_in_regions"].queryset) == []
    show_news_of(musterstadt, musterland)
    form = client.get(url).context["form"]
    assert list(form.fields["also_in_regions"].queryset) == [musterstadt]
    assert 'type="checkbox"' in str(form["also_in_regions"])

    response = client.post(url, news_form(also_in_regions=[str(musterstadt.pk)]))
    assert response.status_code == 302
    assert list(NewsPage.objects.get(slug="neue-buslinie").also_in_regions.all()) == [musterstadt]


@pytest.mark.parametrize("target", ["musterland", "unknown"])
def test_the_editor_refuses_another_region(musterstadt, musterland, login, target):
    show_news_of(musterstadt, musterland)
    client = login("musterland-editor")
    chosen = {"musterland": str(musterland.pk), "unknown": "999999"}[target]
    response = client.post(
        f"/admin/pages/add/news/newspage/{news_list(musterland).pk}/",
        news_form(slug="falsch", also_in_regions=[str(musterstadt.pk), chosen]),
    )
    assert response.status_code == 200
    assert "Only regions that show this region&#x27;s news can be chosen." in response.content.decode()
    assert not NewsPage.objects.filter(slug="falsch").exists()


def test_another_regions_editor_cannot_add_news_to_the_district(musterland, login):
    client = login("musterstadt-editor")
    assert client.get(f"/admin/pages/add/news/newspage/{news_list(musterland).pk}/").status_code in (302, 403)


def test_a_region_is_not_offered_its_own_news(musterstadt, musterland, login):
    form = login("admin").get(f"/admin/pages/{musterland.pk}/edit/").context["form"]
    offered = list(form.fields["news_from"].queryset)
    assert musterstadt in offered and musterland not in offered
