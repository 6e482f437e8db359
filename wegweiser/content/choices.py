"""Pages offered in a choice, each named by its place in the tree ("Arbeit › Jobcenter")."""

from wagtail.models import Page


def trails(pages: list[Page], top: Page) -> list[tuple[int, str]]:
    """``(id, "Ancestor › … › Title")`` for pages below ``top`` given in tree order, ancestors below ``top`` named by
    their titles among ``pages`` ("…" for one not in the list)."""
    titles = {page.path: page.title for page in pages}
    result = []
    for page in pages:
        ancestors = range(len(top.path) + Page.steplen, len(page.path), Page.steplen)
        result.append((page.pk, " › ".join([*(titles.get(page.path[:end], "…") for end in ancestors), page.title])))
    return result
