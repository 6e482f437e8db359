"""The template library in the admin: every region's offered templates, and "Copy into my region".

Everybody with access to the admin sees the list (templates are published pages anyway). Copying goes into a region
the person works in (another region answers 404, as if it did not exist) and needs the right to add pages at the
chosen place (else 403); a wrong place gets a form error and nothing is copied. Copying is POST only.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page, regions_of_user

from . import library
from .choices import trails


def language_names(codes: list[str]) -> list[str]:
    return [BY_CODE[code].native_name if code in BY_CODE else code for code in codes]


class CopyForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Place in your guide"),
        queryset=Page.objects.none(),
        help_text=gettext_lazy("The copy goes below this page; its translations below this page's translations."),
        error_messages={"invalid_choice": gettext_lazy("Choose a place in your region's guide from the list.")},
    )
    with_subpages = forms.BooleanField(label=gettext_lazy("With its subpages"), required=False)

    def __init__(self, *args, region: RegionPage, **kwargs):
        super().__init__(*args, **kwargs)
        places = list(library.places_in_region(region).order_by("path"))
        choices = []
        if places:
            top, *topics = places
            choices = [(top.pk, _("Top level of the guide")), *trails(topics, top)]
        field = self.fields["parent"]
        field.queryset = library.places_in_region(region)
        field.choices = choices


def _region(request: HttpRequest) -> tuple[RegionPage, list[RegionPage]]:
    """The region to copy into (``region`` in the query or form, else the person's first); 404 for one not theirs."""
    regions = list(regions_of_user(request.user).order_by("title"))
    if not regions:
        raise Http404(_("You do not work in any region."))
    wanted = request.POST.get("region") or request.GET.get("region")
    if not wanted:
        return regions[0], regions
    for region in regions:
        if str(region.pk) == wanted:
            return region, regions
    raise Http404(_("You do not work in this region."))


@require_admin_access
@require_http_methods(["GET"])
def library_view(request: HttpRequest) -> HttpResponse:
    """The offered templates of all regions, with their languages."""
    templates = library.offered_templates()
    return render(
        request,
        "content/library.html",
        {
            "page_title": _("Template library"),
            "header_icon": "copy",
            "templates": [(template, language_names(template.languages)) for template in templates],
        },
    )


@require_admin_access
@require_http_methods(["GET", "POST"])
def copy_view(request: HttpRequest, page_id: int) -> HttpResponse:
    """Choose where the template goes in one's own region, then copy it there as drafts."""
    template = library.offered_template(page_id)
    if template is None:
        raise Http404(_("No such template."))
    region, regions = _region(request)
    form = CopyForm(request.POST if request.method == "POST" else None, region=region)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        if not parent.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied(_("You may not add pages at this place."))
        try:
            result = library.copy_template(
                template, parent, user=request.user, with_subpages=form.cleaned_data["with_subpages"]
            )
        except library.TemplateCopyError as error:
            form.add_error(None, str(error))
        else:
            subpages = result.pages - 1
            values = {"title": result.page.title, "region": region.full_name, "count": subpages}
            if subpages:
                copied = ngettext(
                    "“%(title)s” and %(count)d subpage were copied into %(region)s as drafts.",
                    "“%(title)s” and %(count)d subpages were copied into %(region)s as drafts.",
                    subpages,
                )
            else:
                copied = _("“%(title)s” was copied into %(region)s as a draft.")
            languages = ", ".join(language_names(sorted(result.translations))) or _("none")
            translated = _("Translations copied with it: %(languages)s.") % {"languages": languages}
            messages.success(request, f"{copied % values} {translated}")
            return redirect("wagtailadmin_pages:edit", result.page.pk)
    return render(
        request,
        "content/library_copy.html",
        {
            "page_title": _("Copy into my region"),
            "page_subtitle": template.title,
            "header_icon": "copy",
            "template": template,
            "template_region": region_of_page(template),
            "languages": language_names(library.template_languages(template)),
            "form": form,
            "region": region,
            "regions": regions,
            "library_url": reverse("content_template_library"),
        },
    )


urlpatterns = [
    path("", library_view, name="content_template_library"),
    path("<int:page_id>/copy/", copy_view, name="content_template_copy"),
]
