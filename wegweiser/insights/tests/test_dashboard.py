"""The dashboard of a region: most-read items across languages, views per language over time, searches without a
good answer, feedback per item, what to do next, and the CSV export. It reads aggregates only."""

import csv
import io
import json
import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.users.models import UserProfile

from wegweiser.insights.dashboard import (
    PERIODS,
    Period,
    bucket_of,
    buckets,
    most_read,
    spreadsheet_safe,
    views_per_language,
)
from wegweiser.insights.models import Feedback, UnansweredSearch, View

from .test_priorities import change_text, make_item, nothing_counted_yet, read  # noqa: F401 - the fixture is used

pytestmark = pytest.mark.django_db
URL = "/admin/insights/"
EXPORT_URL = "/admin/insights/export.csv"


def period(days: int = 30) -> Period:
    return Period(days, timezone.localdate())


@pytest.fixture
def reading(musterstadt):
    """Three items read in several languages; one view too old for 30 days; an event; musterland's own item."""
    kita = make_item(musterstadt, "Kita-Platz finden")
    muell = make_item(musterstadt, "Müllabfuhr", languages=["en", "ar"])
    fest = make_item(musterstadt, "Straßenfest")
    read(musterstadt, kita["de"], "de", 10)
    read(musterstadt, kita["ar"], "ar", 25, days_ago=1)
    read(musterstadt, kita["fa"], "fa", 5, days_ago=2)
    read(musterstadt, kita["ar"], "ar", 1000, days_ago=40)  # only in the 90 and 365 days
    read(musterstadt, muell["de"], "de", 30)
    read(musterstadt, muell["de"], "tr", 4)  # Turkish readers read the German text: no Turkish copy
    read(musterstadt, muell["en"], "en", 2, days_ago=5)
    read(musterstadt, fest["de"], "de", 7, kind="event")
    return {"kita": kita, "muell": muell, "fest": fest}


# --------------------------------------------------------------------------------------------------
# The numbers
# --------------------------------------------------------------------------------------------------


def test_most_read_groups_an_items_languages_and_names_it_in_german(musterstadt, reading):
    items = most_read(musterstadt, period())
    assert [(item.title, item.views) for item in items] == [
        ("Kita-Platz finden", 40),
        ("Müllabfuhr", 36),
        ("Straßenfest", 7),
    ]
    kita, muell, fest = items
    assert kita.by_language == {"de": 10, "ar": 25, "fa": 5}
    assert kita.page_id == reading["kita"]["de"].pk  # linked as the German page, though read in Arabic too
    assert muell.by_language == {"de": 30, "tr": 4, "en": 2}
    assert fest.kind == "event" and fest.kind_label == "Event"


def test_a_longer_period_counts_older_views(musterstadt, reading):
    items = most_read(musterstadt, period(90))
    assert (items[0].title, items[0].views, items[0].by_language["ar"]) == ("Kita-Platz finden", 1040, 1025)


def test_views_per_language_per_day_with_every_day_present(musterstadt, reading):
    series = views_per_language(musterstadt, period())
    today = timezone.localdate()
    assert len(series.starts) == 30 and series.starts[0] == today - timedelta(days=29) and series.starts[-1] == today
    assert series.languages == ["de", "en", "fa", "ar", "tr"]  # in the order of the language tree
    assert series.counts["de"][-1] == 10 + 30 + 7
    assert series.counts["ar"][-2] == 25 and sum(series.counts["ar"]) == 25
    assert series.counts["en"][-6] == 2
    assert series.totals() == [47, 2, 5, 25, 4]
    assert series.rows()[-1] == {"start": today, "views": [47, 0, 0, 0, 4], "total": 51}


