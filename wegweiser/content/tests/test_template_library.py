"""The template library: Musterland offers pages; Musterstadt's editors copy them with their translations, as drafts."""

import pytest
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation

from wegweiser.content.library import copy_template
from wegweiser.content.models import TopicPage

from .pages import page_of

pytestmark = pytest.mark.django_db

LIBRARY = "/admin/templates/"


def copy_url(template) -> str:
    return f"{LIBRARY}{template.pk}/copy/"


def copies_of(page) -> dict[str, TopicPage]:
    return {
        copy.locale.language_code: copy
        for copy in TopicPage.objects.filter(translation_key=page.translation_key).select_related("locale")
    }


def test_the_library_lists_the_offered_templates_with_their_languages_to_any_region(login):
    html = login("musterstadt-editor").get(LIBRARY).content.decode()
    for slug in ("anmeldung-im-rathaus", "deutsch-lernen", "auslaenderbehoerde"):
        template = page_of("musterland", slug)
        assert template.title in html
        assert f'href="{copy_url(template)}"' in html
    row = html[html.index(f'data-template="{page_of("musterland", "auslaenderbehoerde").pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Deutsch" in row and "العربية" in row and "English" in row
    assert "Landkreis Musterland" in row
    assert page_of("musterland", "jobcenter").title not in html  # not offered


def test_copying_with_subpages_makes_linked_drafts_in_every_language_the_region_has(musterstadt, login):
    template = page_of("musterland", "auslaenderbehoerde")
    subpage = TopicPage.objects.child_of(template).get(slug="aufenthaltstitel-verlaengern")
    parent = TopicPage.objects.child_of(musterstadt).get(slug="ankommen")  # has an "auslaenderbehoerde" already
    client = login("musterstadt-editor")
    response = client.post(
        copy_url(template), {"region": musterstadt.pk, "parent": parent.pk, "with_subpages": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "were copied into Stadt Musterstadt as drafts" in response.content.decode()

    copy = TopicPage.objects.child_of(parent).get(title=template.title, slug="auslaenderbehoerde-2")
    assert copy.translation_key != template.translation_key
    family = copies_of(copy)
    assert set(family) == set(copies_of(template)) == {"de", "en", "ar"}  # Musterland has no other languages
    for language, page in family.items():
        assert not page.live and page.has_unpublished_changes
        assert page.get_parent().specific.locale.language_code == language
        assert page.get_parent().translation_key == parent.translation_key  # below the place's own translation
        assert not page.offered_as_template and page.organisation is None
        assert page.title == copies_of(template)[language].title
    sub_copies = {p.locale.language_code: p for p in TopicPage.objects.child_of(copy)} | {
        p.locale.language_code: p for lang in ("en", "ar") for p in TopicPage.objects.child_of(family[lang])
    }
    assert set(sub_copies) == {"de", "en", "ar"}
    assert len({p.translation_key for p in sub_copies.values()}) == 1
    assert sub_copies["de"].translation_key != subpage.translation_key
    assert all(not p.live for p in sub_copies.values())
    # The template itself is unchanged.
    assert TopicPage.objects.child_of(template).get(slug="aufenthaltstitel-verlaengern").live


def test_wagtail_localize_keeps_translating_the_copy(
    restore_snapshots, musterstadt, musterland, django_user_model, django_capture_on_commit_callbacks
):
    template = page_of("musterland", "anmeldung-im-rathaus")
    editor = django_user_model.objects.get(username="musterstadt-editor")
    result = copy_template(template, musterstadt, user=editor)
    copy = result.page
    assert result.translations == {"en": 1, "ar": 1}
    arabic = Locale.objects.get(language_code="ar")
    job = Translation.objects.get(source__object_id=copy.translation_key, target_locale=arabic)
    assert job.source.locale.language_code == "de"
    assert StringTranslation.objects.filter(context__object_id=copy.translation_key, locale=arabic).exists()

    # The editor adapts the German copy and publishes it; the Arabic one follows through wagtail-localize.
    copy.save_revision().publish()
    job.source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes once the change is saved
        job.save_target(publish=True)
    translated = copies_of(copy)["ar"]
    translated.refresh_from_db()
    assert translated.live
    assert translated.body == copies_of(template)["ar"].body
    assert translated.get_parent().translation_key == musterstadt.translation_key


def test_a_region_the_editor_does_not_work_in_answers_404_and_nothing_is_copied(musterstadt, musterland, login):
    template = page_of("musterland", "deutsch-lernen")
    before = TopicPage.objects.count()
    client = login("musterland-editor")
    assert client.get(copy_url(template), {"region": musterstadt.pk}).status_code == 404
    response = client.post(copy_url(template), {"region": musterstadt.pk, "parent": musterstadt.pk})
    assert response.status_code == 404
    assert TopicPage.objects.count() == before


def test_a_person_who_may_not_add_pages_is_refused(musterstadt, login):
    template = page_of("musterland", "deutsch-lernen")
    before = TopicPage.objects.count()
    response = login("musterstadt-observer").post(
        copy_url(template), {"region": musterstadt.pk, "parent": musterstadt.pk}
    )
    # Observers see the admin but may not add pages: Wagtail answers "permission denied" with the dashboard.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert TopicPage.objects.count() == before


@pytest.mark.parametrize("case", ["missing", "other region", "translation", "not a template"])
def test_bad_input_gets_a_clear_error_and_nothing_is_copied(case, musterstadt, musterland, login):
    template = page_of("musterland", "deutsch-lernen")
    client = login("musterstadt-editor")
    before = TopicPage.objects.count()
    data: dict = {"region": musterstadt.pk}
    if case == "other region":
        data["parent"] = page_of("musterland", "arbeit").pk
    elif case == "translation":
        data["parent"] = Page.objects.get(translation_key=musterstadt.translation_key, locale__language_code="ar").pk
    elif case == "not a template":
        response = client.post(copy_url(page_of("musterland", "jobcenter")), {**data, "parent": musterstadt.pk})
        assert response.status_code == 404
        assert TopicPage.objects.count() == before
        return
    response = client.post(copy_url(template), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html if case == "missing" else "Choose a place in your region" in html
    assert TopicPage.objects.count() == before


def test_the_library_and_the_copy_form_are_in_german_for_german_editors(musterstadt, login, django_user_model):
    client = login("musterstadt-editor")
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="musterstadt-editor"))
    profile.preferred_language = "de"
    profile.save()
    html = client.get(LIBRARY).content.decode()
    assert "Vorlagen" in html and "In meine Region kopieren" in html
    form = client.get(copy_url(page_of("musterland", "deutsch-lernen"))).content.decode()
    assert "Oberste Ebene des Wegweisers" in form
