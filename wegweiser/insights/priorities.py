"""What to do next: the items newcomers read most that have a problem, most urgent first.

A municipality's editors have a few hours a week. An entry's urgency is the number of views in the period its
problem concerns times how much the problem hurts readers (``WEIGHTS``), so an outdated translation of a page read a
thousand times comes before a hard-to-read page read ten times. The views a problem concerns are the item's views in
the languages it touches: an outdated Arabic translation concerns the Arabic readers, not the German ones; a missing
translation concerns the readers of that language, estimated from their share of all the region's views (when the
region shows another language instead, their views are counted too and the larger number counts); a text overdue
for review concerns every reader. Each problem kind has one small function that finds it for a list of read items
and says, in plain words, why it matters and where to act:

- ``outdated_translations``: the text changed after it was translated (``translation.status``);
- ``missing_translations``: a language the region offers has no copy (readers got another language, or nothing);
- ``overdue_for_review``: nobody has checked the text for longer than its review interval allows, or its "review by"
  date has passed (``wegweiser.reviews``);
- ``hard_to_read``: the stored readability score of the German or Leichte Sprache text misses its target.

Items nobody read in the period are left out: the list is about where readers are; the translation status and
readability lists show every item.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.models import RegionPage
from wegweiser.reviews.service import Kind, overdue
from wegweiser.translation import readability
from wegweiser.translation.models import ReadabilityScore
from wegweiser.translation.status import Status, statuses
from wegweiser.translation.versions import facts_for

if TYPE_CHECKING:
    from .dashboard import ItemViews

#: At most this many of the most-read items are checked for problems (keeps the dashboard fast in big regions).
CHECKED_ITEMS = 300


class Problem:
    """The kinds of problem the list knows (stored nowhere: strings keep the entries simple to sort and test)."""

    OUTDATED = "outdated"
    MISSING = "missing"
    REVIEW = "review"
    HARD_TO_READ = "hard-to-read"


#: What each problem is called in the list.
PROBLEM_LABELS: dict[str, str] = {
    Problem.OUTDATED: gettext_lazy("Translation outdated"),
    Problem.MISSING: gettext_lazy("Not translated"),
    Problem.REVIEW: gettext_lazy("Overdue for review"),
    Problem.HARD_TO_READ: gettext_lazy("Hard to read"),
}
#: How much each problem hurts the readers of an item. An outdated translation may tell them something wrong
#: and they cannot tell; a text nobody has checked for long may be wrong for every language; a missing translation
#: leaves readers with a language they may read badly; a hard-to-read text still gets through to many.
WEIGHTS: dict[str, int] = {Problem.OUTDATED: 4, Problem.REVIEW: 3, Problem.MISSING: 2, Problem.HARD_TO_READ: 1}


@dataclass(frozen=True)
class ToDo:
    """One problem of one read item: why it matters, and the place to fix it."""

    item: ItemViews
    problem: str
    reason: str
    action: str
    url: str
    views: int  # the views in the period the problem concerns
    languages: tuple[str, ...] = ()

    @property
    def weight(self) -> int:
        return WEIGHTS[self.problem]

    @property
    def score(self) -> int:
        return self.views * self.weight

    @property
    def problem_label(self) -> str:
        return str(PROBLEM_LABELS[self.problem])


def _languages(codes: Iterable[str]) -> str:
    from .dashboard import language_label

    return ", ".join(language_label(code) for code in codes)


def _top_down(tree: LanguageTree) -> list[str]:
    """The region's languages in the order of its language tree, the one it writes in first."""
    return [tree.root, *tree.descendants_of(tree.root)]


def _translation_url(item: ItemViews) -> str:
    """The item's translation status: every language, and from there translating by hand, machine or agency."""
    return reverse("translation_item", args=[item.page_id])


# --------------------------------------------------------------------------------------------------
# Translations: outdated and missing
# --------------------------------------------------------------------------------------------------


def translation_statuses(region: RegionPage, items: list[ItemViews]) -> dict[UUID, dict[str, Status]]:
    """Each item's translation status in every language of the region (three queries, any number of items)."""
    tree = LanguageTree.for_region(region)
    facts = facts_for(region, [item.translation_key for item in items])
    return {item.translation_key: statuses(tree, facts[item.translation_key]) for item in items}


