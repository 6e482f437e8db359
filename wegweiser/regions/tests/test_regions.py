import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, WorkflowPage

from wegweiser.content.models import TopicPage
from wegweiser.regions.language_tree import LanguageTree
from wegweiser.regions.models import RegionLanguage, RegionPage, RegionRole
from wegweiser.regions.tenancy import setup_region
from wegweiser.reviews.models import Kind


def new_region(slug="neustadt", **fields) -> RegionPage:
    region = RegionPage(title=slug.title(), slug=slug, prefix="Stadt", locale=Locale.objects.get(language_code="de"))
    for name, value in fields.items():
        setattr(region, name, value)
    region.languages = [RegionLanguage(language="de"), RegionLanguage(language="en", source_language="de")]
    Page.get_first_root_node().add_child(instance=region)
    return region


@pytest.mark.django_db
def test_creating_a_region_gives_it_groups_a_collection_and_a_review_workflow(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        region = new_region()
    roles = RegionRole.objects.filter(region=region)
    assert sorted(roles.values_list("role", flat=True)) == [
        "author",
        "editor",
        "event_manager",
        "manager",
        "observer",
        "translator",
    ]
    region.refresh_from_db()
    assert Collection.objects.filter(pk=region.collection_id, name="Stadt Neustadt").exists()
    editor_group = roles.get(role="editor").group
    assert set(
        GroupPagePermission.objects.filter(group=editor_group, page=region).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    assert WorkflowPage.objects.get(page=region).workflow.name == "neustadt: review"


@pytest.mark.django_db
def test_setting_up_a_region_twice_changes_nothing(musterstadt):
    before = (RegionRole.objects.count(), GroupPagePermission.objects.count(), Collection.objects.count())
    setup_region(musterstadt)
    assert (RegionRole.objects.count(), GroupPagePermission.objects.count(), Collection.objects.count()) == before


def rights_of(region) -> set[tuple[int, int, int]]:
    groups = RegionRole.objects.filter(region=region).values("group")
    return set(GroupPagePermission.objects.filter(group__in=groups).values_list("group", "page", "permission"))


@pytest.mark.django_db
def test_setting_up_restores_missing_rights_in_as_many_queries_whatever_else_is_there(musterstadt):
    """``migrate`` sets up every region: its queries must not grow with the other regions or their pages."""
    rights = rights_of(musterstadt)
    groups = RegionRole.objects.filter(region=musterstadt).values("group")
    GroupPagePermission.objects.filter(group__in=groups, permission__codename="publish_page").delete()
    GroupCollectionPermission.objects.filter(group__in=groups).delete()
    setup_region(musterstadt)
    assert rights_of(musterstadt) == rights
    assert GroupCollectionPermission.objects.filter(group__in=groups).exists()
    with CaptureQueriesContext(connection) as first:
        setup_region(musterstadt)

    other = new_region("neustadt")
    setup_region(other)
    for number in range(30):
        other.add_child(instance=TopicPage(title=f"Seite {number}", slug=f"seite-{number}"))
    with CaptureQueriesContext(connection) as again:
        setup_region(musterstadt)
    assert len(again) == len(first)
    # Pages are found by ranges of their paths, never by ``path LIKE``, which reads the whole page table.
    assert not [query["sql"] for query in again if '"path"::text LIKE' in query["sql"] or '"path" LIKE' in query["sql"]]


@pytest.mark.django_db
def test_every_language_copy_of_a_region_is_covered_by_its_groups(musterstadt):
    copies = RegionPage.objects.filter(translation_key=musterstadt.translation_key)
    assert copies.count() == 8
    editor_group = RegionRole.objects.get(region=musterstadt, role="editor").group
    for copy in copies:
        assert GroupPagePermission.objects.filter(group=editor_group, page=copy).exists(), copy.locale


@pytest.mark.django_db
def test_region_settings_are_read_from_the_canonical_copy(musterland):
    arabic = musterland.get_translation(Locale.objects.get(language_code="ar")).specific
    assert arabic.canonical == musterland
    assert arabic.region_slug == "musterland"
    assert arabic.prefix == "مقاطعة"
    assert musterland.kind == RegionPage.Kind.DISTRICT
    assert len(musterland.towns.all()) >= 5
    assert musterland.postal_code_list[0] == "72100"
    assert musterland.language_tree().path_to_root("ar") == ["ar", "de"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, message",
    [
        ({"min_latitude": 48.0}, "all four corners"),
        ({"min_latitude": 49, "min_longitude": 9, "max_latitude": 48, "max_longitude": 10}, "minimum"),
        (
            {"latitude": 50, "longitude": 9.5, "min_latitude": 48, "min_longitude": 9, "max_latitude": 49,
             "max_longitude": 10},
            "inside the bounding box",
        ),
        ({"latitude": 48.5}, "both latitude and longitude"),
    ],
)  # fmt: skip
def test_region_places_that_make_no_sense_are_rejected(fields, message):
    region = RegionPage(title="X", slug="x", **fields)
    with pytest.raises(ValidationError, match=message):
        region.clean()


@pytest.mark.django_db
def test_postal_codes_must_be_five_digits():
    region = RegionPage(title="X", slug="x", postal_codes="7100, abc")
    with pytest.raises(ValidationError) as error:
        region.full_clean(exclude=["path", "depth", "locale", "translation_key", "content_type"])
    assert "postal_codes" in error.value.message_dict


def test_in_german_a_place_is_an_ort_and_the_regions_whereabouts_its_lage():
    """A "place" is a place to go (reviews, search, insights); the settings of the region's area are its location."""
    with translation.override("de"):
        headings = [str(panel.heading) for panel in RegionPage.settings_panels if hasattr(panel, "heading")]
        assert "Lage" in headings
        assert str(dict(Kind.CHOICES)[Kind.PLACE]) == "Ort"


@pytest.mark.django_db
def test_languages_made_in_code_keep_their_order_after_a_row_changes():
    """Languages set in code (the demo, imports) have no sort_order. Changing one of them must not move it:
    PostgreSQL returns rows of equal sort_order in the order they lie on disk, and an update moves a row to the end."""
    region = new_region()
    region.languages = [*region.languages.all(), RegionLanguage(language="ar", source_language="de")]
    region.save()
    RegionLanguage.objects.filter(region=region, language="de").update(visible=True)
    RegionLanguage.objects.filter(region=region, language="en").update(visible=True)
    fresh = RegionPage.objects.prefetch_related("languages").get(pk=region.pk)
    assert [row.language for row in fresh.languages.all()] == ["de", "en", "ar"]
    assert LanguageTree.for_region(fresh).enabled_codes() == ["de", "en", "ar"]
