"""The browser fixtures of the web app's tests (Debian's Chromium, a live server with the demo)."""

from collections.abc import Iterator

import pytest
from django.db.models import Max
from wagtail.models import PageLogEntry

from wegweiser.corrections import history
from wegweiser.corrections.models import Suggestion
from wegweiser.webapp.tests.browser.conftest import *  # noqa: F403 (its fixtures and hook, see there)


@pytest.fixture(scope="package", autouse=True)
def _reports_taken_back(django_db_setup: None, django_db_blocker) -> Iterator[None]:
    """On PostgreSQL, what the browser reports through the live server is committed and would stay for the
    rest of the session; the queue's tests count suggestions. After this directory, its reports and their log
    entries are removed again. (On SQLite they were rolled back with each test already.)"""
    with django_db_blocker.unblock():
        last_suggestion = Suggestion.objects.aggregate(last=Max("pk"))["last"] or 0
        last_entry = PageLogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    yield
    with django_db_blocker.unblock():
        Suggestion.objects.filter(pk__gt=last_suggestion).delete()
        PageLogEntry.objects.filter(pk__gt=last_entry, action=history.RECEIVED).delete()
