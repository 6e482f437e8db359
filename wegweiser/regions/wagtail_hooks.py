"""Admin hooks that keep everyone inside their own regions."""

from django.urls import path
from wagtail import hooks
from wagtail_localize.views.submit_translations import SubmitPageTranslationView

from .tenancy import pages_of_user_regions, region_of_page


class RegionSubmitPageTranslationView(SubmitPageTranslationView):
    """wagtail-localize's "Translate page", offering only the languages the page's region edits."""

    def get_form(self):
        form = super().get_form()
        region = region_of_page(self.object)
        if region is not None:
            codes = region.language_tree().editable_codes()
            form.fields["locales"].queryset = form.fields["locales"].queryset.filter(language_code__in=codes)
        return form


@hooks.register("register_admin_urls", order=-1)
def register_region_translation_view():
    # Same path as wagtail-localize's view, registered first so that it answers instead.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            RegionSubmitPageTranslationView.as_view(),
            name="region_submit_page_translation",
        )
    ]


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_regions(pages, request):
    return pages.filter(pages_of_user_regions(request.user))
