"""Contract tests of the Integreat-compatible API: every documented field, its type, and the behaviour
Integreat's apps rely on (CORS everywhere, JSON errors, both slash forms, children/parents semantics)."""

import gzip
import json
from urllib.parse import quote

import brotli
import pytest

from wegweiser.demo.loading import CONTENT_DIR
from wegweiser.insights.models import Feedback

#: Musterstadt's places, events and news as the demo loads them.
LOCAL = json.loads((CONTENT_DIR / "musterstadt" / "local.json").read_text(encoding="utf-8"))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_reader_traffic")]

OPTIONAL_STR = (str, type(None))
OPTIONAL_NUMBER = (int, float, type(None))

LANGUAGE_FIELDS = {"id": int, "code": str, "bcp47_tag": str, "native_name": str, "dir": str}
REGION_FIELDS = {
    "id": int,
    "name": str,
    "path": str,
    "live": bool,
    "prefix": str,
    "name_without_prefix": str,
    "plz": str,
    "extras": bool,
    "events": bool,
    "pois": bool,
    "contacts": bool,
    "push_notifications": bool,
    "longitude": OPTIONAL_NUMBER,
    "latitude": OPTIONAL_NUMBER,
    "bounding_box": list,
    "aliases": dict,
    "tunews": bool,
    "external_news": bool,
    "languages": list,
    "is_chat_enabled": bool,
    "zammad_privacy_policy": str,
}
LINK_FIELDS = {"id": int, "url": OPTIONAL_STR, "path": OPTIONAL_STR}
PAGE_FIELDS = {
    "id": int,
    "url": str,
    "path": str,
    "title": str,
    "modified_gmt": str,
    "last_updated": str,
    "excerpt": str,
    "content": str,
    "parent": dict,
    "order": int,
    "available_languages": dict,
    "thumbnail": OPTIONAL_STR,
    "organization": (dict, type(None)),
    "hash": OPTIONAL_STR,
    "embedded_offers": list,
}
ORGANISATION_FIELDS = {"id": int, "slug": str, "name": str, "logo": OPTIONAL_STR, "website": str}


def check_fields(item: dict, fields: dict) -> None:
    for name, kind in fields.items():
        assert name in item, f"missing field {name!r}"
        assert isinstance(item[name], kind), f"{name!r} is {type(item[name]).__name__}"


def check_page(page: dict) -> None:
    check_fields(page, PAGE_FIELDS)
    check_fields(page["parent"], LINK_FIELDS)
    for link in page["available_languages"].values():
        check_fields(link, LINK_FIELDS)
    if page["organization"]:
        check_fields(page["organization"], ORGANISATION_FIELDS)
    # ISO 8601 with offset, as the apps parse it
    assert page["last_updated"][-6] in "+-" and page["modified_gmt"].endswith("Z")


def get(client, url: str, **headers):
    response = client.get(url, **headers)
    assert response["Access-Control-Allow-Origin"] == "*", url
    return response


def get_json(client, url: str, status: int = 200):
    response = get(client, url)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_regions_lists_every_region_with_the_documented_fields(client):
    regions = get_json(client, "/api/v3/regions/")
    assert {r["path"] for r in regions} == {"musterstadt", "musterland"}
    for region in regions:
        check_fields(region, REGION_FIELDS)
        (lon_min, lat_min), (lon_max, lat_max) = region["bounding_box"]
        assert lon_min < lon_max and lat_min < lat_max
        for language in region["languages"]:
            check_fields(language, LANGUAGE_FIELDS)
    musterland = next(r for r in regions if r["path"] == "musterland")
    assert musterland["name"] == "Landkreis Musterland" and musterland["name_without_prefix"] == "Musterland"
    assert musterland["aliases"] and all(set(a) == {"latitude", "longitude"} for a in musterland["aliases"].values())


