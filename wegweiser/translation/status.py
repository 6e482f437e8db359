"""Translation status rules, as pure functions over what is known of an item in each language.

The rules (pinned by the state-machine tests):
- The language the region writes in (the tree's root) is the original; it is never outdated.
- A translation is outdated when its source language (per the language tree) has had a major change
  since the translation was last published as reviewed, or when its source is outdated itself:
  outdated propagates down the tree. A minor change (a typo) does not outdate; moving does not.
- A translation being worked on (a draft, or sent out as XLIFF) is "in translation".
- A published translation containing machine output nobody has reviewed is "machine translated".
- Otherwise a translation is up to date; an item with no copy in a language is missing there.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.regions.language_tree import LanguageTree


class Status(models.TextChoices):
    ORIGINAL = "original", _("Original")
    UP_TO_DATE = "up-to-date", _("Up to date")
    OUTDATED = "outdated", _("Outdated")
    IN_TRANSLATION = "in-translation", _("In translation")
    MACHINE = "machine", _("Machine translated")
    MISSING = "missing", _("Missing")


#: Statuses whose words still have to be translated.
TO_TRANSLATE = {Status.MISSING, Status.OUTDATED, Status.IN_TRANSLATION}


@dataclass(frozen=True)
class Facts:
    """What is known of one item in one language."""

    exists: bool = False  # a copy in this language exists (published or not)
    live: bool = False
    draft: bool = False  # unpublished changes are waiting
    version: int = 0  # major changes of this language's text so far
    based_on: int | None = None  # the source language's version it was last published against
    machine: bool = False
    in_translation: bool = False  # sent out for translation (XLIFF)


def statuses(tree: LanguageTree, facts: dict[str, Facts]) -> dict[str, Status]:
    """The status of one item in every language of the tree."""
    stale: dict[str, bool] = {}
    for code in _top_down(tree):
        stale[code] = _is_stale(tree, code, facts, stale)
    return {code: Status(_status(tree, code, facts.get(code, Facts()), stale[code])) for code in tree.nodes}


def _top_down(tree: LanguageTree) -> list[str]:
    return [tree.root, *tree.descendants_of(tree.root)]


def _is_stale(tree: LanguageTree, code: str, facts: dict[str, Facts], stale: dict[str, bool]) -> bool:
    """Whether this language's text lags behind a change further up the tree."""
    source = tree.source_of(code)
    if source is None:
        return False
    own = facts.get(code, Facts())
    source_facts = facts.get(source, Facts())
    if not source_facts.exists:
        return stale[source]  # nothing to compare with; only what lags further up counts
    if not own.exists:
        return False
    return (own.based_on or 0) < source_facts.version or stale[source]


def _status(tree: LanguageTree, code: str, own: Facts, stale: bool) -> str:
    """The status's value (``Status`` members are strings)."""
    if tree.source_of(code) is None:
        return str(Status.ORIGINAL if own.exists else Status.MISSING)
    if own.in_translation or (own.exists and (own.draft or not own.live)):
        return str(Status.IN_TRANSLATION)
    if not own.exists:
        return str(Status.MISSING)
    if stale:
        return str(Status.OUTDATED)
    if own.machine:
        return str(Status.MACHINE)
    return str(Status.UP_TO_DATE)
