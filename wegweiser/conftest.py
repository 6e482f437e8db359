"""The test database holds the demo content, loaded once per run: it is what municipalities see."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from wegweiser.publishing import snapshots
from wegweiser.regions.languages import DEFAULT_LANGUAGE
from wegweiser.regions.models import RegionPage


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests in a ``tests/browser`` directory ``browser``: ``pytest -m "not browser"`` leaves them out."""
    for item in items:
        if item.path.parent.name == "browser" and item.path.parent.parent.name == "tests":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are checked in English unless a test asks for another language."""
    with translation.override("en"):
        yield


@pytest.fixture
def musterstadt(db) -> RegionPage:
    return RegionPage.objects.get(slug="musterstadt", locale__language_code=DEFAULT_LANGUAGE)


@pytest.fixture
def musterland(db) -> RegionPage:
    return RegionPage.objects.get(slug="musterland", locale__language_code=DEFAULT_LANGUAGE)


@pytest.fixture
def login(client):
    """Log the client in as one of the demo users."""

    def log_in(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return log_in


@pytest.fixture
def restore_snapshots(django_db_blocker):
    """Request it first (before ``musterstadt``) in a test that publishes with snapshot rebuilds: after the test's
    transaction is rolled back, the demo regions' documents are built again, so that what the test published
    does not stay in the documents later tests read (stored files are not rolled back)."""
    yield
    with django_db_blocker.unblock():
        for region in RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE):
            snapshots.rebuild_region(region)


@pytest.fixture
def no_reader_traffic(db):
    """Start without feedback and counted views. On PostgreSQL, what browser tests send through the live server is
    committed and stays for the session (see webapp/tests/browser/conftest.py); deleted here inside the test's
    transaction, it is back after the test."""
    from wegweiser.insights.models import Feedback, View

    Feedback.objects.all().delete()
    View.objects.all().delete()