def outdated_translations(
    region: RegionPage, items: list[ItemViews], found: dict[UUID, dict[str, Status]]
) -> list[ToDo]:
    """Items whose translation into an enabled language lags behind a change of the text it was made from."""
    tree = region.language_tree()
    enabled = [code for code in _top_down(tree) if code in tree.enabled_codes()]
    to_do = []
    for item in items:
        codes = [code for code in enabled if found[item.translation_key].get(code) == Status.OUTDATED]
        if not codes:
            continue
        views = sum(item.by_language.get(code, 0) for code in codes)
        reason = ngettext(
            "Translation outdated in %(languages)s: the text was changed after it was translated.",
            "Translations outdated in %(languages)s: the text was changed after they were translated.",
            len(codes),
        ) % {"languages": _languages(codes)}
        reason += " " + ngettext(
            "Views in this language: %(views)s of %(total)s.",
            "Views in these languages: %(views)s of %(total)s.",
            len(codes),
        ) % {"views": views, "total": item.views}
        to_do.append(ToDo(item, Problem.OUTDATED, reason, _("Translate"), _translation_url(item), views, tuple(codes)))
    return to_do


def language_shares(items: list[ItemViews]) -> dict[str, float]:
    """Which part of all the region's views (of these items) each language had."""
    views: dict[str, int] = {}
    for item in items:
        for code, count in item.by_language.items():
            views[code] = views.get(code, 0) + count
    total = sum(views.values())
    return {code: count / total for code, count in views.items()} if total else {}


def missing_translations(
    region: RegionPage, items: list[ItemViews], found: dict[UUID, dict[str, Status]], shares: dict[str, float]
) -> list[ToDo]:
    """Items with no copy in a language the region offers to newcomers (being translated does not count as missing).

    Views counted in such a language are readers who got the item in another language (where the region shows the
    source language instead); otherwise nobody can read it in that language, so the readers a translation would
    serve are estimated from the language's share of all views (``shares``). The larger number counts.
    """
    tree = region.language_tree()
    offered = [code for code in _top_down(tree) if code in tree.visible_codes()]
    to_do = []
    for item in items:
        codes = [code for code in offered if found[item.translation_key].get(code) == Status.MISSING]
        if not codes:
            continue
        share = sum(shares.get(code, 0.0) for code in codes)
        fallback = sum(item.by_language.get(code, 0) for code in codes)
        reason = ngettext(
            "Not translated into %(languages)s, a language the region offers.",
            "Not translated into %(languages)s: %(count)s of the languages the region offers.",
            len(codes),
        ) % {"languages": _languages(codes), "count": len(codes)}
        reason += " " + ngettext(
            "Its readers made %(share)s%% of the region's views.",
            "Their readers made %(share)s%% of the region's views.",
            len(codes),
        ) % {"share": number_format(round(share * 100), 0)}
        if fallback:
            reason += " " + ngettext(
                "Views by readers of this language, who read it in another language: %(views)s.",
                "Views by readers of these languages, who read it in another language: %(views)s.",
                len(codes),
            ) % {"views": fallback}
        views = max(fallback, round(item.views * share))
        to_do.append(ToDo(item, Problem.MISSING, reason, _("Translate"), _translation_url(item), views, tuple(codes)))
    return to_do


# --------------------------------------------------------------------------------------------------
# Review
# --------------------------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def overdue_for_review(region: RegionPage, items: list[ItemViews]) -> list[ToDo]:
    """Items whose review is overdue, as the region's review cycles say (``wegweiser.reviews.service``: one
    definition of overdue for the dashboard, the list of reviews and the weekly digest).

    A review covers every language, so it concerns every reader of the item.
    """
    due = {entry.translation_key: entry for entry in overdue(region) if entry.kind != Kind.CONTACT}
    to_do = []
    for item in items:
        entry = due.get(item.translation_key)
        if entry is None:
            continue
        when = date_format(entry.due, "DATE_FORMAT")
        if entry.due_to_review_by:
            reason = _("Its review was due on %(date)s: check that it is still right.") % {"date": when}
        elif entry.last_reviewed is None:
            reason = _(
                "Never reviewed since it was published; its review was due on %(date)s: check that it is still right."
            ) % {"date": when}
        else:
            reason = _("Last reviewed on %(last)s; its review was due on %(date)s: check that it is still right.") % {
                "last": date_format(entry.last_reviewed, "DATE_FORMAT"),
                "date": when,
            }
        to_do.append(ToDo(item, Problem.REVIEW, reason, _("Check and mark as reviewed"), entry.review_url, item.views))
    return to_do


