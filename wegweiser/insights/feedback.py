"""Taking feedback from newcomers, whichever API it arrives through."""

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from .models import Feedback

MAX_COMMENT = 5000


class FeedbackError(ValueError):
    """The feedback cannot be taken as sent; the message says why."""


@dataclass
class FeedbackInput:
    kind: str
    rating: str = ""
    comment: str = ""
    category: str = ""
    query: str = ""
    slug: str = ""
    page_id: int | None = None


def checked_feedback(given: FeedbackInput) -> FeedbackInput:
    """The feedback as it is stored (rating and comment tidied), or a ``FeedbackError`` saying why it cannot be."""
    if given.kind not in Feedback.Kind.values:
        raise FeedbackError(_("Unknown kind of feedback “%(kind)s”.") % {"kind": given.kind})
    rating = (given.rating or "").strip().lower()
    if rating not in ("", *Feedback.Rating.values):
        raise FeedbackError(_("The rating must be “up” or “down”."))
    comment = (given.comment or "").strip()
    if not rating and not comment:
        raise FeedbackError(_("Give a rating or a comment."))
    if len(comment) > MAX_COMMENT:
        raise FeedbackError(_("The comment is too long (at most %(max)d characters).") % {"max": MAX_COMMENT})
    return replace(given, rating=rating, comment=comment)


def record_feedback(region_id: int, language: str, given: FeedbackInput) -> Feedback:
    """Store feedback after checking it; a page it names must have been found by the caller."""
    given = checked_feedback(given)
    return Feedback.objects.create(
        region_id=region_id,
        language=language,
        kind=given.kind,
        page_id=given.page_id,
        object_slug=given.slug[:500],
        rating=given.rating,
        comment=given.comment,
        category=given.category[:100],
        query=given.query[:500],
    )
