"""The Integreat importer: a region's real Integreat pages come out of the API as they went in.

The real dump (Rems-Murr-Kreis, German and English) is imported once for the module, inside a
transaction that is rolled back at the end; the error cases use small handmade dumps.
"""

import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from wegweiser.content.models import TopicPage
from wegweiser.events.models import EventIndexPage, EventPage
from wegweiser.integreat.models import ImportedPage
from wegweiser.integreat.tests.test_api_v3 import REGION_FIELDS, check_fields, check_page
from wegweiser.places.models import PlaceCategory, PlaceIndexPage, PlacePage
from wegweiser.regions.models import RegionPage

#: The shared data folder beside the project, or wherever WEGWEISER_SHARED_DATA points.
SHARED_DATA = Path(os.environ.get("WEGWEISER_SHARED_DATA", Path(__file__).resolve().parents[4] / "shared" / "data"))
DATA = SHARED_DATA / "rems-murr-kreis"
REGION = "rems-murr-kreis"
LANGUAGES = ("de", "en")
SPACES = re.compile(r"\s+")


def read_dump(language: str, directory: Path = DATA) -> list[dict]:
    return json.loads((directory / f"pages.{language}.json").read_text(encoding="utf-8"))


def write_dump(directory: Path, language: str, pages: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"pages.{language}.json").write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")


def text(content: str) -> str:
    return SPACES.sub(" ", html.unescape(strip_tags(content))).strip()


