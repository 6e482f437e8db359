import json
from datetime import timedelta

import pytest
from django.utils import timezone

from wegweiser.insights.models import Feedback

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_reader_traffic")]


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return json.loads(response.content)


def test_openapi_describes_every_endpoint(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in [
        "/api/v1/regions/",
        "/api/v1/regions/{region}/",
        "/api/v1/regions/{region}/languages/",
        "/api/v1/regions/{region}/{language}/manifest/",
        "/api/v1/regions/{region}/{language}/pages/",
        "/api/v1/regions/{region}/{language}/pages/tree/",
        "/api/v1/regions/{region}/{language}/pages/{page_id}/",
        "/api/v1/regions/{region}/{language}/page/",
        "/api/v1/regions/{region}/{language}/events/",
        "/api/v1/regions/{region}/{language}/places/",
        "/api/v1/regions/{region}/{language}/place-categories/",
        "/api/v1/regions/{region}/{language}/news/",
        "/api/v1/regions/{region}/{language}/imprint/",
        "/api/v1/regions/{region}/{language}/feedback/",
    ]:
        assert path in paths, path
    page = schema["components"]["schemas"]["Page"]["properties"]
    assert {"external_id", "available_languages", "parent", "content"} <= set(page)


def test_browsable_docs_work_without_a_cdn(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"cdn." not in response.content and b"swagger" in response.content.lower()


def test_region_list_and_one_region(client):
    regions = get_json(client, "/api/v1/regions/")
    assert [r["path"] for r in regions] == ["musterland", "musterstadt"]
    region = get_json(client, "/api/v1/regions/musterland/")
    assert region["kind"] == "district" and len(region["towns"]) == 6
    assert region["language_tree"]["de"] is None and region["language_tree"]["en"] == "de"
    assert [language["code"] for language in get_json(client, "/api/v1/regions/musterland/languages/")] == [
        "de",
        "en",
        "ar",
    ]


def test_the_manifest_names_each_document_with_the_etag_it_is_served_with(client):
    manifest = get_json(client, "/api/v1/regions/musterstadt/ar/manifest/")
    documents = {entry["document"]: entry for entry in manifest["documents"]}
    assert set(documents) == {
        "pages",
        "imprint",
        "events",
        "places",
        "place-categories",
        "news",
        "news-archive",
        "contacts",
    }
    pages = client.get(documents["pages"]["url"])
    assert pages.status_code == 200
    assert pages["ETag"] == f'"{documents["pages"]["etag"]}"'
    assert len(pages.content) == documents["pages"]["size"]
    assert client.get(documents["pages"]["url"], HTTP_IF_NONE_MATCH=pages["ETag"]).status_code == 304
    manifest_etag = client.get("/api/v1/regions/musterstadt/ar/manifest/")["ETag"]
    assert client.get("/api/v1/regions/musterstadt/ar/manifest/", HTTP_IF_NONE_MATCH=manifest_etag).status_code == 304


def test_the_page_tree_nests_every_page_once(client):
    flat = get_json(client, "/api/v1/regions/musterstadt/fa/pages/")
    tree = get_json(client, "/api/v1/regions/musterstadt/fa/pages/tree/")

    def ids(nodes):
        for node in nodes:
            yield node["id"]
            yield from ids(node["children"])

    assert sorted(ids(tree)) == sorted(page["id"] for page in flat)
    assert [node["id"] for node in tree] == [page["id"] for page in flat if page["parent"]["id"] == 0]


def test_a_page_by_id_and_by_path_with_its_translations(client):
    page = get_json(client, "/api/v1/regions/musterstadt/de/pages/")[1]
    by_id = get_json(client, f"/api/v1/regions/musterstadt/de/pages/{page['id']}/")
    by_path = get_json(client, f"/api/v1/regions/musterstadt/de/page/?path={page['path']}")
    assert by_id == by_path == page
    assert {"en", "ar", "uk", "fa"} <= set(page["available_languages"])
    arabic = page["available_languages"]["ar"]
    assert get_json(client, f"/api/v1/regions/musterstadt/ar/pages/{arabic['id']}/")["path"] == arabic["path"]


def test_events_are_occurrences_in_a_window_of_days(client):
    # The demo's weekly café starts on the first Tuesday after the day it was loaded: a week from tomorrow holds
    # exactly one of its dates, whichever day it is.
    start = timezone.localdate() + timedelta(days=1)
    week = get_json(client, f"/api/v1/regions/musterstadt/de/events/?start={start}&end={start + timedelta(days=6)}")
    cafe = [e for e in week if e["title"] == "Sprachcafé"]
    assert len(cafe) == 1 and cafe[0]["event"]["recurrence_id"] is not None
    default = get_json(client, "/api/v1/regions/musterstadt/de/events/")
    assert len([e for e in default if e["title"] == "Sprachcafé"]) >= 4
    long_ago = get_json(client, "/api/v1/regions/musterstadt/de/events/?start=2020-01-01&end=2020-02-01")
    assert long_ago == []


def test_events_window_is_checked(client):
    assert "start" in get_json(client, "/api/v1/regions/musterstadt/de/events/?start=someday", 400)["error"]
    assert (
        "before"
        in get_json(client, "/api/v1/regions/musterstadt/de/events/?start=2027-01-02&end=2027-01-01", 400)["error"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regions/nowhere/",
        "/api/v1/regions/musterstadt/xx/pages/",
        "/api/v1/regions/musterstadt/de/pages/999999/",
        "/api/v1/regions/musterstadt/de-si/imprint/",
    ],
)
def test_errors_are_json(client, url):
    assert get_json(client, url, 404)["error"]


def test_feedback_on_a_page(client, musterstadt):
    page = get_json(client, "/api/v1/regions/musterstadt/uk/pages/")[0]
    response = client.post(
        "/api/v1/regions/musterstadt/uk/feedback/",
        {"kind": "page", "rating": "up", "comment": "Дуже корисно", "page_path": page["path"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    feedback = Feedback.objects.get(pk=json.loads(response.content)["id"])
    assert (feedback.page_id, feedback.language, feedback.comment) == (page["id"], "uk", "Дуже корисно")


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "page", "rating": "maybe"},
        {"kind": "page"},
        {"kind": "gossip", "rating": "up"},
        {"kind": "page", "rating": "up", "page_id": 999999},
        {"kind": "page", "comment": "x" * 5001},
    ],
)
def test_bad_feedback_is_refused(client, body):
    response = client.post("/api/v1/regions/musterstadt/de/feedback/", body, content_type="application/json")
    assert response.status_code in (400, 404)
    assert json.loads(response.content)["error"]
    assert not Feedback.objects.exists()
