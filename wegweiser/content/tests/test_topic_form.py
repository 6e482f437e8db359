"""A topic page directly below the region cannot take a slug the web app uses for its lists."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text

from wegweiser.content.models import TopicPage

pytestmark = pytest.mark.django_db


def add_topic(client, parent, slug: str):
    data = nested_form_data({"title": "Veranstaltungen der Stadt", "slug": slug, "body": rich_text("<p>Text</p>")})
    return client.post(f"/admin/pages/add/content/topicpage/{parent.pk}/", data)


def test_a_reserved_slug_below_the_region_is_refused(login, musterstadt):
    client = login("musterstadt-editor")
    response = add_topic(client, musterstadt, "events")
    assert response.status_code == 200
    assert "is the address of a list in the web app" in response.content.decode()
    assert not TopicPage.objects.filter(slug="events").exists()


def test_the_same_slug_deeper_in_the_tree_is_fine(login, musterstadt):
    client = login("musterstadt-editor")
    parent = TopicPage.objects.child_of(musterstadt).get(slug="freizeit")
    response = add_topic(client, parent, "events")
    assert response.status_code == 302
    assert TopicPage.objects.child_of(parent).filter(slug="events").exists()
