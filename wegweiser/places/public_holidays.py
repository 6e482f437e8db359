"""Public holidays of a region's federal state (``RegionPage.holiday_region``), from the ``holidays`` package.

Places close on them unless the editor says otherwise (``PlacePage.closed_on_public_holidays``). Published
places carry the holidays of the coming year, so that offline readers and apps work out "open now" alone.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

#: How far ahead published places list public holidays (documents are rebuilt on every publication).
HOLIDAY_DAYS = 400
#: The languages the ``holidays`` package names German holidays in; others get the German names, which
#: are also what newcomers read on notices and hear around them.
_NAME_LANGUAGES = {"de": "de", "de-si": "de", "en": "en_US", "uk": "uk"}


@lru_cache(maxsize=64)
def _holidays(state: str, first_year: int, last_year: int, language: str) -> tuple[tuple[date, str], ...]:
    found = holidays.country_holidays(
        "DE", subdiv=state, years=range(first_year, last_year + 1), language=_NAME_LANGUAGES.get(language, "de")
    )
    return tuple(sorted(found.items()))


def public_holidays(state: str, first: date, days: int = HOLIDAY_DAYS, language: str = "de") -> list[dict]:
    """``[{"date": "2026-12-25", "name": "Erster Weihnachtstag"}, …]`` from ``first`` for ``days`` days."""
    last = first + timedelta(days=days - 1)
    return [
        {"date": day.isoformat(), "name": name}
        for day, name in _holidays(state, first.year, last.year, language)
        if first <= day <= last
    ]
