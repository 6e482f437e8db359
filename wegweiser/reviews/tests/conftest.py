import uuid
from datetime import datetime, time

import pytest
from django.utils import timezone

from wegweiser.content.models import TopicPage
from wegweiser.organisations.models import Organisation


@pytest.fixture
def new_page(musterstadt):
    """A live topic page of Musterstadt, in German only, first published on ``published`` (a date)."""

    def make(title: str = "Fundbüro", published=None, **fields) -> TopicPage:
        published = published or timezone.localdate()
        moment = timezone.make_aware(datetime.combine(published, time(12)))
        page = TopicPage(
            title=title,
            slug=f"reviews-{uuid.uuid4().hex[:8]}",
            body="<p>Öffnungszeiten und Telefon.</p>",
            live=True,
            first_published_at=moment,
            last_published_at=moment,
            **fields,
        )
        musterstadt.add_child(instance=page)
        return page

    return make


@pytest.fixture
def organisation(musterstadt) -> Organisation:
    return Organisation.objects.create(region=musterstadt, name="Fundbüro-Träger", email="fundbuero@example.org")