def test_one_region_and_its_languages(client):
    region = get_json(client, "/api/v3/regions/musterstadt")
    check_fields(region, REGION_FIELDS)
    languages = get_json(client, "/api/v3/musterstadt/languages/")
    assert languages == region["languages"]
    codes = {language["code"]: language for language in languages}
    assert codes["ar"]["dir"] == "RIGHT_TO_LEFT" and codes["de"]["dir"] == "LEFT_TO_RIGHT"
    assert codes["fa"]["native_name"] == "فارسی"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_pages_are_flat_with_parent_links_and_translations(client, language):
    pages = get_json(client, f"/api/v3/musterstadt/{language}/pages/")
    assert len(pages) > 40
    ids = {page["id"] for page in pages}
    for page in pages:
        check_page(page)
        assert page["path"].startswith(f"/musterstadt/{language}/")
        assert page["parent"]["id"] == 0 or page["parent"]["id"] in ids
        assert language not in page["available_languages"]
    roots = [page for page in pages if page["parent"]["id"] == 0]
    assert all(page["parent"] == {"id": 0, "url": None, "path": None} for page in roots)
    assert "<h2>" in "".join(page["content"] for page in pages)


def test_translations_point_at_each_other(client):
    german = get_json(client, "/api/v3/musterstadt/de/pages/")[0]
    arabic_link = german["available_languages"]["ar"]
    arabic = get_json(client, f"/api/v3/musterstadt/ar/page/?id={arabic_link['id']}")
    assert arabic["path"] == arabic_link["path"]
    assert arabic["available_languages"]["de"]["id"] == german["id"]


def test_children_without_url_are_the_tiles(client):
    pages = get_json(client, "/api/v3/musterstadt/de/pages/")
    tiles = get_json(client, "/api/v3/musterstadt/de/children/?depth=1")
    assert [t["id"] for t in tiles] == [p["id"] for p in pages if p["parent"]["id"] == 0]
    deeper = get_json(client, "/api/v3/musterstadt/de/children/?depth=2")
    assert len(deeper) > len(tiles) and {t["id"] for t in tiles} <= {d["id"] for d in deeper}


def test_children_of_a_page_start_with_the_page_itself(client):
    pages = get_json(client, "/api/v3/musterstadt/uk/pages/")
    parent = pages[0]
    # The app sends the path without trailing slash, lower-cased and percent-encoded.
    url = quote(parent["path"].rstrip("/").lower())
    answer = get_json(client, f"/api/v3/musterstadt/uk/children/?url={url}&depth=2")
    assert answer[0]["id"] == parent["id"]
    direct = [p["id"] for p in pages if p["parent"]["id"] == parent["id"]]
    assert direct and set(direct) <= {p["id"] for p in answer[1:]}
    alone = get_json(client, f"/api/v3/musterstadt/uk/children/?url={url}&depth=0")
    assert [p["id"] for p in alone] == [parent["id"]]


def test_parents_go_from_the_top_down_to_the_parent(client):
    pages = get_json(client, "/api/v3/musterstadt/de/pages/")
    by_id = {p["id"]: p for p in pages}
    deepest = max(pages, key=lambda p: p["path"].count("/"))
    chain = get_json(client, f"/api/v3/musterstadt/de/parents/?url={quote(deepest['path'])}")
    assert chain and chain[-1]["id"] == deepest["parent"]["id"]
    assert chain[0]["parent"]["id"] == 0
    for upper, lower in zip(chain, chain[1:], strict=False):
        assert by_id[lower["id"]]["parent"]["id"] == upper["id"]
    root = next(p for p in pages if p["parent"]["id"] == 0)
    assert get_json(client, f"/api/v3/musterstadt/de/parents/?url={root['path']}") == []


def test_one_page_by_url_or_id(client):
    page = get_json(client, "/api/v3/musterstadt/ar/pages/")[3]
    by_url = get_json(client, f"/api/v3/musterstadt/ar/page/?url={quote(page['path'])}")
    by_id = get_json(client, f"/api/v3/musterstadt/ar/page/?id={page['id']}")
    assert by_url == by_id == page
    assert get_json(client, "/api/v3/musterstadt/ar/page/?url=/musterstadt/ar/nothing/", 404)["error"]
    assert get_json(client, "/api/v3/musterstadt/ar/page/", 400)["error"]


