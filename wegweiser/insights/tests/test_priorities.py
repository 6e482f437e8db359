"""What to do next: much-read items with a problem, ranked by views × the problem's weight, each with its reason."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify

from wegweiser.content.models import TopicPage
from wegweiser.insights.dashboard import Period, most_read
from wegweiser.insights.models import DailyViews, Feedback, UnansweredSearch
from wegweiser.insights.priorities import WEIGHTS, Problem, what_to_do_next
from wegweiser.regions.tenancy import region_copies, region_of_page
from wegweiser.reviews.service import mark_reviewed
from wegweiser.translation.models import ReadabilityScore
from wegweiser.translation.versions import mark_in_translation, record_publication

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_counted_yet(musterstadt, musterland):
    """Exact numbers: the tests count every view, search and feedback themselves."""
    for model in (DailyViews, UnansweredSearch, Feedback):
        model.objects.filter(region__in=[musterstadt, musterland]).delete()


def make_item(region, title: str, languages=None, body: str = "<p>Ein kurzer Text.</p>", **fields) -> dict:
    """A topic page in the region's own language with live copies in ``languages`` (default: all of the region's),
    their text versions recorded as publishing records them, so every translation is up to date."""
    tree = region.language_tree()
    key = uuid.uuid4()
    copies = {}
    for code in [tree.root, *tree.descendants_of(tree.root)]:
        if code != tree.root and languages is not None and code not in languages:
            continue
        parent = region_copies(region).get(locale__language_code=code)
        now = timezone.now()
        page = TopicPage(
            title=title if code == tree.root else f"{title} [{code}]",
            slug=f"insights-{slugify(title)}",
            locale=parent.locale,
            translation_key=key,
            body=body,
            live=True,
            first_published_at=now,
            last_published_at=now,
            **(fields if code == tree.root else {}),
        )
        parent.add_child(instance=page)
        record_publication(page)
        copies[code] = page
    return copies


def read(region, page, language: str, views: int, days_ago: int = 0, kind: str = "page") -> None:
    """Views of a page in a language on a day, as ``aggregate_views`` stores them."""
    DailyViews.objects.create(
        region=region,
        language=language,
        kind=kind,
        item_id=page.pk,
        day=timezone.localdate() - timedelta(days=days_ago),
        views=views,
    )


def change_text(page: TopicPage, body: str) -> None:
    """A major change of the text, recorded as publishing it records it: its translations are outdated now."""
    page.body = body
    page.save()
    record_publication(page)


def hard_to_read(page, flesch_amstad: float = 25.0, wiener: float = 13.5, words: int = 200) -> None:
    """The page's readability score as ``readability.record`` stores it on publishing, with the given numbers."""
    ReadabilityScore.objects.update_or_create(
        page=page,
        defaults={
            "region": region_of_page(page),
            "language": page.locale.language_code,
            "flesch_amstad": flesch_amstad,
            "wiener_sachtextformel": wiener,
            "details": {"words": words, "sentences": 10, "findings": []},
        },
    )


def to_do_list(region, days: int = 30):
    return what_to_do_next(region, most_read(region, Period(days, timezone.localdate())))


@pytest.fixture
def problems(musterstadt):
    """Five read items: four with one problem each, one without, and an unread one with every problem."""
    outdated = make_item(musterstadt, "Kita-Platz finden")
    change_text(outdated["de"], "<p>Neu: Anmeldung jetzt online.</p>")
    missing = make_item(musterstadt, "Sprachkurse", languages=["en", "ar", "uk", "ru", "de-si"])  # no tr, no fa
    old = make_item(musterstadt, "Müllabfuhr")
    long_ago = timezone.now() - timedelta(days=400)  # never reviewed since: overdue (the region reviews yearly)
    TopicPage.objects.filter(pk=old["de"].pk).update(first_published_at=long_ago, last_published_at=long_ago)
    hard = make_item(musterstadt, "Ausländerbehörde")
    hard_to_read(hard["de"])
    fine = make_item(musterstadt, "Notruf")
    never_read = make_item(musterstadt, "Nie gelesen", languages=["en"])
    change_text(never_read["de"], "<p>Geändert.</p>")
    hard_to_read(never_read["de"])

    read(musterstadt, outdated["de"], "de", 40)
    read(musterstadt, outdated["ar"], "ar", 60, days_ago=3)  # score 100 × 4 = 400
    read(musterstadt, missing["de"], "de", 100)
    read(musterstadt, missing["de"], "tr", 30)  # Turkish readers got the German text
    read(musterstadt, missing["en"], "en", 20)  # score 150 × 2 = 300
    read(musterstadt, old["de"], "de", 120)  # score 120 × 3 = 360
    read(musterstadt, hard["de"], "de", 300)
    read(musterstadt, hard["ar"], "ar", 200)  # score 500 × 1 = 500
    read(musterstadt, fine["de"], "de", 1000)
    return {"outdated": outdated, "missing": missing, "old": old, "hard": hard, "fine": fine, "never": never_read}


def test_the_list_ranks_problems_by_the_views_they_concern_times_their_weight(musterstadt, problems):
    entries = to_do_list(musterstadt)
    assert [(entry.item.title, entry.problem, entry.views) for entry in entries] == [
        ("Müllabfuhr", Problem.REVIEW, 120),  # every reader: 120 × 3
        ("Ausländerbehörde", Problem.HARD_TO_READ, 300),  # the German readers (not the Arabic ones): 300 × 1
        ("Kita-Platz finden", Problem.OUTDATED, 60),  # the readers of the outdated languages: 60 × 4
        ("Sprachkurse", Problem.MISSING, 30),  # the Turkish readers who got the German text: 30 × 2
    ]
    assert [entry.score for entry in entries] == [360, 300, 240, 60]
    assert all(entry.score == entry.views * WEIGHTS[entry.problem] for entry in entries)