def run(directory: Path, region: str = REGION, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_integreat", str(directory), "--region", region, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def api(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return json.loads(response.content)


def region_copy(language: str, slug: str = REGION) -> RegionPage:
    region = RegionPage.objects.get(slug=slug, locale__language_code="de")
    return region.get_translation(Locale.objects.get(language_code=language))


def imported_pages(language: str, slug: str = REGION) -> dict[int, Page]:
    """The region's imported pages in one language, by Integreat id."""
    root = region_copy(language, slug)
    pages = {page.pk: page for page in Page.objects.descendant_of(root).filter(locale__language_code=language)}
    origins = ImportedPage.objects.filter(page_id__in=pages).values_list("external_id", "page_id")
    return {external_id: pages[page_id] for external_id, page_id in origins}


def external_parent(dump: list[dict]) -> dict[int, int | None]:
    """Every page's parent as the dump says, resolved through ``parent.path``."""
    by_path = {page["path"]: page["id"] for page in dump}
    return {page["id"]: by_path[page["parent"]["path"]] if page["parent"]["path"] else None for page in dump}


# --- The real data, imported once ------------------------------------------------------------------


@dataclass
class Imported:
    output: str
    warnings: str
    dumps: dict[str, list[dict]]


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The real dump imported once for the module, rolled back afterwards.

    Background tasks (search and reference index) are queued, not run, as with a task worker in production:
    run inline they would double the time; the readers' documents do not depend on them (the command rebuilds them).
    """
    if not (DATA / "pages.de.json").is_file():
        pytest.skip(f"The Integreat sample data is not there ({DATA}); it lives in the shared data directory.")
    dumps = {language: read_dump(language) for language in LANGUAGES}
    queued = override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
    with django_db_blocker.unblock(), transaction.atomic(), queued:
        output, warnings = run(DATA)
        yield Imported(output, warnings, dumps)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_real_region_is_imported_with_its_tree_order_and_translations(imported):
    print(imported.output)  # with the import's wall time
    assert "de: 362 created, 0 updated" in imported.output
    assert "en: 358 created, 0 updated" in imported.output
    region = RegionPage.objects.get(slug=REGION, locale__language_code="de")
    assert region.title == "Rems-Murr-Kreis" and region.kind == RegionPage.Kind.DISTRICT
    assert {(row.language, row.source_language) for row in region.languages.all()} == {("de", ""), ("en", "de")}
    for language in LANGUAGES:
        dump = imported.dumps[language]
        pages = imported_pages(language)
        assert len(pages) == len(dump) == {"de": 362, "en": 358}[language]
        assert all(page.live and page.specific_class is TopicPage for page in pages.values())
        root = region_copy(language)
        external_of: dict[str, int | None] = {page.path: external_id for external_id, page in pages.items()}
        external_of[root.path] = None
        parents = external_parent(dump)
        for item in dump:
            page = pages[item["id"]]
            assert external_of[page.path[: -Page.steplen]] == parents[item["id"]], item["path"]
            assert page.slug == item["path"].rstrip("/").rsplit("/", 1)[1]
        # Siblings in the dump's order: tree order of the pages under each parent.
        for parent_id in set(parents.values()):
            siblings = sorted((item for item in dump if parents[item["id"]] == parent_id), key=lambda p: p["order"])
            expected = [item["id"] for item in siblings]
            parent = root if parent_id is None else pages[parent_id]
            actual = [external_of[path] for path in parent.get_children().values_list("path", flat=True)]
            assert actual == expected
    german, english = imported_pages("de"), imported_pages("en")
    for item in imported.dumps["en"]:
        german_id = item["available_languages"]["de"]["id"]
        assert english[item["id"]].translation_key == german[german_id].translation_key


@pytest.mark.django_db
def test_api_serves_every_imported_page_with_its_title_text_and_links(imported, client):
    for language in LANGUAGES:
        dump = {item["id"]: item for item in imported.dumps[language]}
        served = api(client, f"/api/v3/{REGION}/{language}/pages/")
        assert len(served) == len(dump)
        by_path = {item["path"]: item for item in served}
        for item in served:
            check_page(item)  # the same contract as for the demo content
            original = dump[item["external_id"]]
            assert item["title"] == original["title"]
            assert text(item["content"]) == text(original["content"]), original["path"]
            assert item["path"] == original["path"]
            if original["parent"]["path"] is None:
                assert item["parent"] == {"id": 0, "url": None, "path": None}
            else:
                parent = by_path[item["parent"]["path"]]
                assert parent["path"] == original["parent"]["path"]
                assert dump[parent["external_id"]]["path"] == original["parent"]["path"]
            expected_languages = set(original["available_languages"]) & set(LANGUAGES)
            assert set(item["available_languages"]) == expected_languages
            for code, link in item["available_languages"].items():
                assert link["path"] == original["available_languages"][code]["path"]
            assert item["last_updated"][:19] == original["last_updated"][:19]
            assert "<img" not in item["content"] and "<div" not in item["content"]
    roots = api(client, f"/api/v3/{REGION}/de/children/?depth=1")
    expected = [p["id"] for p in sorted(imported.dumps["de"], key=lambda p: p["order"]) if not p["parent"]["path"]]
    assert [item["external_id"] for item in roots] == expected
    assert len(expected) == 10
    deepest = max(imported.dumps["de"], key=lambda p: p["path"].count("/"))
    chain = api(client, f"/api/v3/{REGION}/de/parents/?url={quote(deepest['path'].rstrip('/').lower())}")
    assert chain[-1]["path"] == deepest["parent"]["path"] and chain[0]["parent"]["id"] == 0
    check_fields(api(client, f"/api/v3/regions/{REGION}/"), REGION_FIELDS)


@pytest.mark.django_db
def test_second_run_changes_nothing_and_later_changes_are_applied(imported, client, tmp_path):
    pages_before = Page.objects.count()
    output, _warnings = run(DATA)
    assert "de: 0 created, 0 updated, 362 unchanged, 0 unpublished" in output
    assert "en: 0 created, 0 updated, 358 unchanged, 0 unpublished" in output
    assert Page.objects.count() == pages_before

    german, english = read_dump("de"), read_dump("en")
    english_by_id = {item["id"]: item for item in english}
    renamed = german[5]
    renamed["title"] = "Über Integreat (neu)"
    renamed["content"] += "<p>Ein neuer Absatz.</p>"
    # Swap the first two root pages.
    roots = sorted((p for p in german if not p["parent"]["path"]), key=lambda p: p["order"])
    roots[0]["order"], roots[1]["order"] = roots[1]["order"], roots[0]["order"]
    # Move a leaf page (in both languages) under another root page, and drop an English leaf page.
    parents = external_parent(german)
    leaves = [p for p in german if p["id"] not in parents.values() and p["parent"]["path"]]
    leaves = [p for p in leaves if "en" in p["available_languages"]]
    moved, dropped = leaves[0], leaves[-1]
    target = next(p for p in roots if p["path"] != moved["parent"]["path"] and "en" in p["available_languages"])
    moved["parent"]["path"] = target["path"]
    moved["path"] = target["path"] + moved["path"].rstrip("/").rsplit("/", 1)[1] + "/"
    moved_en = english_by_id[moved["available_languages"]["en"]["id"]]
    target_en = english_by_id[target["available_languages"]["en"]["id"]]
    moved_en["parent"]["path"] = target_en["path"]
    moved_en["path"] = target_en["path"] + moved_en["path"].rstrip("/").rsplit("/", 1)[1] + "/"
    dropped_en_id = dropped["available_languages"]["en"]["id"]
    english = [p for p in english if p["id"] != dropped_en_id]
    write_dump(tmp_path, "de", german)
    write_dump(tmp_path, "en", english)

    output, _warnings = run(tmp_path)
    assert "de: 0 created, 3 updated, 359 unchanged, 0 unpublished" in output  # renamed, moved, reordered
    assert "en: 0 created, 1 updated, 356 unchanged, 1 unpublished" in output
    assert Page.objects.count() == pages_before
    de_pages, en_pages = imported_pages("de"), imported_pages("en")
    assert de_pages[renamed["id"]].title == "Über Integreat (neu)"
    assert de_pages[moved["id"]].get_parent().pk == de_pages[target["id"]].pk
    assert en_pages[moved_en["id"]].get_parent().pk == en_pages[target_en["id"]].pk
    assert not en_pages[dropped_en_id].live
    served = {item["external_id"]: item for item in api(client, f"/api/v3/{REGION}/de/pages/")}
    assert "Ein neuer Absatz." in served[renamed["id"]]["content"]
    assert served[moved["id"]]["path"] == moved["path"]
    served_roots = [item["external_id"] for item in api(client, f"/api/v3/{REGION}/de/children/?depth=1")]
    assert served_roots[:2] == [roots[1]["id"], roots[0]["id"]]  # their order values were swapped
    served_en = {item["external_id"] for item in api(client, f"/api/v3/{REGION}/en/pages/")}
    assert dropped_en_id not in served_en and len(served_en) == 357


# --- Small handmade dumps ------------------------------------------------------------------------


def page(page_id: int, path: str, parent: str | None = None, order: int = 0, **fields) -> dict:
    return {
        "id": page_id,
        "path": path,
        "title": fields.pop("title", f"Seite {page_id}"),
        "content": fields.pop("content", f"<p>Text {page_id}</p>"),
        "parent": {"id": 0 if parent is None else 999, "url": None, "path": parent},
        "order": order,
        "last_updated": "2024-01-02T03:04:05.000+01:00",
        **fields,
    }


def small_dump(directory: Path) -> Path:
    """Two German pages (one under the other), both translated to English, and two more German root pages."""
    write_dump(
        directory,
        "de",
        [
            page(1, "/klein/de/ankommen/", order=1, available_languages={"en": {"id": 11}}),
            page(2, "/klein/de/ankommen/melden/", "/klein/de/ankommen/", available_languages={"en": {"id": 12}}),
            page(3, "/klein/de/wohnen/", order=2),
            page(4, "/klein/de/arbeit/", order=3),
        ],
    )
    write_dump(
        directory,
        "en",
        [
            page(11, "/klein/en/arrival/", order=1, title="Arrival", available_languages={"de": {"id": 1}}),
            page(12, "/klein/en/arrival/register/", "/klein/en/arrival/", available_languages={"de": {"id": 2}}),
        ],
    )
    return directory


def counts() -> tuple[int, int, int]:
    return Page.objects.count(), RegionPage.objects.count(), ImportedPage.objects.count()


@pytest.mark.django_db
def test_small_dump_makes_a_region_with_translations_and_clean_html(tmp_path):
    directory = small_dump(tmp_path / "dump")
    de = read_dump("de", directory)
    de[0]["content"] = (
        '<div>\r\n<p><a href="https://example.org/bild.png"><img src="https://example.org/bild.png" alt=""></a></p>\r\n'
        '<p>Willkommen &#252;ber <a href="https://www.rems-murr-kreis.de/" target="_blank">den Kreis</a>'
        '<script>alert(1)</script><span style="color:red">!</span></p></div>'
    )
    write_dump(directory, "de", de)
    (directory / "events.de.json").write_text("[]")
    (directory / "questions.jsonl").write_text("{}\n")
    output, warnings = run(directory, "klein", "--name", "Kleinstadt")
    assert "Created region klein: de: 4 created" in output and "en: 2 created" in output
    assert warnings == ""
    assert "events de: 0 created" in output  # an empty events file is imported: nothing to write
    region = RegionPage.objects.get(slug="klein", locale__language_code="de")
    assert region.title == "Kleinstadt" and region.kind == RegionPage.Kind.DISTRICT
    assert region_copy("en", "klein").live
    body = TopicPage.objects.get(pk=imported_pages("de", "klein")[1].pk).body
    assert "<img" not in body and "<div" not in body and "<script" not in body and "style=" not in body
    assert '<a href="https://www.rems-murr-kreis.de/">den Kreis</a>' in body
    assert '<a href="https://example.org/bild.png">' not in body  # the link around the image went with it
    assert text(body) == "Willkommen über den Kreis!"
    assert "\r" not in body
    english = imported_pages("en", "klein")
    german = imported_pages("de", "klein")
    assert english[12].translation_key == german[2].translation_key
    assert english[12].get_parent().pk == english[11].pk
    assert english[11].url_path.endswith("/arrival/")


@pytest.mark.django_db
def test_swapped_slugs_moves_and_dropped_pages_are_followed_and_undone(tmp_path):
    directory = small_dump(tmp_path / "dump")
    run(directory, "klein")
    de = read_dump("de", directory)
    de[2]["path"], de[3]["path"] = "/klein/de/arbeit/", "/klein/de/wohnen/"  # pages 3 and 4 swap slugs
    de[1]["path"], de[1]["parent"]["path"] = "/klein/de/wohnen/melden/", "/klein/de/wohnen/"  # 2 moves under 4
    del de[1]["available_languages"]
    write_dump(directory, "de", de)
    write_dump(directory, "en", read_dump("en", directory)[:1])  # 12 is gone
    output, _warnings = run(directory, "klein")
    assert (
        "de: 0 created, 3 updated, 1 unchanged, 0 unpublished; en: 0 created, 0 updated, 1 unchanged, 1 unpublished"
        in output
    )
    german, english = imported_pages("de", "klein"), imported_pages("en", "klein")
    assert (german[3].slug, german[4].slug) == ("arbeit", "wohnen")
    assert german[2].get_parent().pk == german[4].pk and german[2].url_path.endswith("/wohnen/melden/")
    assert not english[12].live and english[11].live

    small_dump(directory)
    output, _warnings = run(directory, "klein")
    assert (
        "de: 0 created, 3 updated, 1 unchanged, 0 unpublished; en: 0 created, 1 updated, 1 unchanged, 0 unpublished"
        in output
    )
    german, english = imported_pages("de", "klein"), imported_pages("en", "klein")
    assert (german[3].slug, german[4].slug) == ("wohnen", "arbeit")
    assert german[2].get_parent().pk == german[1].pk
    assert english[12].live and english[12].translation_key == german[2].translation_key
    assert [p.slug for p in region_copy("de", "klein").get_children()] == ["ankommen", "wohnen", "arbeit"]


@pytest.mark.django_db
def test_existing_region_gets_the_missing_language_and_keeps_its_own_pages(tmp_path, musterland):
    """Musterland (demo) offers de, en, ar: a Ukrainian dump adds the language, and the region's own pages stay."""
    directory = small_dump(tmp_path / "dump")
    # Musterland has pages "ankommen" and "arbeit" of its own: other slugs for the imported root pages.
    de = (directory / "pages.de.json").read_text().replace("/klein/de/", "/klein/de/ig-")
    (directory / "pages.de.json").write_text(de)
    uk = (directory / "pages.en.json").read_text().replace("/en/", "/uk/")
    (directory / "pages.en.json").unlink()
    (directory / "pages.uk.json").write_text(uk)
    own_pages = set(TopicPage.objects.descendant_of(musterland).values_list("pk", flat=True))
    assert "uk" not in set(musterland.languages.values_list("language", flat=True))

    output, _warnings = run(directory, "musterland")
    assert "Updated region musterland: de: 4 created" in output and "uk: 2 created" in output
    languages = RegionPage.objects.get(pk=musterland.pk).languages.all()
    rows = {row.language: (row.source_language, row.enabled) for row in languages}
    assert rows["uk"] == ("de", True) and rows["de"] == ("", True) and "en" in rows
    assert region_copy("uk", "musterland").live
    assert own_pages < set(TopicPage.objects.descendant_of(musterland).live().values_list("pk", flat=True))
    assert {item["external_id"] for item in api(Client(), "/api/v3/musterland/uk/pages/")} == {11, 12}


def break_title(directory: Path) -> None:
    de = read_dump("de", directory)
    del de[1]["title"]
    write_dump(directory, "de", de)


def break_parent(directory: Path) -> None:
    de = read_dump("de", directory)
    de[1]["parent"]["path"] = "/klein/de/gibt-es-nicht/"
    write_dump(directory, "de", de)


def break_counterpart(directory: Path) -> None:
    en = read_dump("en", directory)
    en[1]["available_languages"] = {"de": {"id": 77}}
    write_dump(directory, "en", en)


def break_english_tree(directory: Path) -> None:
    en = read_dump("en", directory)
    en[1]["parent"]["path"] = None
    write_dump(directory, "en", en)


def make_cycle(directory: Path) -> None:
    de = read_dump("de", directory)
    de[0]["parent"]["path"] = "/klein/de/ankommen/melden/"
    write_dump(directory, "de", de)


def break_json(directory: Path) -> None:
    (directory / "pages.de.json").write_text('[{"id": 1,')


def not_a_list(directory: Path) -> None:
    (directory / "pages.en.json").write_text('{"id": 1}')


def unknown_language(directory: Path) -> None:
    write_dump(directory, "xx", [])


def no_german(directory: Path) -> None:
    (directory / "pages.de.json").unlink()


def remove_directory(directory: Path) -> None:
    shutil.rmtree(directory)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaking", "message"),
    [
        (remove_directory, r"dump: no such directory"),
        (break_json, r"pages\.de\.json: not valid JSON \(Expecting"),
        (not_a_list, r"pages\.en\.json: expected a list of pages, found dict"),
        (break_title, r"pages\.de\.json: page 2: missing 'title'"),
        (break_parent, r"pages\.de\.json: page 2: parent path /klein/de/gibt-es-nicht/ is not a page in this file"),
        (break_counterpart, r"pages\.en\.json: page 12: its German page 77 is not in pages\.de\.json"),
        (break_english_tree, r"pages\.en\.json: page 12: its parent \(none, a root page\) is not the translation"),
        (make_cycle, r"pages\.de\.json: page 1: its parents form a cycle \(1 → 2 → 1\)"),
        (unknown_language, r"pages\.xx\.json: unknown language code 'xx'"),
        (no_german, r"dump: no pages\.de\.json"),
    ],
)
def test_broken_dump_is_refused_with_one_clear_line_and_nothing_written(tmp_path, breaking, message):
    directory = small_dump(tmp_path / "dump")
    breaking(directory)
    before = counts()
    with pytest.raises(CommandError, match=message) as raised:
        run(directory, "klein")
    assert "\n" not in str(raised.value)
    assert counts() == before
    assert not RegionPage.objects.filter(slug="klein").exists()


