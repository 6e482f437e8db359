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
        seg.fill(job, {"title": "Новий заголовок", linked.context: "без посилання"})
    assert seg.segments(job) == before


def test_filled_segments_are_published(topic):
    job = seg.translation_job(topic, "tr")
    changed = seg.fill(job, {"title": "Yeni başlık"}, kind=seg.MACHINE, tool="test")
    assert [c.context for c in changed] == ["title"]
    page = seg.save(job)
    assert page.title == "Yeni başlık" and page.live
    assert seg.segments(job)[0].kind == seg.MACHINE