# --------------------------------------------------------------------------------------------------
# Readability
# --------------------------------------------------------------------------------------------------


def missed_targets(language: str, amstad: float, wiener: float) -> list[str]:
    """Each readability score that misses the language's target, with what it means and the target, in words."""
    amstad_target, wiener_target = readability.TARGETS[language]
    missed = []
    if amstad < amstad_target:
        missed.append(
            _("reading ease %(score)s (%(level)s; the target is at least %(target)s)")
            % {
                "score": number_format(round(amstad), 0),
                "level": readability.amstad_level(amstad),
                "target": number_format(round(amstad_target), 0),
            }
        )
    if wiener > wiener_target:
        missed.append(
            _("Wiener Sachtextformel %(score)s (%(level)s; the target is at most %(target)s)")
            % {
                "score": number_format(round(wiener, 1), 1),
                "level": readability.wiener_level(wiener),
                "target": number_format(round(wiener_target), 0),
            }
        )
    return missed


def hard_to_read(region: RegionPage, items: list[ItemViews]) -> list[ToDo]:
    """Items whose German or Leichte Sprache text misses its readability target, as last scored on publishing.

    It concerns the readers of that text: the item's views in its language. Very short texts are left out: their
    scores say little (one long word moves them a lot).
    """
    by_key = {item.translation_key: item for item in items}
    scores = ReadabilityScore.objects.filter(
        region=region, page__live=True, page__translation_key__in=list(by_key)
    ).values("page_id", "page__translation_key", "language", "flesch_amstad", "wiener_sachtextformel", "details")
    to_do = []
    for score in scores.order_by("language"):
        words = (score["details"] or {}).get("words")
        if words is not None and words < readability.SHORT_TEXT:
            continue
        missed = missed_targets(score["language"], score["flesch_amstad"], score["wiener_sachtextformel"])
        if not missed:
            continue
        reason = _("Hard to read in %(language)s: %(scores)s.") % {
            "language": _languages([score["language"]]),
            "scores": "; ".join(missed),
        }
        item = by_key[score["page__translation_key"]]
        views = item.by_language.get(score["language"], 0)
        reason += " " + _("Views of this text: %(views)s of %(total)s.") % {"views": views, "total": item.views}
        url = reverse("translation_readability_page", args=[score["page_id"]])
        to_do.append(ToDo(item, Problem.HARD_TO_READ, reason, _("Improve the text"), url, views, (score["language"],)))
    return to_do


# --------------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------------

#: The order problems of equal urgency are listed in.
ORDER = [Problem.OUTDATED, Problem.REVIEW, Problem.MISSING, Problem.HARD_TO_READ]


def what_to_do_next(region: RegionPage, items: list[ItemViews]) -> list[ToDo]:
    """Every problem of the most-read items (``items`` as ``dashboard.most_read`` returns them), most urgent first."""
    shares = language_shares(items)
    items = [item for item in items if item.views > 0][:CHECKED_ITEMS]
    if not items:
        return []
    found = translation_statuses(region, items)
    to_do = [
        *outdated_translations(region, items, found),
        *missing_translations(region, items, found, shares),
        *overdue_for_review(region, items),
        *hard_to_read(region, items),
    ]
    return sorted(
        to_do,
        key=lambda entry: (-entry.score, ORDER.index(entry.problem), -entry.item.views, entry.item.title.casefold()),
    )


def problems_by_item(to_do: list[ToDo]) -> dict[UUID, list[ToDo]]:
    """The entries of the list per item, most urgent first."""
    found: dict[UUID, list[ToDo]] = {}
    for entry in to_do:
        found.setdefault(entry.item.translation_key, []).append(entry)
    return found
