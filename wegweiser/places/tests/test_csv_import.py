"""Importing places from CSV files as spreadsheets save them: a report row by row, then the rows without errors.

The files are in ``csv/``: ``new_places_semicolon.csv`` (UTF-8 with BOM, ``;``, German headers and decimal
commas, one row full of mistakes), ``update_places_comma.csv`` (``,``, English headers: an update by key, an
unchanged row, a row with reversed hours) and files that cannot be read at all.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from wegweiser.organisations.models import Organisation
from wegweiser.places import csv_import
from wegweiser.places.models import PlaceCategory, PlacePage

from .conftest import places_list

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "csv"


@pytest.fixture
def caritas(musterstadt) -> Organisation:
    return Organisation.objects.create(region=musterstadt, name="Caritas Musterstadt")


def places_of(region) -> dict[str, PlacePage]:
    return {place.title: place for place in PlacePage.objects.child_of(places_list(region))}


def check(name: str, region, user=None) -> csv_import.Report:
    return csv_import.check(csv_import.read_table((FILES / name).read_bytes()), region, user)


def test_the_report_says_what_each_row_would_do_and_changes_nothing(musterstadt, caritas):
    before = set(places_of(musterstadt))
    report = check("new_places_semicolon.csv", musterstadt)
    assert [(row.number, row.name, row.outcome) for row in report.rows] == [
        (2, "Jugendberatung am Testplatz", "new"),
        (3, "Sprachcafé im Testrathaus", "new"),
        (4, "Kita Testnord", "error"),
    ]
    assert report.ignored == ["Spalte X"]
    problems = dict(report.rows[2].problems)
    assert problems["category"].startswith("There is no category “Kindergarten”. Categories: ")
    assert "Beratung" in problems["category"]
    assert problems["latitude"] == "Give both latitude and longitude, or neither."
    assert problems["phone"].startswith("“0711” is not a valid phone number.")
    assert problems["email"] == "“kita@” is not an e-mail address."
    assert problems["barrier_free"] == "Write yes or no (ja or nein), not “vielleicht”."
    assert problems["opening_hours"] == "“Fx” is not a day; write Mo, Tu, We, Th, Fr, Sa, Su."
    assert problems["organisation"] == (
        "The region has no organisation “Unbekannter Träger”; add it under Organisations first."
    )
    assert set(places_of(musterstadt)) == before


def test_an_editor_uploads_checks_and_imports(login, musterstadt, caritas):
    client = login("musterstadt-editor")
    url = reverse("places_import")
    assert "opening_hours" in client.get(url).content.decode()  # the columns are described
    with (FILES / "new_places_semicolon.csv").open("rb") as file:
        response = client.post(url, {"region": musterstadt.pk, "file": file})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-row="4" data-outcome="error"' in html and "<code>phone</code>" in html
    assert 'data-count="new">2<' in html and "Import 2 rows" in html
    assert "Jugendberatung am Testplatz" not in places_of(musterstadt)

    response = client.post(reverse("places_import_confirm"), {"region": musterstadt.pk})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-count="new">2<' in html and 'data-count="error">1<' in html
    places = places_of(musterstadt)
    jmd = places["Jugendberatung am Testplatz"]
    assert jmd.live and jmd.locale.language_code == "de" and jmd.slug == "jugendberatung-am-testplatz"
    assert jmd.import_key == "jmd" and jmd.category == PlaceCategory.objects.get(
        name="Beratung", locale__language_code="de"
    )
    assert (jmd.latitude, jmd.longitude) == (48.7441, 9.3121)  # decimal commas
    assert jmd.website == "https://www.jmd-musterstadt.example" and jmd.barrier_free is True
    assert jmd.organisation == caritas and jmd.phone == "07141 555-10"
    assert jmd.body == "<p>Beratung für junge Menschen bis 27.</p><p>Ohne Termin.</p>"
    assert [slot["start"] for slot in jmd.opening_hours[3]["timeSlots"]] == ["09:00", "14:00"]
    assert jmd.opening_hours[5]["closed"] and jmd.get_latest_revision().user.username == "musterstadt-editor"
    cafe = places["Sprachcafé im Testrathaus"]
    assert (
        cafe.barrier_free is False and cafe.latitude is None and cafe.opening_hours[2]["timeSlots"][0]["end"] == "17:00"
    )
    assert "Kita Testnord" not in places
    # The checked file is used once.
    response = client.post(reverse("places_import_confirm"), {"region": musterstadt.pk}, follow=True)
    assert "There is no checked file to import" in response.content.decode()


def test_a_second_file_updates_by_key_and_name_and_a_bad_row_changes_nothing(musterstadt, caritas):
    csv_import.apply(check("new_places_semicolon.csv", musterstadt))
    jmd = places_of(musterstadt)["Jugendberatung am Testplatz"]
    first_revision = jmd.latest_revision_id
    report = check("update_places_comma.csv", musterstadt)
    assert [(row.number, row.outcome, row.changes) for row in report.rows] == [
        (2, "update", ["phone"]),  # "Th" and "Do" are the same day: only the phone changed
        (3, "unchanged", []),  # matched by its name
        (4, "error", []),
    ]
    assert report.rows[2].problems == [("opening_hours", "Monday: the time slot 10:00–08:00 ends before it starts.")]
    csv_import.apply(report)
    jmd.refresh_from_db()
    assert jmd.phone == "07141 555-99" and jmd.latest_revision_id != first_revision and jmd.live
    assert jmd.body == "<p>Beratung für junge Menschen bis 27.</p><p>Ohne Termin.</p>"  # no such column: kept
    assert "Jugendberatung am Testplatz Außenstelle" not in places_of(musterstadt)


def test_a_place_with_unpublished_changes_is_not_overwritten(musterstadt, caritas):
    csv_import.apply(check("new_places_semicolon.csv", musterstadt))
    jmd = places_of(musterstadt)["Jugendberatung am Testplatz"]
    jmd.phone = "07141 555-11"
    jmd.save_revision()  # a draft in the editor
    report = check("update_places_comma.csv", musterstadt)
    assert report.rows[0].outcome == "error"
    assert "unpublished changes" in report.rows[0].problems[0][1]
    csv_import.apply(report)
    jmd.refresh_from_db()
    assert jmd.phone == "07141 555-10"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "windows_1252.csv",
            "The file is not UTF-8 text. Save it from your spreadsheet as “CSV UTF-8” and upload it again.",
        ),
        ("without_name_column.csv", "The first row has no column “name” (or “Name”)."),
        ("unclosed_quote.csv", "The file cannot be read as CSV: unexpected end of data."),
        ("empty.csv", "The file is empty: its first row must name the columns."),
    ],
)
def test_an_unreadable_file_gets_one_clear_error(login, musterstadt, name, message):
    before = set(places_of(musterstadt))
    with (FILES / name).open("rb") as file:
        response = login("musterstadt-editor").post(reverse("places_import"), {"region": musterstadt.pk, "file": file})
    html = response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert response.status_code == 200 and message in html
    assert "places-import-rows" not in html
    assert set(places_of(musterstadt)) == before


def test_another_regions_editor_gets_404(login, musterstadt):
    client = login("musterland-editor")
    url = reverse("places_import")
    assert client.get(url, {"region": musterstadt.pk}).status_code == 404
    with (FILES / "new_places_semicolon.csv").open("rb") as file:
        assert client.post(url, {"region": musterstadt.pk, "file": file}).status_code == 404
    assert client.post(reverse("places_import_confirm"), {"region": musterstadt.pk}).status_code == 404


def test_a_translator_may_not_add_places(login, musterstadt, caritas):
    client = login("musterstadt-translator")
    with (FILES / "new_places_semicolon.csv").open("rb") as file:
        html = client.post(reverse("places_import"), {"region": musterstadt.pk, "file": file}).content.decode()
    assert "You may not add and publish places in this region." in html
    assert "Import 0 rows" not in html and "places-import-confirm" not in html


def test_the_command(musterstadt, caritas):
    path = str(FILES / "new_places_semicolon.csv")
    out = StringIO()
    with pytest.raises(CommandError, match="2 new, 0 updated, 0 unchanged, 1 with errors"):
        call_command("import_places", path, "--region", "musterstadt", "--dry-run", stdout=out)
    assert "row    4  error" in out.getvalue() and "phone: “0711” is not a valid phone number." in out.getvalue()
    assert "Jugendberatung am Testplatz" not in places_of(musterstadt)
    with pytest.raises(CommandError, match="Rows with errors were not imported."):
        call_command("import_places", path, "--region", "musterstadt", stdout=StringIO())
    assert {"Jugendberatung am Testplatz", "Sprachcafé im Testrathaus"} <= set(places_of(musterstadt))
    with pytest.raises(CommandError, match="There is no region with the slug “nirgendwo”."):
        call_command("import_places", path, "--region", "nirgendwo")
    with pytest.raises(CommandError, match="The file is not UTF-8 text."):
        call_command("import_places", str(FILES / "windows_1252.csv"), "--region", "musterstadt")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_places", str(FILES / "missing.csv"), "--region", "musterstadt")
