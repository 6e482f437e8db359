"""What happens in the background once a publication commits: readability, memory learning and pre-filling."""

import pytest

from wegweiser.content.models import TopicPage
from wegweiser.translation import segments as seg
from wegweiser.translation.models import MemoryEntry, ReadabilityScore

pytestmark = pytest.mark.django_db

SENTENCE = "Die Formulare werden von der Behörde sorgfältig geprüft."


def test_publishing_scores_german_text_learns_translations_and_prefills_them_elsewhere(
    musterstadt, django_capture_on_commit_callbacks
):
    first, second = TopicPage.objects.child_of(musterstadt).filter(locale__language_code="de")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        first.body = f"<p>{SENTENCE}</p>"
        first.save_revision().publish()
    score = ReadabilityScore.objects.get(page=first)
    assert score.language == "de" and any(f["rule"] == "passive" for f in score.details["findings"])

    job = seg.translation_job(first, "ar")
    with django_capture_on_commit_callbacks(execute=True):
        seg.fill(job, {s.key: "تتحقق السلطة من الاستمارات بعناية." for s in seg.missing(job) if s.source == SENTENCE})
        seg.save(job)
    assert MemoryEntry.objects.filter(source_text=SENTENCE, target_language="ar").exists()

    with django_capture_on_commit_callbacks(execute=True):
        second.body = f"<p>{SENTENCE}</p>"
        second.save_revision().publish()
    prefilled = [s for s in seg.segments(seg.translation_job(second, "ar")) if s.source == SENTENCE]
    assert prefilled[0].target == "تتحقق السلطة من الاستمارات بعناية." and prefilled[0].kind == seg.MANUAL
    arabic = seg.item_in(second, "ar")
    assert arabic is not None and "Formulare" not in arabic.body  # pre-filled, not published
