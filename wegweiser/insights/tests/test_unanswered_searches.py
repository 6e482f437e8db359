"""The editors' list of searches without a good answer: counted per question and day, own regions only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from wegweiser.insights.models import UnansweredSearch
from wegweiser.insights.searches import count_unanswered

pytestmark = pytest.mark.django_db
URL = "/admin/insights/unanswered-searches/"


def test_the_same_question_is_counted_once_per_day_whatever_its_case_and_spacing(musterstadt):
    count_unanswered(musterstadt.id, "de", "Wo gibt es  Kamele?", no_results=False)
    count_unanswered(musterstadt.id, "de", "wo gibt es kamele?", no_results=False)
    count_unanswered(musterstadt.id, "ar", "أين الجمال؟", no_results=True)
    count_unanswered(musterstadt.id, "de", "   ", no_results=True)
    rows = {(r.language, r.query): r for r in UnansweredSearch.objects.filter(region=musterstadt)}
    assert set(rows) == {("de", "wo gibt es kamele?"), ("ar", "أين الجمال؟")}
    assert rows["de", "wo gibt es kamele?"].count == 2
    assert rows["ar", "أين الجمال؟"].no_results is True


def test_editors_see_their_regions_questions_most_asked_first(login, musterstadt, musterland):
    today = timezone.localdate()
    UnansweredSearch.objects.create(
        region=musterstadt, language="de", query="kamelmarkt", day=today, count=3, no_results=False
    )
    UnansweredSearch.objects.create(
        region=musterstadt, language="ar", query="سوق الجمال", day=today - timedelta(days=1), count=5, no_results=True
    )
    UnansweredSearch.objects.create(
        region=musterstadt, language="de", query="uralt", day=today - timedelta(days=200), count=9, no_results=True
    )
    UnansweredSearch.objects.create(
        region=musterland, language="de", query="landkreisfrage", day=today, count=7, no_results=True
    )
    response = login("musterstadt-editor").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("سوق الجمال") < html.index("kamelmarkt")
    assert 'dir="auto" lang="ar"' in html
    assert "uralt" not in html  # older than the list looks back
    assert "landkreisfrage" not in html


def test_another_regions_list_is_not_shown(login, musterland):
    assert login("musterstadt-editor").get(URL, {"region": musterland.pk}).status_code == 404


def test_a_superuser_chooses_the_region(login, musterstadt, musterland):
    UnansweredSearch.objects.create(
        region=musterland, language="de", query="landkreisfrage", day=timezone.localdate(), count=1, no_results=True
    )
    client = login("admin")
    assert "landkreisfrage" not in client.get(URL).content.decode()
    assert "landkreisfrage" in client.get(URL, {"region": musterland.pk}).content.decode()