@pytest.mark.django_db
def test_broken_dump_leaves_an_earlier_import_as_it_was(tmp_path):
    directory = small_dump(tmp_path / "dump")
    run(directory, "klein")
    before = counts()
    break_counterpart(directory)
    with pytest.raises(CommandError, match="page 12"):
        run(directory, "klein")
    assert counts() == before

    # A problem found only while writing (an editor's page holds the slug of a new page) undoes the whole run.
    small_dump(directory)
    de = read_dump("de", directory)
    de[0]["title"] = "Ankommen, geändert"
    de.append(page(5, "/klein/de/schule/", order=4))
    write_dump(directory, "de", de)
    region_copy("de", "klein").add_child(instance=TopicPage(title="Schule", slug="schule"))
    before = counts()
    with pytest.raises(CommandError, match=r"page 5: the slug 'schule' is taken by page \d+ \('Schule'\)"):
        run(directory, "klein")
    assert counts() == before
    assert imported_pages("de", "klein")[1].title == "Seite 1"


# --- Places and events ---------------------------------------------------------------------------


def write_items(directory: Path, kind: str, language: str, items: list[dict]) -> None:
    (directory / f"{kind}.{language}.json").write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")


def read_items(directory: Path, kind: str, language: str) -> list[dict]:
    return json.loads((directory / f"{kind}.{language}.json").read_text(encoding="utf-8"))


