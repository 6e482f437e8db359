"""Items of the demo that corrections are tried on: a topic page, a place and a contact of Musterstadt."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.log_actions import registry

from wegweiser.contacts.models import Contact
from wegweiser.content.models import TopicPage
from wegweiser.places.models import PlacePage
from wegweiser.regions.languages import DEFAULT_LANGUAGE


@pytest.fixture
def topic(musterstadt) -> TopicPage:
    return TopicPage.objects.live().descendant_of(musterstadt).filter(locale__language_code=DEFAULT_LANGUAGE).first()


@pytest.fixture
def place(musterstadt) -> PlacePage:
    return PlacePage.objects.live().descendant_of(musterstadt).filter(locale__language_code=DEFAULT_LANGUAGE).first()


@pytest.fixture
def contact(musterstadt) -> Contact:
    return Contact.objects.filter(region=musterstadt, locale__language_code=DEFAULT_LANGUAGE).order_by("pk").first()


@pytest.fixture
def editor(db):
    return get_user_model().objects.get(username="musterstadt-editor")


def logged(item, action: str) -> list:
    """The audit log entries of one action on the item (its own history, as Wagtail shows it)."""
    return list(registry.get_logs_for_instance(item).filter(action=action))
