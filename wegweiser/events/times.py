"""Event times in a region's timezone: which zone an event's region keeps, and what "all day" spans."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings

#: An all-day event ends at the end of its last day (local time); readers' lists treat it as over after that.
END_OF_DAY = time(23, 59, 59)


def region_zone(page) -> ZoneInfo:
    """The timezone of the region a page lies in (or will lie in, for its parent); the server's otherwise."""
    from wegweiser.regions.tenancy import region_of_page

    region = region_of_page(page) if page is not None and page.path else None
    return ZoneInfo(region.timezone if region is not None else settings.TIME_ZONE)


def all_day_span(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of the first day to the end of the last, in the region's timezone: only dates count."""
    first = start.astimezone(zone).date()
    last = max(end.astimezone(zone).date(), first)
    return datetime.combine(first, time.min, zone), datetime.combine(last, END_OF_DAY, zone)
