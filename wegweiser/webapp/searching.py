"""Searching a guide in its own language: every word must match a title or text, titles count more.

A plain lexical search over the published documents, forgiving about case, accents and letter
forms (see ``matching``); the offline copy in the browser searches the same way (offline.js).
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .matching import normalise, words
from .reading import Guide

MAX_RESULTS = 30
SNIPPET = 160


@dataclass
class Result:
    kind: str
    item: dict
    score: int
    snippet: SafeString


def search(guide: Guide, query: str) -> list[Result]:
    terms = words(query)
    if not terms:
        return []
    results = []
    sources = [("page", guide.pages.pages)] + [(name, guide.items(name)) for name in ("events", "places", "news")]
    for kind, items in sources:
        for item in items:
            title, text = normalise(item["title"]), normalise(item.get("excerpt", ""))
            score = 0
            for term in terms:
                if term in title:
                    score += 3
                elif term in text:
                    score += 1
                else:
                    break
            else:
                results.append(Result(kind, item, score, snippet(item.get("excerpt", ""), terms)))
    results.sort(key=lambda result: -result.score)
    return results[:MAX_RESULTS]


def snippet(text: str, terms: list[str]) -> SafeString:
    """A window of the text around the first matching word, the matching words marked."""
    found = [(index, word) for index, word in enumerate(text.split()) if any(t in normalise(word) for t in terms)]
    start = max(found[0][0] - 8, 0) if found else 0
    shown, length = [], 0
    for word in text.split()[start:]:
        if length > SNIPPET:
            break
        marked = any(t in normalise(word) for t in terms)
        shown.append(f"<mark>{escape(word)}</mark>" if marked else escape(word))
        length += len(word) + 1
    prefix = "… " if start else ""
    return mark_safe(prefix + " ".join(shown) + (" …" if length > SNIPPET else ""))  # noqa: S308 (escaped above)
