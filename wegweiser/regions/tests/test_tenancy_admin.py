"""An editor of one region cannot see, list or change anything of another region — through the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from wegweiser.content.models import TopicPage
from wegweiser.organisations.models import Organisation
from wegweiser.regions.models import RegionLanguage

pytestmark = pytest.mark.django_db


def a_page_of(region, language="de") -> TopicPage:
    copy = region.get_translation(Locale.objects.get(language_code=language))
    return TopicPage.objects.child_of(copy).live().first()


def test_editor_sees_only_own_region_in_the_explorer(login, musterstadt, musterland):
    client = login("musterstadt-editor")
    response = client.get(f"/admin/pages/{Page.get_first_root_node().pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Musterstadt" in html
    assert "Musterland" not in html


def test_editor_of_one_region_cannot_open_another(login, musterland):
    client = login("musterstadt-editor")
    page = a_page_of(musterland)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{musterland.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/pages/{page.pk}/delete/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/content/topicpage/{musterland.pk}/").status_code in (302, 403)


def test_editor_of_one_region_cannot_change_another_by_posting(login, musterland):
    client = login("musterstadt-editor")
    page = a_page_of(musterland)
    title = page.title
    response = client.post(f"/admin/pages/{page.pk}/edit/", {"title": "Übernommen", "slug": page.slug})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == title
    assert not page.revisions.filter(content__title="Übernommen").exists()


def test_editor_can_edit_own_region_in_every_language(login, musterstadt):
    client = login("musterstadt-editor")
    for language in ("de", "ar"):
        response = client.get(f"/admin/pages/{a_page_of(musterstadt, language).pk}/edit/")
        assert response.status_code == 200


def test_admin_search_finds_only_own_region(login):
    client = login("musterland-editor")
    response = client.get("/admin/pages/search/", {"q": "Jobcenter"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jobcenter Landkreis Musterland" in html
    assert "Jobcenter und Bürgergeld" not in html  # Musterstadt's page


def test_page_chooser_offers_only_own_region(login, musterstadt):
    client = login("musterland-editor")
    response = client.get("/admin/choose-page/search/", {"q": "Jobcenter"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jobcenter Landkreis Musterland" in html
    assert "Jobcenter und Bürgergeld" not in html
    root_listing = client.get(f"/admin/choose-page/{Page.get_first_root_node().pk}/").content.decode()
    assert "Musterland" in root_listing and "Musterstadt" not in root_listing


def test_organisations_of_another_region_are_neither_listed_nor_editable(login, musterstadt, musterland):
    client = login("musterland-editor")
    listing = client.get("/admin/snippets/organisations/organisation/").content.decode()
    assert "Jobcenter Landkreis Musterland" in listing
    assert "Jobcenter Musterstadt" not in listing
    other = Organisation.objects.filter(region=musterstadt).first()
    for view in ("edit", "delete", "copy", "usage", "history"):
        url = f"/admin/snippets/organisations/organisation/{view}/{other.pk}/"
        assert client.get(url).status_code in (302, 403, 404), view
    response = client.post(
        f"/admin/snippets/organisations/organisation/edit/{other.pk}/",
        {"region": musterstadt.pk, "name": "Gekapert", "website": ""},
    )
    assert response.status_code in (302, 403, 404)
    other.refresh_from_db()
    assert other.name != "Gekapert"


def test_organisation_cannot_be_created_in_another_region(login, musterstadt):
    client = login("musterland-editor")
    response = client.post(
        "/admin/snippets/organisations/organisation/add/",
        {"region": musterstadt.pk, "name": "Untergeschoben", "website": ""},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "region" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Untergeschoben").exists()


def test_images_of_another_region_are_invisible(login, musterstadt, musterland):
    Image.objects.create(title="Landratsamt Foto", file=get_test_image_file(), collection=musterland.collection)
    Image.objects.create(title="Rathaus Foto", file=get_test_image_file(), collection=musterstadt.collection)
    listing = login("musterstadt-editor").get("/admin/images/").content.decode()
    assert "Rathaus Foto" in listing
    assert "Landratsamt Foto" not in listing


def test_uploads_go_only_into_own_collection(login, musterstadt, musterland):
    client = login("musterstadt-editor")
    upload = SimpleUploadedFile("x.png", get_test_image_file().file.getvalue(), content_type="image/png")
    response = client.post(
        "/admin/images/add/", {"title": "Fremd", "file": upload, "collection": musterland.collection_id}
    )
    assert response.status_code in (200, 302)
    assert not Image.objects.filter(title="Fremd", collection=musterland.collection).exists()
    # With one permitted collection, Wagtail ignores the posted one and files the image there.
    assert Image.objects.get(title="Fremd").collection == musterstadt.collection


def test_rights_differ_by_role(musterstadt, django_user_model):
    german = a_page_of(musterstadt, "de")
    arabic = a_page_of(musterstadt, "ar")

    def perms(username, page):
        return page.permissions_for_user(django_user_model.objects.get(username=username))

    assert perms("musterstadt-editor", german).can_publish()
    assert perms("musterstadt-manager", german).can_delete()
    assert perms("musterstadt-author", german).can_edit()
    assert not perms("musterstadt-author", german).can_publish()
    assert not perms("musterstadt-translator", german).can_edit()
    assert perms("musterstadt-translator", arabic).can_edit()
    assert not perms("musterstadt-translator", arabic).can_publish()
    assert not perms("musterstadt-observer", german).can_edit()
    assert not perms("musterland-editor", german).can_edit()


def test_translate_offers_only_the_regions_languages(login, musterland):
    client = login("admin")
    page = a_page_of(musterland)
    response = client.get(f"/admin/localize/submit/page/{page.pk}/")
    assert response.status_code == 200
    offered = {locale.language_code for locale in response.context["form"].fields["locales"].queryset}
    assert offered == set()  # en and ar exist already; Musterland offers no other language
    RegionLanguage.objects.create(region=musterland, language="uk", source_language="de")
    response = client.get(f"/admin/localize/submit/page/{page.pk}/")
    offered = {locale.language_code for locale in response.context["form"].fields["locales"].queryset}
    assert offered == {"uk"}


def test_admin_speaks_german_or_english_as_each_user_chooses(login, django_user_model):
    client = login("musterstadt-editor")
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="musterstadt-editor"))
    profile.preferred_language = "de"
    profile.save()
    assert "Seiten" in client.get("/admin/").content.decode()
    profile.preferred_language = "en"
    profile.save()
    html = client.get("/admin/").content.decode()
    assert "Pages" in html and 'lang="en"' in html