def test_imprint_is_page_shaped_and_404_where_there_is_none(client):
    imprint = get_json(client, "/api/v3/musterstadt/ar/imprint/")
    check_page(imprint)
    assert imprint["title"] == "بيانات الناشر"
    assert get_json(client, "/api/v3/musterstadt/de/disclaimer") == get_json(client, "/api/v3/musterstadt/de/imprint")
    assert "error" in get_json(client, "/api/v3/musterstadt/de-si/imprint/", 404)


@pytest.mark.parametrize("endpoint", ["events", "locations", "location-categories", "fcm"])
def test_lists_a_region_has_not_published_are_empty_lists(client, endpoint):
    assert get_json(client, f"/api/v3/musterland/de/{endpoint}/") == []
    assert get_json(client, f"/api/v3/musterland/de/{endpoint}") == []


LOCATION_FIELDS = {
    "id": OPTIONAL_NUMBER,
    "name": OPTIONAL_STR,
    "address": OPTIONAL_STR,
    "town": OPTIONAL_STR,
    "state": OPTIONAL_STR,
    "postcode": OPTIONAL_STR,
    "region": OPTIONAL_STR,
    "country": OPTIONAL_STR,
    "latitude": OPTIONAL_NUMBER,
    "longitude": OPTIONAL_NUMBER,
}
EVENT_FIELDS = {
    "id": int,
    "start": str,
    "start_date": str,
    "start_time": str,
    "end": str,
    "end_date": str,
    "end_time": str,
    "all_day": bool,
    "only_weekdays": bool,
    "recurrence_id": (int, type(None)),
    "timezone": str,
}


@pytest.mark.parametrize("language", ["de", "ar"])
def test_events_expand_recurring_ones_for_31_days(client, language):
    events = get_json(client, f"/api/v3/musterstadt/{language}/events/")
    for event in events:
        check_fields(event, {**PAGE_FIELDS, "id": (int, type(None))})
        check_fields(event["location"], LOCATION_FIELDS)
        check_fields(event["event"], EVENT_FIELDS)
        assert event["path"].startswith(f"/musterstadt/{language}/events/")
        assert event["recurrence_rule"] is None
    expanded = [event for event in events if event["id"] is None]
    # The weekly language café happens four or five times in 31 days, each with its date in the slug.
    cafe = [event for event in expanded if event["path"].split("/")[4].startswith(("sprachcafe$", "language-cafe$"))]
    assert 4 <= len(cafe) <= 5
    assert all(event["path"].rstrip("/").endswith("$" + event["event"]["start_date"]) for event in cafe)
    starts = [event["event"]["start"] for event in events]
    assert starts == sorted(starts)


def test_events_combined_carry_their_rule(client):
    events = get_json(client, "/api/v3/musterstadt/de/events/?combine_recurring=True")
    # Every demo event is still to come: the single ones lie ahead, the series go on.
    assert len(events) == len(LOCAL["events"]) and all(isinstance(event["id"], int) for event in events)
    rules = {event["title"]: event["recurrence_rule"] for event in events}
    assert (
        rules["Sprachcafé"].startswith("DTSTART;TZID=Europe/Berlin:")
        and "RRULE:FREQ=WEEKLY;BYDAY=TU" in rules["Sprachcafé"]
    )
    assert rules["Infoabend: Arbeit finden in Musterstadt"] is None
    online = next(event for event in events if event["meeting_url"])
    assert online["location"] == dict.fromkeys(LOCATION_FIELDS) and online["location_path"] is None
    with_place = next(event for event in events if event["location"]["id"])
    assert with_place["location_path"].startswith("/musterstadt/de/locations/")