def test_views_per_language_per_week_for_a_year(musterstadt, reading):
    series = views_per_language(musterstadt, period(365))
    today = timezone.localdate()
    assert series.weekly and len(series.starts) == 52
    # Weeks end today, so the latest is a whole week; the day left over joins the oldest (8 days).
    assert series.starts[-1] == today - timedelta(days=6)
    assert series.starts[0] == today - timedelta(days=364) and series.starts[1] == today - timedelta(days=356)
    assert all(later - earlier == timedelta(days=7) for earlier, later in pairwise(series.starts[1:]))
    assert sum(series.counts["ar"]) == 1025 and series.counts["ar"][-1] == 25
    assert series.counts["ar"][-1 - 40 // 7] == 1000  # read 40 days ago: in the sixth week back
    assert sum(series.totals()) == 40 + 1000 + 36 + 7


def test_every_day_of_a_period_falls_into_one_of_its_buckets():
    for days in PERIODS:
        span = period(days)
        starts = buckets(span)
        for offset in range(days):
            day = span.first + timedelta(days=offset)
            index = bucket_of(day, span)
            assert starts[index] <= day and (index + 1 == len(starts) or day < starts[index + 1])


def test_the_period_falls_back_to_30_days_for_anything_else(rf):
    for value in ("", "abc", "7", "-1", "90.5", "1e3"):
        assert Period.from_request(rf.get("/", {"days": value})).days == 30
    assert Period.from_request(rf.get("/", {"days": "365"})).days == 365


# --------------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------------


def chart_data(html: str, element_id: str) -> dict:
    """The numbers a chart is drawn from, as the page carries them (``json_script``)."""
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found is not None, f"no {element_id}"
    return json.loads(found.group(1))


def test_the_dashboard_shows_the_most_read_items_and_both_charts(login, musterstadt, reading):
    response = login("musterstadt-editor").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('id="insights-most-read-table"') :]
    assert table.index("Kita-Platz finden") < table.index("Müllabfuhr") < table.index("Straßenfest")
    assert "Kita-Platz finden [ar]" not in html  # one row per item, named in German
    chart = chart_data(html, "insights-most-read-data")
    assert chart["labels"] == ["Kita-Platz finden", "Müllabfuhr", "Straßenfest"]
    arabic = next(dataset for dataset in chart["datasets"] if dataset["label"] == "العربية (ar)")
    assert arabic["data"] == [25, 0, 0]
    series = chart_data(html, "insights-languages-data")
    assert len(series["labels"]) == 30 and [d["label"] for d in series["datasets"]][0] == "Deutsch (de)"
    assert "vendor/chartjs/chart.umd.min.js" in html and "insights/dashboard.js" in html
    assert 'role="img"' in html and 'id="insights-languages-table"' in html  # charts have a table equivalent
    assert '<bdi lang="ar">العربية</bdi>' in html


def test_the_period_is_chosen_and_a_bad_one_shows_30_days(login, musterstadt, reading):
    client = login("musterstadt-editor")
    html = client.get(URL, {"days": "90"}).content.decode()
    assert '<option value="90" selected>' in html and "1040" in html
    response = client.get(URL, {"days": "nonsense"})
    assert response.status_code == 200
    assert '<option value="30" selected>' in response.content.decode()
    assert "1040" not in response.content.decode()


def test_the_top_ten_searches_without_a_good_answer_link_to_the_full_list(login, musterstadt):
    today = timezone.localdate()
    for number in range(12):
        UnansweredSearch.objects.create(
            region=musterstadt, language="ar", query=f"سؤال {number}", day=today, count=number + 1, no_results=True
        )
    UnansweredSearch.objects.create(
        region=musterstadt, language="de", query="uralt", day=today - timedelta(days=40), count=99, no_results=False
    )
    html = login("musterstadt-editor").get(URL).content.decode()
    searches = html[html.index('id="insights-searches-table"') :]
    searches = searches[: searches.index("</table>")]
    assert searches.index("سؤال 11") < searches.index("سؤال 10") < searches.index("سؤال 2")
    assert "سؤال 1<" not in searches and "سؤال 0<" not in searches  # the 11th and 12th most asked
    assert "uralt" not in searches  # older than the period
    assert f'href="/admin/insights/unanswered-searches/?region={musterstadt.pk}"' in html


