"""Importing a region's pages, places and events from the Integreat CMS (``pages.<lang>.json``,
``locations.<lang>.json`` and ``events.<lang>.json`` dumps of its API v3).

Reading (``read_dump``) and writing (``import_dump``) are separate so that every problem in the files
is found before anything is written; the writing runs in one transaction, so a problem found only then
still leaves the database as it was. German is the language Integreat regions write in: its tree is
built first and every other language's page becomes a translation of its German page (same
``translation_key``), as Wagtail models translations.

Facts about the dumps that shape this module (see /work/shared/integreat-v3-api.md):

- ``id`` is the id of the page *translation*; ``available_languages[lang].id`` names the same page in
  another language.
- ``parent.id`` is *not* a translation id in the dump (it is Integreat's id of the page family), so a
  parent is found through ``parent.path``, which is the ``path`` of a page in the same file.
- Root pages have ``parent = {"id": 0, "url": null, "path": null}``; siblings are ordered by ``order``.
- Locations (places) and events are flat lists: they go below the region's list of places / events (created
  if missing). An event's ``location.id`` is the id of a location translation in the same language. Events
  must be exported with ``combine_recurring=True``: expanded occurrences have ``id: null``.
- Pages, locations and events have ids of their own in Integreat, which may coincide; ``ImportedPage`` rows
  are told apart by the page's type.
"""

from .dump import Dump, read_dump
from .pages import IntegreatImportError
from .writing import ImportReport, import_dump

__all__ = ["Dump", "ImportReport", "IntegreatImportError", "import_dump", "read_dump"]