@pytest.mark.parametrize("language", ["de", "uk"])
def test_locations_with_category_hours_and_contacts(client, language):
    places = get_json(client, f"/api/v3/musterstadt/{language}/locations/?on_map=1")
    assert len(places) == len(LOCAL["places"])
    for place in places:
        check_fields(place, PAGE_FIELDS)
        check_fields(place["location"], LOCATION_FIELDS)
        assert isinstance(place["category"]["name"], str) and place["category"]["color"].startswith("#")
        assert isinstance(place["contacts"], list) and "organization" in place
        assert isinstance(place["temporarily_closed"], bool)
        assert len(place["opening_hours"]) == 7
        for day in place["opening_hours"]:
            assert {"allDay", "closed", "appointmentOnly", "timeSlots"} <= set(day)
            assert isinstance(day["timeSlots"], list)
        assert place["path"].startswith(f"/musterstadt/{language}/locations/")
        for code, link in place["available_languages"].items():
            assert link["path"].startswith(f"/musterstadt/{code}/locations/")
    names = {place["category"]["name"] for place in places}
    assert names == {category["name"][language] for category in LOCAL["categories"].values()}


def test_location_categories_are_named_in_the_language(client):
    categories = get_json(client, "/api/v3/musterstadt/ar/location-categories/")
    assert {category["name"] for category in categories} == {c["name"]["ar"] for c in LOCAL["categories"].values()}
    for category in categories:
        check_fields(category, {"id": int, "name": str, "color": str, "icon": OPTIONAL_STR, "icon_url": OPTIONAL_STR})


def test_news_are_a_bare_list_newest_first_and_each_can_be_fetched(client):
    news = get_json(client, "/api/v3/musterstadt/ar/news")
    assert len(news) == 3, "two of Musterstadt's own (one more expired, one scheduled) and one from Musterland"
    for item in news:
        check_fields(item, {"id": str, "title": str, "content": str, "display_date": str, "last_updated": str})
        assert item["id"].startswith("local-") and item["source"] == "local" and "externalUrl" in item
        assert all(link["id"].startswith("local-") for link in item["available_languages"].values())
    assert [i["display_date"] for i in news] == sorted((i["display_date"] for i in news), reverse=True)
    one = get_json(client, f"/api/v3/musterstadt/ar/news/{news[1]['id'].upper()}")
    assert one == news[1]
    assert get_json(client, "/api/v3/musterstadt/ar/news?page=2&size=1") == [news[1]]


def test_news_pagination_is_checked(client):
    assert len(get_json(client, "/api/v3/musterstadt/de/news?page=1&size=20")) == 3
    assert "error" in get_json(client, "/api/v3/musterstadt/de/news?size=501", 400)
    assert "error" in get_json(client, "/api/v3/musterstadt/de/news?page=zero", 400)
    assert "error" in get_json(client, "/api/v3/musterstadt/de/news/local-1", 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/regions/nowhere/",
        "/api/v3/nowhere/languages/",
        "/api/v3/nowhere/de/pages/",
        "/api/v3/musterstadt/it/pages/",
        "/api/v3/musterstadt/xx/children/",
        "/api/v3/musterstadt/de/children/?url=/musterstadt/de/nothing",
        "/api/v3/musterstadt/de/parents/?url=/musterstadt/de/nothing",
    ],
)
def test_unknown_things_are_json_404_with_cors(client, url):
    assert get_json(client, url, 404)["error"]


def test_bad_depth_is_a_json_400(client):
    assert "depth" in get_json(client, "/api/v3/musterstadt/de/children/?depth=deep", 400)["error"]


def test_every_path_answers_with_and_without_trailing_slash_and_never_redirects(client):
    for path in ["/api/v3/regions", "/api/v3/musterstadt/languages", "/api/v3/musterstadt/de/pages"]:
        assert get(client, path).status_code == 200
        assert get(client, path + "/").status_code == 200


def test_legacy_wordpress_paths_mirror_the_api(client):
    assert get_json(client, "/wp-json/extensions/v3/sites/") == get_json(client, "/api/v3/regions/")
    assert get_json(client, "/musterstadt/de/wp-json/extensions/v3/pages/") == get_json(
        client, "/api/v3/musterstadt/de/pages/"
    )
    assert get_json(client, "/musterstadt/de/wp-json/extensions/v3/languages/") == get_json(
        client, "/api/v3/musterstadt/languages/"
    )
    assert get_json(client, "/musterstadt/ar/wp-json/extensions/v3/children?depth=1") == get_json(
        client, "/api/v3/musterstadt/ar/children/?depth=1"
    )