def test_feedback_is_counted_per_item_and_links_to_the_inbox(login, musterstadt, reading):
    kita = reading["kita"]
    Feedback.objects.create(region=musterstadt, language="ar", kind="page", page=kita["ar"], rating="down")
    Feedback.objects.create(
        region=musterstadt, language="de", kind="page", page=kita["de"], rating="up", comment="Danke!", is_read=True
    )
    Feedback.objects.create(region=musterstadt, language="fa", kind="page", page=kita["fa"], comment="نامفهوم")
    Feedback.objects.create(region=musterstadt, language="de", kind="map", rating="up")  # not about an item
    html = login("musterstadt-editor").get(URL).content.decode()
    feedback = html[html.index('id="insights-feedback-table"') :]
    row = re.search(r"<tr data-page=\"(\d+)\">(.*?)</tr>", feedback, re.S)
    assert row is not None and row.group(1) == str(kita["de"].pk)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(2), re.S)
    assert cells[0] == "Kita-Platz finden"
    assert cells[2:6] == ["1", "1", "2", "<strong>2</strong>"]  # helpful, not helpful, comments, unread
    assert f'href="/admin/insights/feedback/?region={musterstadt.pk}&amp;item={kita["de"].pk}"' in feedback


def test_the_to_do_list_is_on_the_dashboard(login, musterstadt, reading):
    change_text(reading["kita"]["de"], "<p>Neu: Anmeldung jetzt online.</p>")
    html = login("musterstadt-editor").get(URL).content.decode()
    to_do = html[html.index('id="insights-to-do-list"') :]
    to_do = to_do[: to_do.index("</table>")]
    rows = re.findall(r'<tr data-problem="([^"]+)" data-page="(\d+)">', to_do)
    assert rows[0] == ("outdated", str(reading["kita"]["de"].pk))  # 30 views in outdated languages × 4
    assert ("missing", str(reading["muell"]["de"].pk)) in rows
    assert "Translations outdated in English (en), فارسی (fa), العربية (ar)" in to_do
    assert f'href="/admin/translation/item/{reading["kita"]["de"].pk}/"' in to_do


def test_without_views_the_dashboard_says_so_and_loads_no_charts(login, musterstadt):
    html = login("musterstadt-editor").get(URL).content.decode()
    assert "No views were counted in this period." in html
    assert "chart.umd.min.js" not in html


# --------------------------------------------------------------------------------------------------
# Regions
# --------------------------------------------------------------------------------------------------


def test_another_regions_editor_gets_404(login, musterstadt, reading):
    client = login("musterland-editor")
    assert client.get(URL, {"region": musterstadt.pk}).status_code == 404
    assert client.get(EXPORT_URL, {"region": musterstadt.pk}).status_code == 404
    html = client.get(URL).content.decode()  # their own region, chosen for them
    assert "Kita-Platz finden" not in html and "Landkreis Musterland" in html


def test_a_superuser_chooses_the_region(login, musterstadt, reading):
    client = login("admin")
    html = client.get(URL).content.decode()
    assert "Choose a region to see its insights." in html and "Kita-Platz finden" not in html
    assert "Kita-Platz finden" in client.get(URL, {"region": musterstadt.pk}).content.decode()
    response = client.get(EXPORT_URL)
    assert response.status_code == 302 and response["Location"] == "/admin/insights/?days=30"


