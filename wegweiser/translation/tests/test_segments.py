"""Segments: what XLIFF files, machine translation and the memory read and write."""

import pytest

from wegweiser.content.models import TopicPage
from wegweiser.translation import segments as seg


@pytest.fixture
def topic(musterstadt):
    return TopicPage.objects.descendant_of(musterstadt).filter(locale__language_code="de").exclude(body="").first()


def test_a_translation_lists_its_segments_with_the_existing_translation(topic):
    job = seg.translation_job(topic, "ar")
    found = seg.segments(job)
    assert found[0].context == "title" and found[0].source == topic.title
    assert all(s.target for s in found), "the demo translates every segment into Arabic"
    assert job.source.locale.language_code == "de"


def test_persian_is_translated_from_english_as_the_language_tree_says(topic):
    job = seg.translation_job(topic, "fa")
    assert job.source.locale.language_code == "en"


def test_a_translation_that_loses_a_link_is_refused_and_nothing_is_stored(topic):
    job = seg.translation_job(topic, "uk")
    linked = next((s for s in seg.segments(job) if "<a id=" in s.source), None)
    if linked is None:
        pytest.skip("no linked segment")
    before = seg.segments(job)
    with pytest.raises(seg.SegmentError):
        seg.fill(job, {"title": "Новий заголовок", linked.key: "без посилання"})
    assert seg.segments(job) == before


def test_filled_segments_are_published(topic):
    job = seg.translation_job(topic, "tr")
    changed = seg.fill(job, {"title": "Yeni başlık"}, kind=seg.MACHINE, tool="test")
    assert [c.key for c in changed] == ["title"]
    page = seg.save(job)
    assert page.title == "Yeni başlık" and page.live
    assert seg.segments(job)[0].kind == seg.MACHINE


def test_a_draft_translation_does_not_change_what_readers_see(topic):
    job = seg.translation_job(topic, "ru")
    russian = seg.item_in(topic, "ru")
    assert russian is not None
    live_title = russian.title
    seg.fill(job, {"title": "Черновик"})
    draft = seg.save(job, publish=False)
    assert draft.title == live_title and draft.live and draft.has_unpublished_changes
    assert draft.get_latest_revision_as_object().title == "Черновик"


def test_paragraphs_of_one_field_are_separate_segments(topic):
    found = seg.segments(seg.translation_job(topic, "ar"))
    body = [s.key for s in found if s.context == "body"]
    assert len(body) > 1 and len(set(body)) == len(body) and body[0] == "body.1"