def test_lists_are_sent_precompressed_and_answer_etags_with_304(client):
    plain = get(client, "/api/v3/musterstadt/de/pages/", HTTP_ACCEPT_ENCODING="identity")
    zipped = get(client, "/api/v3/musterstadt/de/pages/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    brotli_answer = get(client, "/api/v3/musterstadt/de/pages/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain.content
    assert brotli_answer["Content-Encoding"] == "br" and brotli.decompress(brotli_answer.content) == plain.content
    assert "Accept-Encoding" in plain["Vary"]
    again = get(client, "/api/v3/musterstadt/de/pages/", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304 and not again.content
    assert "s-maxage=1" in plain["Cache-Control"] and "max-age=0" in plain["Cache-Control"]
    tiles = "/api/v3/musterstadt/de/children/?depth=1"
    tiles_plain = get(client, tiles, HTTP_ACCEPT_ENCODING="identity")
    tiles_zipped = get(client, tiles, HTTP_ACCEPT_ENCODING="gzip, br")
    assert tiles_zipped["Content-Encoding"] == "gzip" and gzip.decompress(tiles_zipped.content) == tiles_plain.content
    assert get(client, tiles, HTTP_IF_NONE_MATCH=get(client, tiles)["ETag"]).status_code == 304


def test_page_feedback_is_stored(client, musterstadt):
    page = get_json(client, "/api/v3/musterstadt/ar/pages/")[2]
    response = client.post(
        "/api/v3/musterstadt/ar/feedback/page/", {"rating": "down", "comment": "رقم الهاتف خطأ", "slug": page["path"]}
    )
    assert response.status_code == 201 and response["Access-Control-Allow-Origin"] == "*"
    stored = Feedback.objects.get(region=musterstadt, page_id=page["id"])
    assert (stored.rating, stored.comment, stored.language, stored.kind) == ("down", "رقم الهاتف خطأ", "ar", "page")


def test_search_feedback_as_json(client):
    response = client.post(
        "/api/v3/musterland/de/feedback/search",
        json.dumps({"comment": "Nichts zu Kita gefunden", "query": "kita"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Feedback.objects.get(query="kita").kind == Feedback.Kind.SEARCH


@pytest.mark.parametrize(
    "url, data, status",
    [
        ("/api/v3/musterstadt/de/feedback/page/", {"rating": "sideways", "slug": "ankommen"}, 400),
        ("/api/v3/musterstadt/de/feedback/page/", {"slug": "ankommen"}, 400),
        ("/api/v3/musterstadt/de/feedback/page/", {"rating": "up"}, 400),
        ("/api/v3/musterstadt/de/feedback/page/", {"rating": "up", "slug": "/musterstadt/de/nothing/"}, 404),
        ("/api/v3/musterstadt/de/feedback/gossip/", {"rating": "up"}, 404),
        ("/api/v3/nowhere/de/feedback/page/", {"rating": "up"}, 404),
    ],
)
def test_bad_feedback_is_refused_and_nothing_stored(client, url, data, status):
    response = client.post(url, data)
    assert response.status_code == status and json.loads(response.content)["error"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not Feedback.objects.exists()


def test_feedback_with_broken_json_is_a_400(client):
    response = client.post("/api/v3/musterstadt/de/feedback/page/", "{not json", content_type="application/json")
    assert response.status_code == 400 and "JSON" in json.loads(response.content)["error"]


def test_answers_worked_out_from_one_document_do_not_get_mixed_up(client):
    musterstadt = client.get("/api/v3/regions/musterstadt/")
    musterland = client.get("/api/v3/regions/musterland/")
    assert json.loads(musterstadt.content)["path"] == "musterstadt"
    assert json.loads(musterland.content)["path"] == "musterland"
    assert musterstadt["ETag"] != musterland["ETag"]
    assert isinstance(json.loads(client.get("/api/v3/musterstadt/languages/").content), list)