def test_the_admin_in_german(login, django_user_model, musterstadt, reading):
    client = login("musterstadt-editor")
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="musterstadt-editor"))
    profile.preferred_language = "de"
    profile.save()
    UnansweredSearch.objects.create(
        region=musterstadt, language="tr", query="çöp", day=timezone.localdate(), count=2, no_results=True
    )
    html = client.get(URL).content.decode()
    assert '<html lang="de"' in html
    assert ">Sprache<" in html and ">Anzeigen<" in html  # the searches' column, the period's button
    assert period().first.strftime("%d.%m.%Y") in html  # German dates
    assert "Kita-Platz finden" in html and "Müllabfuhr" in html


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------


def parse_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a byte order mark
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_most_read_items_as_csv(login, musterstadt, reading):
    change_text(reading["kita"]["de"], "<p>Neu: Anmeldung jetzt online.</p>")
    response = login("musterstadt-editor").get(EXPORT_URL, {"region": musterstadt.pk, "days": "90"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert (
        response["Content-Disposition"] == f'attachment; filename="wegweiser-musterstadt-most-read-90-days-{today}.csv"'
    )
    rows = parse_csv(response)
    header = rows[0]
    assert header[:5] == ["Rank", "Item", "Kind", "Page ID", "Views"]
    assert header[5:8] == ["Views in Deutsch (de)", "Views in English (en)", "Views in فارسی (fa)"]
    assert header[-2:] == ["Views in Leichte Sprache (de-si)", "Problems"]
    arabic = header.index("Views in العربية (ar)")
    assert rows[1][:5] == ["1", "Kita-Platz finden", "Page", str(reading["kita"]["de"].pk), "1040"]
    assert rows[1][arabic] == "1025"
    assert rows[1][-1].startswith("Translations outdated in ")
    assert rows[2][:5] == ["2", "Müllabfuhr", "Page", str(reading["muell"]["de"].pk), "36"]
    assert rows[2][header.index("Views in Türkçe (tr)")] == "4"
    assert "Not translated into " in rows[2][-1]
    assert rows[3][:3] == ["3", "Straßenfest", "Event"] and rows[3][-1] == ""
    assert len(rows) == 4


def test_the_to_do_list_as_csv(login, musterstadt, reading):
    change_text(reading["kita"]["de"], "<p>Neu: Anmeldung jetzt online.</p>")
    response = login("musterstadt-editor").get(EXPORT_URL, {"region": musterstadt.pk, "list": "to-do"})
    assert "wegweiser-musterstadt-to-do-30-days-" in response["Content-Disposition"]
    rows = parse_csv(response)
    assert rows[0] == ["Rank", "Item", "Kind", "Views", "Views concerned", "Problem", "Why", "Link"]
    assert rows[1][:6] == ["1", "Kita-Platz finden", "Page", "40", "30", "Translation outdated"]  # ar 25, fa 5
    assert rows[1][7] == f"http://testserver/admin/translation/item/{reading['kita']['de'].pk}/"


def test_a_title_is_never_taken_for_a_formula():
    assert spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_safe("-1+2") == "'-1+2"
    assert spreadsheet_safe("Kita") == "Kita" and spreadsheet_safe(12) == 12


# --------------------------------------------------------------------------------------------------
# Aggregates only
# --------------------------------------------------------------------------------------------------


def test_the_dashboard_and_its_exports_never_read_single_views(login, musterstadt, reading):
    change_text(reading["kita"]["de"], "<p>Neu.</p>")
    View.objects.create(
        region=musterstadt, language="de", kind="page", item_id=reading["kita"]["de"].pk, day=timezone.localdate()
    )
    client = login("musterstadt-editor")
    with CaptureQueriesContext(connection) as queries:
        for days in ("30", "90", "365"):
            assert client.get(URL, {"days": days}).status_code == 200
        assert client.get(EXPORT_URL, {"region": musterstadt.pk}).status_code == 200
        assert client.get(EXPORT_URL, {"region": musterstadt.pk, "list": "to-do"}).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    assert any("insights_dailyviews" in sql for sql in statements)
    assert not [sql for sql in statements if re.search(r"\binsights_view\b", sql)]
