"""Admin hooks that keep everyone inside their own regions."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail_localize.views.submit_translations import SubmitPageTranslationView, SubmitSnippetTranslationView

from . import people
from .tenancy import pages_of_user_regions, region_of_page, regions_of_user


class RegionSubmitPageTranslationView(SubmitPageTranslationView):
    """wagtail-localize's "Translate page", offering only the languages the page's region edits.

    Another region's page answers 404 (wagtail-localize itself only checks the right to submit translations)."""

    def get_object(self):
        page = super().get_object()
        if not Page.objects.filter(pages_of_user_regions(self.request.user), pk=page.pk).exists():
            raise Http404
        return page

    def get_form(self):
        form = super().get_form()
        region = region_of_page(self.object)
        if region is not None:
            codes = region.language_tree().editable_codes()
            form.fields["locales"].queryset = form.fields["locales"].queryset.filter(language_code__in=codes)
        return form


class RegionSubmitSnippetTranslationView(SubmitSnippetTranslationView):
    """wagtail-localize's "Translate" for snippets: another region's contact or organisation answers 404."""

    def get_object(self):
        snippet = super().get_object()
        region_id = getattr(snippet, "region_id", None)
        if region_id is not None:
            regions = regions_of_user(self.request.user, include_partners=True)
            if not regions.filter(pk=getattr(snippet.region, "canonical", snippet.region).pk).exists():
                raise Http404
        return snippet


@hooks.register("register_admin_urls", order=-1)
def register_region_translation_view():
    # Same paths as wagtail-localize's views, registered first so that these answer instead.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            RegionSubmitPageTranslationView.as_view(),
            name="region_submit_page_translation",
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            RegionSubmitSnippetTranslationView.as_view(),
            name="region_submit_snippet_translation",
        ),
    ]


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_regions(pages, request):
    return pages.filter(pages_of_user_regions(request.user))


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("people/", include(people.urlpatterns))]


@hooks.register("register_admin_menu_item")
def people_menu_item():
    """ "People": region managers manage their region's people, operators everyone's."""
    return people.PeopleMenuItem(_("People"), reverse("regions_people"), name="people", icon_name="group", order=9000)
