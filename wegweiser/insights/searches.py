"""Counting searches a region had no good answer to, so that editors see what newcomers miss."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import UnansweredSearch


def count_unanswered(region_id: int, language: str, query: str, no_results: bool) -> None:
    """Add one to today's count of this question (case and spacing ignored) in the region and language."""
    query = " ".join(query.casefold().split())[:200]
    if not query:
        return
    key = {"region_id": region_id, "language": language, "query": query, "day": timezone.localdate()}
    if UnansweredSearch.objects.filter(**key).update(count=F("count") + 1, no_results=no_results):
        return
    try:
        with transaction.atomic():
            UnansweredSearch.objects.create(**key, count=1, no_results=no_results)
    except IntegrityError:  # another request created it in the meantime
        UnansweredSearch.objects.filter(**key).update(count=F("count") + 1)
