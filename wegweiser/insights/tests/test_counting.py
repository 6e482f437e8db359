"""Counting what newcomers read: per item, language and day, nothing about the reader, added up by a task."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from wegweiser.insights.counting import aggregate_views
from wegweiser.insights.models import DailyViews, View
from wegweiser.publishing.lookup import region_document

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_reader_traffic")]
URL = "/api/v1/views/"
BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile"


def first(region: str, language: str, name: str) -> dict:
    document = region_document(region, language, name)
    assert document is not None
    return document.data[0]


def send(client, views: list[dict], agent: str = BROWSER):
    return client.post(URL, json.dumps({"views": views}), content_type="application/json", HTTP_USER_AGENT=agent)


def view(region: str, language: str, kind: str, item, day=None) -> dict:
    return {"region": region, "language": language, "kind": kind, "id": item, "day": str(day or timezone.localdate())}


def test_views_are_stored_with_item_language_and_day_only(client, musterstadt):
    german, arabic = first("musterstadt", "de", "pages"), first("musterstadt", "ar", "pages")
    news = first("musterstadt", "ar", "news")
    event = first("musterstadt", "de", "events")
    yesterday = timezone.localdate() - timedelta(days=1)
    response = send(
        client,
        [
            view("musterstadt", "de", "page", german["id"]),
            view("musterstadt", "ar", "page", arabic["id"], yesterday),
            view("musterstadt", "ar", "news", news["id"]),  # "local-<id>", as the documents have it
            view("musterstadt", "de", "event", event["id"]),
        ],
    )
    assert response.status_code == 202
    assert response.json() == {"counted": 4, "ignored": 0}
    assert not response.cookies
    stored = set(View.objects.values_list("region_id", "language", "kind", "item_id", "day"))
    today = timezone.localdate()
    assert stored == {
        (musterstadt.id, "de", "page", german["id"], today),
        (musterstadt.id, "ar", "page", arabic["id"], yesterday),
        (musterstadt.id, "ar", "news", news["page_id"], today),
        (musterstadt.id, "de", "event", event["id"], today),
    }
    # Nothing that could tell readers apart is even a column.
    assert {field.name for field in View._meta.get_fields()} == {
        "id",
        "region",
        "language",
        "kind",
        "item_id",
        "day",
        "received_at",
    }


def test_views_of_things_readers_cannot_open_are_ignored(client, musterstadt):
    german = first("musterstadt", "de", "pages")
    today = timezone.localdate()
    response = send(
        client,
        [
            view("musterstadt", "de", "page", german["id"]),
            view("musterstadt", "de", "page", 999999),  # no such page
            view("musterstadt", "de", "place", german["id"]),  # a page is not a place
            view("musterstadt", "xx", "page", german["id"]),  # a language the region does not offer
            view("atlantis", "de", "page", german["id"]),  # no such region
            view("musterstadt", "de", "page", german["id"], today - timedelta(days=30)),  # too late
            view("musterstadt", "de", "page", german["id"], today + timedelta(days=5)),  # not yet
            view("musterstadt", "de", "news", "local-abc"),
        ],
    )
    assert response.status_code == 202
    assert response.json() == {"counted": 1, "ignored": 7}
    assert View.objects.count() == 1


@pytest.mark.parametrize(
    "agent",
    ["", "Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.32", "HeadlessChrome"],
)
def test_robots_are_not_counted(client, agent):
    german = first("musterstadt", "de", "pages")
    response = send(client, [view("musterstadt", "de", "page", german["id"])], agent=agent)
    assert response.status_code == 202
    assert response.json() == {"counted": 0, "ignored": 1}
    assert not View.objects.exists()


@pytest.mark.parametrize(
    "body, problem",
    [
        ({}, "views"),
        ({"views": []}, "views"),
        ({"views": [view("musterstadt", "de", "page", 1)] * 201}, "views"),
        ({"views": [view("musterstadt", "de", "poster", 1)]}, "kind"),
        ({"views": [{**view("musterstadt", "de", "page", 1), "day": "gestern"}]}, "day"),
        ({"views": [{"region": "musterstadt", "language": "de", "kind": "page"}]}, "id"),
    ],
)
def test_a_malformed_batch_is_refused_as_a_whole(client, body, problem):
    german = first("musterstadt", "de", "pages")
    send(client, [view("musterstadt", "de", "page", german["id"])])
    response = client.post(URL, json.dumps(body), content_type="application/json", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400
    assert problem in response.json()["error"]
    assert View.objects.count() == 1  # what was counted before stays


def test_not_json_is_refused(client):
    response = client.post(URL, "views=1", content_type="application/json", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400
    assert response.json()["error"]


def test_the_apis_count_the_pages_and_news_they_serve(client, musterstadt):
    german = first("musterstadt", "de", "pages")
    news = first("musterstadt", "de", "news")
    headers = {"HTTP_USER_AGENT": BROWSER}
    assert client.get(f"/api/v1/regions/musterstadt/de/pages/{german['id']}/", **headers).status_code == 200
    assert client.get(f"/api/v3/musterstadt/de/page/?id={german['id']}", **headers).status_code == 200
    assert client.get(f"/api/v1/regions/musterstadt/de/news/{news['id']}/", **headers).status_code == 200
    revalidated = client.get(f"/api/v1/regions/musterstadt/de/pages/{german['id']}/", HTTP_IF_NONE_MATCH='"x"')
    assert revalidated.status_code == 200
    client.get(f"/api/v1/regions/musterstadt/de/pages/{german['id']}/", HTTP_USER_AGENT="Bingbot/2.0")
    assert sorted(View.objects.values_list("kind", "item_id")) == [
        ("news", news["page_id"]),
        ("page", german["id"]),
        ("page", german["id"]),
    ]


def test_views_are_added_up_per_item_language_and_day_then_dropped(musterstadt, musterland):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    DailyViews.objects.create(region=musterstadt, language="de", kind="page", item_id=7, day=yesterday, views=10)
    View.objects.bulk_create(
        [View(region=musterstadt, language="de", kind="page", item_id=7, day=yesterday)] * 3
        + [View(region=musterstadt, language="ar", kind="page", item_id=8, day=today)] * 2
        + [View(region=musterland, language="de", kind="place", item_id=9, day=today)]
    )
    assert aggregate_views() == 6
    totals = {(row.region_id, row.language, row.item_id, row.day): row.views for row in DailyViews.objects.all()}
    assert totals == {
        (musterstadt.id, "de", 7, yesterday): 13,
        (musterstadt.id, "ar", 8, today): 2,
        (musterland.id, "de", 9, today): 1,
    }
    assert not View.objects.exists()
    assert aggregate_views() == 0  # running again adds nothing twice
    assert DailyViews.objects.get(region=musterstadt, language="de", item_id=7).views == 13


def test_single_views_older_than_the_limit_are_dropped_without_being_counted(musterstadt, settings):
    settings.INSIGHTS_RAW_VIEW_DAYS = 3
    old = View.objects.create(region=musterstadt, language="de", kind="page", item_id=1, day=timezone.localdate())
    View.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=4))
    View.objects.create(region=musterstadt, language="de", kind="page", item_id=1, day=timezone.localdate())
    assert aggregate_views() == 1
    assert not View.objects.exists()
    assert DailyViews.objects.get(region=musterstadt, item_id=1).views == 1


def test_the_command_adds_views_up(musterstadt, capsys):
    View.objects.create(region=musterstadt, language="uk", kind="page", item_id=5, day=timezone.localdate())
    call_command("aggregate_views")
    assert "Added up 1 views." in capsys.readouterr().out
    assert DailyViews.objects.get(language="uk").views == 1