def day(*slots: str, closed: bool = False) -> dict:
    time_slots = [{"start": s[:5], "end": s[6:], "timezone": "Europe/Berlin"} for s in slots]
    return {"allDay": False, "closed": closed, "appointmentOnly": False, "timeSlots": time_slots}


HOURS = [day("08:00-12:00", "13:00-16:00")] * 4 + [day("08:00-12:00"), day(closed=True), day(closed=True)]


def item(item_id: int, language: str, kind: str, slug: str, title: str, other: dict[str, int], **fields) -> dict:
    return {
        "id": item_id,
        "title": title,
        "content": f"<p>{title}: Text</p>",
        "path": f"/klein/{language}/{kind}/{slug}/",
        "available_languages": {code: {"id": other_id} for code, other_id in other.items()},
        "last_updated": "2024-01-02T03:04:05.000+01:00",
        **fields,
    }


def location(item_id, language, slug, title, other, category, **fields) -> dict:
    place = {"id": item_id, "name": title, "address": "Marktplatz 1", "town": "Kleinstadt", "postcode": "71332"}
    defaults = {
        "location": {**place, "latitude": "48.83", "longitude": 9.32},
        "category": category,
        "website": "https://www.kleinstadt.example/",
        "email": "info@kleinstadt.example",
        "phone_number": "07151 123",
        "appointment_url": None,
        "opening_hours": HOURS,
        "temporarily_closed": False,
        "barrier_free": True,
    }
    return item(item_id, language, "locations", slug, title, other, **{**defaults, **fields})