def test_a_missing_language_nobody_could_read_counts_by_its_share_of_the_regions_views(musterstadt, problems):
    """Without a fallback nobody reads the item in a missing language; its readers elsewhere say how many would."""
    DailyViews.objects.filter(language="tr").delete()
    read(musterstadt, problems["fine"]["tr"], "tr", 374)  # Turkish: 374 of all 2214 views, about 17 %
    missing = next(entry for entry in to_do_list(musterstadt) if entry.problem == Problem.MISSING)
    assert missing.views == round(120 * 374 / 2214)  # of its own 120 views (German and English)
    assert "Their readers made 17% of the region's views." in missing.reason
    assert "who read it in another language" not in missing.reason


def test_each_entry_says_why_in_plain_words_and_where_to_act(musterstadt, problems):
    entries = {entry.problem: entry for entry in to_do_list(musterstadt)}

    outdated = entries[Problem.OUTDATED]
    assert outdated.reason.startswith("Translations outdated in English (en), فارسی (fa), العربية (ar), ")
    assert "Leichte Sprache (de-si):" in outdated.reason  # Persian lags behind through English, its source
    assert "Views in these languages: 60 of 100." in outdated.reason
    assert outdated.url == f"/admin/translation/item/{problems['outdated']['de'].pk}/"
    assert outdated.action == "Translate"

    missing = entries[Problem.MISSING]
    assert missing.languages == ("fa", "tr")
    assert missing.reason == (
        "Not translated into فارسی (fa), Türkçe (tr): 2 of the languages the region offers. "
        "Their readers made 2% of the region's views. "
        "Views by readers of these languages, who read it in another language: 30."
    )

    review = entries[Problem.REVIEW]
    assert review.reason.startswith("Never reviewed since it was published; its review was due on ")
    assert review.url == f"/admin/reviews/page/{problems['old']['de'].pk}/"
    assert review.action == "Check and mark as reviewed"

    hard = entries[Problem.HARD_TO_READ]
    assert hard.reason == (
        "Hard to read in Deutsch (de): reading ease 25 (very hard; the target is at least 60); "
        "Wiener Sachtextformel 13.5 (school year 14; the target is at most 10). Views of this text: 300 of 500."
    )
    assert hard.url == f"/admin/translation/readability/page/{problems['hard']['de'].pk}/"


def test_items_nobody_read_are_left_out_and_items_without_a_problem_too(musterstadt, problems):
    titles = {entry.item.title for entry in to_do_list(musterstadt)}
    assert "Nie gelesen" not in titles
    assert "Notruf" not in titles


def test_one_item_gets_an_entry_per_problem(musterstadt, problems):
    item = problems["outdated"]
    hard_to_read(item["de"])
    TopicPage.objects.filter(pk=item["de"].pk).update(review_date=timezone.localdate() - timedelta(days=1))
    entries = [entry for entry in to_do_list(musterstadt) if entry.item.title == "Kita-Platz finden"]
    assert [(entry.problem, entry.score) for entry in entries] == [
        (Problem.REVIEW, 100 * 3),
        (Problem.OUTDATED, 60 * 4),
        (Problem.HARD_TO_READ, 40 * 1),
    ]
    assert entries[0].reason.startswith("Its review was due on ")


def test_a_language_sent_out_for_translation_is_not_missing(musterstadt, problems):
    mark_in_translation(problems["missing"]["de"], ["tr"])
    missing = next(entry for entry in to_do_list(musterstadt) if entry.problem == Problem.MISSING)
    assert missing.languages == ("fa",)
    assert missing.reason.startswith("Not translated into فارسی (fa), a language the region offers.")
    assert "Views by readers" not in missing.reason  # nobody read it in Persian


def test_short_texts_and_texts_meeting_their_target_are_not_hard_to_read(musterstadt, problems):
    hard = problems["hard"]
    hard_to_read(hard["de"], words=20)  # too short for the scores to say much
    hard_to_read(hard["de-si"], flesch_amstad=75.0, wiener=5.0)  # Leichte Sprache reaching its target
    read(musterstadt, hard["de-si"], "de-si", 10)
    assert Problem.HARD_TO_READ not in {entry.problem for entry in to_do_list(musterstadt)}


def test_a_page_reviewed_recently_is_not_overdue(musterstadt, problems):
    mark_reviewed(problems["old"]["ar"])  # a review covers every language
    assert Problem.REVIEW not in {entry.problem for entry in to_do_list(musterstadt)}


def test_publishing_a_change_counts_as_a_review(musterstadt, problems):
    page = TopicPage.objects.get(pk=problems["old"]["de"].pk)
    page.body = "<p>Neue Abholtage.</p>"
    page.save_revision().publish()
    assert Problem.REVIEW not in {entry.problem for entry in to_do_list(musterstadt)}


def test_the_review_interval_is_the_regions(musterstadt, problems):
    musterstadt.review_interval_months = 24
    musterstadt.save(update_fields=["review_interval_months"])
    assert Problem.REVIEW not in {entry.problem for entry in to_do_list(musterstadt)}
