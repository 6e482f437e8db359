"""The guide's search page: online, the region's search (``wegweiser.search``); offline, saved-search.js over the saved
copy.

Online, results come from ``wegweiser.search.service`` (all languages of the region, meaning and words),
each marked with its kind and, where it is shown in another language because it is not translated, with
a note that names that language in its own words. Offline there is no server: the offline manifest
carries the text of every item of the guide (``saved_search``) and saved-search.js ranks it by words (BM25,
with inflected forms, compounds and typos), folded the way ``wegweiser.search.language`` folds them; offline.js
shows the results.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from wegweiser.publishing.documents import excerpt
from wegweiser.regions.languages import BY_CODE, Language
from wegweiser.search import service

from .reading import Guide

#: Results the page shows online.
ONLINE_RESULTS = 20
#: Results offline.js shows at most (the manifest carries the results sentence for each count up to it).
MAX_RESULTS = 30
#: Characters of an item's text the saved copy searches: enough for what a page says, small enough to carry.
SAVED_TEXT = 2000
#: Searchable documents and the kind of item they hold, as the search service names kinds.
KINDS = {"pages": "page", "events": "event", "places": "place", "news": "news"}
#: The notice a fallback copy starts with (``publishing.documents.fallback_notice``): not what the item says.
_NOTICE = re.compile(r'<p class="fallback-notice">.*?</p>', re.DOTALL)


def kind_names() -> dict[str, str]:
    """What each kind of result is called, in the active language."""
    return {
        "page": pgettext("search result", "Page"),
        "event": pgettext("search result", "Event"),
        "place": pgettext("search result", "Place"),
        "news": pgettext("search result", "News"),
    }


@dataclass
class Shown:
    """A result as the page shows it: ``language`` is set when it is in another language than the guide's."""

    result: service.Result
    kind: str
    language: Language | None

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def language_name(self) -> str:
        """The language's own name, marked as written in it (for the note in the reader's language)."""
        if self.language is None:
            return ""
        return format_html('<bdi lang="{}">{}</bdi>', self.language.bcp47_tag, self.language.native_name)


@dataclass
class Answer:
    results: list[Shown]
    did_you_mean: str | None
    #: The results may not answer the question (the region seems to have nothing on it).
    weak: bool = False

    @property
    def did_you_mean_url(self) -> str:
        return "?" + urlencode({"q": self.did_you_mean}) if self.did_you_mean else ""


def search(guide: Guide, query: str) -> Answer:
    """The region's search in the guide's language; call inside ``translation.override(guide.code)``."""
    found = service.search(guide.slug, guide.code, query, limit=ONLINE_RESULTS)
    names = kind_names()
    shown = []
    for result in found.results:
        other = BY_CODE.get(result.language) if result.fallback else None
        shown.append(Shown(result, names.get(result.kind, ""), other))
    return Answer(shown, found.did_you_mean, found.weak)


def saved_search(guide: Guide) -> tuple[list[dict], dict]:
    """What saved-search.js searches and the texts offline.js shows, for the offline manifest; call inside
    ``translation.override(guide.code)``.

    Every item the guide lists with its whole plain text (up to ``SAVED_TEXT`` characters); items shown in
    another language because they are not translated say which (``language``).
    """
    items, languages = [], {}
    for name, kind in KINDS.items():
        for item in guide.pages.pages if name == "pages" else guide.items(name):
            entry = {"kind": kind, "title": item["title"], "path": item["path"]}
            source = item.get("fallback_language")
            if source and source in BY_CODE:
                entry["language"] = source
                language = BY_CODE[source]
                languages[source] = {"name": language.native_name, "tag": language.bcp47_tag, "dir": language.direction}
            entry["text"] = plain_text(item.get("content") or "")[:SAVED_TEXT]
            items.append(entry)
    messages = {
        # The sentence search.html shows above the results, for every count offline.js can give.
        "results": [
            ngettext("%(counter)s result", "%(counter)s results", n) % {"counter": n} for n in range(MAX_RESULTS + 1)
        ],
        "none": _("Nothing found. Try other or fewer words, or look through the topics on the start page."),
        "kinds": kind_names(),
        "fallback": _("Not translated yet. Shown in: %(language)s") % {"language": "{language}"},
        "languages": languages,
    }
    return items, messages


def plain_text(content: str) -> str:
    """What an item's HTML says, as words (blocks apart, as in the documents' excerpts), without a fallback notice."""
    return excerpt(_NOTICE.sub(" ", content))