def event(item_id, language, slug, title, other, start, end, location_id=None, rule=None, **fields) -> dict:
    place = {"id": location_id, "name": None, "address": None}
    return item(
        item_id,
        language,
        "events",
        slug,
        title,
        other,
        event={"id": item_id, "start": start, "end": end, "all_day": False, "timezone": "Europe/Berlin"},
        location=place,
        recurrence_rule=rule,
        meeting_url=fields.pop("meeting_url", None),
        **fields,
    )


OFFICE = {"id": 7, "name": "Testbehörde", "color": "#AA0000", "icon": "office"}
RULE = "DTSTART;TZID=Europe/Berlin:20300305T180000\nRRULE:FREQ=WEEKLY;BYDAY=TU"


def local_dump(directory: Path) -> Path:
    """The small dump with two places (one category) and two events in German and English."""
    small_dump(directory)
    write_items(
        directory,
        "locations",
        "de",
        [
            location(101, "de", "rathaus", "Rathaus", {"en": 111}, OFFICE),
            location(102, "de", "auslaenderbehoerde", "Ausländerbehörde", {"en": 112}, OFFICE, opening_hours=None),
        ],
    )
    english_office = {**OFFICE, "name": "Authority"}
    write_items(
        directory,
        "locations",
        "en",
        [
            location(111, "en", "town-hall", "Town hall", {"de": 101}, english_office),
            location(112, "en", "immigration-office", "Immigration office", {"de": 102}, english_office),
        ],
    )
    cafe = ("2030-03-05T18:00:00+01:00", "2030-03-05T20:00:00+01:00")
    online = ("2030-04-01T10:00:00+02:00", "2030-04-01T11:30:00+02:00")
    meeting = "https://meet.example.org/info"
    write_items(
        directory,
        "events",
        "de",
        [
            event(201, "de", "sprachcafe", "Sprachcafé", {"en": 211}, *cafe, location_id=101, rule=RULE),
            event(202, "de", "online-info", "Online-Info", {"en": 212}, *online, meeting_url=meeting),
        ],
    )
    write_items(
        directory,
        "events",
        "en",
        [
            event(211, "en", "language-cafe", "Language café", {"de": 201}, *cafe, location_id=111, rule=RULE),
            event(212, "en", "online-info", "Online info", {"de": 202}, *online, meeting_url=meeting),
        ],
    )
    return directory


