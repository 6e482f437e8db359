"""Review dates for a demo region, so its list of reviews and its digest show something real: most items were
checked in the last months, three pages are overdue, two pages are due within weeks, a place with phone numbers is
checked every three months, and one contact was never reviewed for more than a year."""

from datetime import timedelta

from django.utils import timezone

from wegweiser.regions.models import RegionPage

from .models import Kind, ReviewState, Source
from .service import add_months, region_reviews


def give_review_dates(region: RegionPage) -> None:
    today = timezone.localdate()
    entries = region_reviews(region)
    states = {}
    for number, entry in enumerate(entries):
        state, _created = ReviewState.objects.get_or_create(
            region=region.canonical, kind=entry.kind, translation_key=entry.translation_key
        )
        # Spread over the last ten months, so nothing else comes due while the demo runs.
        state.last_reviewed_on = today - timedelta(days=(number * 37) % 300)
        state.last_review_source = Source.EDITOR if number % 2 else Source.PUBLISHED
        states[entry.translation_key] = state
    pages = sorted(
        (entry for entry in entries if entry.kind == Kind.PAGE),
        key=lambda entry: (entry.organisation is None, entry.title),  # organisations first: they can be asked
    )
    for number, entry in enumerate(pages[:3]):
        states[entry.translation_key].last_reviewed_on = add_months(today, -14) + timedelta(days=20 * number)
    for number, entry in enumerate(pages[3:5], start=1):
        states[entry.translation_key].last_reviewed_on = add_months(today, -12) + timedelta(days=10 * number)
    places = [entry for entry in entries if entry.kind == Kind.PLACE]
    if places:
        state = states[places[0].translation_key]
        state.interval_months = 3
        state.last_reviewed_on = add_months(today, -3) + timedelta(days=12)
    contacts = [entry for entry in entries if entry.kind == Kind.CONTACT]
    if contacts:
        state = states[contacts[0].translation_key]
        state.last_reviewed_on = None
        state.last_review_source = ""
        state.tracked_since = add_months(today, -13)
    for state in states.values():
        state.save()
