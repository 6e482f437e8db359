"""Matching what newcomers type: forgiving about case, accents, letter forms and small typos."""

from wegweiser.search.language import plain_terms


def normalise(text: str) -> str:
    """Lower case without accents, diacritics or tatweel, letters folded as search folds them (one table for both):
    "Schwäbisch Gmünd" → "schwabisch gmund"."""
    return " ".join(plain_terms(text, "und"))


def words(text: str) -> list[str]:
    return normalise(text).split()


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap neighbours) from ``a`` to ``b``; ``limit + 1`` once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def typos_allowed(word: str) -> int:
    """Short words must be right; one slip in five letters or more, two from nine."""
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def closeness(query: str, name: str) -> int | None:
    """How well a normalised query matches a normalised name: 0 exact, 1 start of a word, 2 inside, 3 with
    typos, None not at all. A query also matches a name it is the beginning of, typos included."""
    if not query:
        return None
    if query == name:
        return 0
    if any(word.startswith(query) for word in [name, *name.split()]):
        return 1
    if query in name:
        return 2
    limit = typos_allowed(query)
    for candidate in [name, *name.split()]:
        for length in {len(query) - 1, len(query), len(query) + 1}:
            if length > 0 and distance(query, candidate[:length], limit) <= limit:
                return 3
    return None