def in_klein(model, language: str):
    return model.objects.descendant_of(region_copy(language, "klein"))


def local_counts() -> tuple[int, int, int]:
    return Page.objects.count(), ImportedPage.objects.count(), PlaceCategory.objects.count()


@pytest.mark.django_db
def test_places_and_events_are_imported_with_categories_hours_rules_and_translations(tmp_path, client):
    directory = local_dump(tmp_path / "dump")
    output, warnings = run(directory, "klein")
    assert warnings == ""
    assert "locations de: 2 created" in output and "locations en: 2 created" in output
    assert "events de: 2 created" in output and "events en: 2 created" in output
    assert [p.slug for p in region_copy("de", "klein").get_children()][-2:] == ["orte", "veranstaltungen"]
    assert [p.slug for p in region_copy("en", "klein").get_children()][-2:] == ["places", "events"]
    german_list = PlaceIndexPage.objects.child_of(region_copy("de", "klein")).get()
    english_list = PlaceIndexPage.objects.child_of(region_copy("en", "klein")).get()
    assert german_list.title == "Orte" and english_list.title == "Places"
    assert german_list.translation_key == english_list.translation_key
    assert EventIndexPage.objects.child_of(region_copy("en", "klein")).get().title == "Events"

    dumps = {(kind, code): read_items(directory, kind, code) for kind in ("locations", "events") for code in LANGUAGES}
    served_places = {}
    for code in LANGUAGES:
        served = {entry["external_id"]: entry for entry in api(client, f"/api/v3/klein/{code}/locations/")}
        served_places[code] = served
        assert set(served) == {entry["id"] for entry in dumps[("locations", code)]}
        for original in dumps[("locations", code)]:
            entry = served[original["id"]]
            assert entry["title"] == original["title"] and entry["path"] == original["path"]
            assert entry["category"]["name"] == original["category"]["name"]  # Testbehörde / Authority
            assert entry["category"]["color"] == "#AA0000" and entry["category"]["icon"] == "office"
            assert entry["opening_hours"] == original["opening_hours"]
            assert entry["location"]["address"] == "Marktplatz 1" and entry["location"]["latitude"] == 48.83
            assert entry["barrier_free"] is True and entry["phone_number"] == "07151 123"
        served_events = api(client, f"/api/v3/klein/{code}/events/?combine_recurring=True")
        events = {entry["external_id"]: entry for entry in served_events}
        assert set(events) == {entry["id"] for entry in dumps[("events", code)]}
        for original in dumps[("events", code)]:
            entry = events[original["id"]]
            assert entry["title"] == original["title"] and entry["path"] == original["path"]
            for key in ("start", "end"):
                assert datetime.fromisoformat(entry["event"][key]) == datetime.fromisoformat(original["event"][key])
            if original["recurrence_rule"]:
                assert entry["recurrence_rule"].endswith("\nRRULE:FREQ=WEEKLY;BYDAY=TU")
                assert entry["location"]["id"] == served_places[code][original["location"]["id"]]["id"]
            else:
                assert entry["recurrence_rule"] is None and entry["location"]["id"] is None
                assert entry["meeting_url"] == "https://meet.example.org/info"
    german_event = in_klein(EventPage, "de").get(slug="sprachcafe")
    assert german_event.recurrence_rule == "FREQ=WEEKLY;BYDAY=TU"
    english_event = in_klein(EventPage, "en").get(slug="language-cafe")
    assert english_event.translation_key == german_event.translation_key
    assert english_event.place.locale.language_code == "en"
    assert PlaceCategory.objects.filter(name="Testbehörde").count() == 1
    assert in_klein(PlacePage, "de").get(slug="auslaenderbehoerde").opening_hours is None

    before = local_counts()
    output, _warnings = run(directory, "klein")
    assert "locations de: 0 created, 0 updated, 2 unchanged, 0 unpublished" in output
    assert "events en: 0 created, 0 updated, 2 unchanged, 0 unpublished" in output
    assert local_counts() == before

    # Later changes are applied; an item gone from the files is unpublished.
    de_events = read_items(directory, "events", "de")
    de_events[1]["title"] = "Online-Info (neu)"
    write_items(directory, "events", "de", de_events)
    write_items(directory, "locations", "en", read_items(directory, "locations", "en")[:1])
    output, _warnings = run(directory, "klein")
    assert "events de: 0 created, 1 updated, 1 unchanged" in output
    assert "locations en: 0 created, 0 updated, 1 unchanged, 1 unpublished" in output
    assert local_counts() == before
    assert {entry["external_id"] for entry in api(client, "/api/v3/klein/en/locations/")} == {111}
    assert in_klein(EventPage, "de").get(slug="online-info").title == "Online-Info (neu)"


