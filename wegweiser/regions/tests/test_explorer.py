"""The pages people may explore in the admin: the same as Wagtail's rule, found through the index of tree paths."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from wegweiser.regions.explorer import RegionPagePermissionPolicy

pytestmark = pytest.mark.django_db


def test_the_admin_uses_the_policy():
    assert isinstance(policy_registry.get_by_type(Page), RegionPagePermissionPolicy)


def test_every_demo_person_explores_the_pages_wagtail_would_let_them():
    people = get_user_model().objects.filter(is_superuser=False, groups__isnull=False).distinct()
    assert people.count() >= 10  # every role of Musterstadt, two of Musterland, the partners
    ours, wagtails = RegionPagePermissionPolicy(Page), PagePermissionPolicy(Page)
    exploring = 0
    for person in people:
        found = set(ours.explorable_instances(person).values_list("pk", flat=True))
        assert found == set(wagtails.explorable_instances(person).values_list("pk", flat=True)), person.username
        exploring += bool(found)
    assert exploring >= len(people) - 2  # Musterland has no list of events for its event manager


def test_superusers_explore_everything_and_people_without_rights_nothing(django_user_model):
    policy = RegionPagePermissionPolicy(Page)
    admin = django_user_model.objects.get(username="admin")
    assert policy.explorable_instances(admin).count() == Page.objects.count()
    nobody = django_user_model.objects.create(username="no-rights")
    assert not policy.explorable_instances(nobody).exists()
    inactive = django_user_model.objects.get(username="musterstadt-editor")
    inactive.is_active = False
    assert not policy.explorable_instances(inactive).exists()


def test_explorable_pages_are_asked_for_as_ranges_of_paths(django_user_model):
    """No ``LIKE``, which neither SQLite nor PostgreSQL answers from the index of paths."""
    editor = django_user_model.objects.get(username="musterstadt-editor")
    with CaptureQueriesContext(connection) as queries:
        list(RegionPagePermissionPolicy(Page).explorable_instances(editor).values_list("pk", flat=True))
    explorable = queries.captured_queries[-1]["sql"]
    assert "BETWEEN" in explorable and "LIKE" not in explorable