def occurrence(directory: Path) -> None:
    events = read_items(directory, "events", "de")
    events[0]["id"] = None
    write_items(directory, "events", "de", events)


def bad_rule(directory: Path) -> None:
    events = read_items(directory, "events", "en")
    events[0]["recurrence_rule"] = "DTSTART:20300305T180000\nRRULE:FREQ=SOMETIMES"
    write_items(directory, "events", "en", events)


def bad_hours(directory: Path) -> None:
    places = read_items(directory, "locations", "de")
    places[0]["opening_hours"] = HOURS[:6]
    write_items(directory, "locations", "de", places)


def english_only_place(directory: Path) -> None:
    places = read_items(directory, "locations", "en")
    places[1]["available_languages"] = {}
    write_items(directory, "locations", "en", places)
    german = read_items(directory, "locations", "de")
    german[1]["available_languages"] = {}
    write_items(directory, "locations", "de", german)


def no_german_events(directory: Path) -> None:
    (directory / "events.de.json").unlink()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("breaking", "message"),
    [
        (occurrence, r"events\.de\.json: entry 0 \('Sprachcafé'\): 'id' is null.*combine_recurring=True"),
        (bad_rule, r"events\.en\.json: event 211: 'recurrence_rule' 'FREQ=SOMETIMES' is invalid"),
        (bad_hours, r"locations\.de\.json: location 101: 'opening_hours' is invalid: .*seven days"),
        (english_only_place, r"locations\.en\.json: location 112: has no German location"),
        (no_german_events, r"dump: no events\.de\.json"),
    ],
)
def test_broken_places_or_events_are_refused_with_one_clear_line_and_nothing_written(tmp_path, breaking, message):
    directory = local_dump(tmp_path / "dump")
    breaking(directory)
    before = local_counts()
    with pytest.raises(CommandError, match=message) as raised:
        run(directory, "klein")
    assert "\n" not in str(raised.value)
    assert local_counts() == before
    assert not RegionPage.objects.filter(slug="klein").exists()
