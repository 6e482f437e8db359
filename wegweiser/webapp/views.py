"""Newcomer pages, rendered on the server: region list, region start page, topic pages."""

from django.shortcuts import redirect, render
from django.utils import translation

from wegweiser.regions.languages import DEFAULT_LANGUAGE, get_language

from .reading import Missing, find_page, find_region, public_regions, region_language


def region_list(request):
    with translation.override(DEFAULT_LANGUAGE):
        return render(
            request,
            "webapp/region_list.html",
            {"regions": public_regions(), "language": get_language(DEFAULT_LANGUAGE)},
        )


def region_start(request, region):
    find_region(region)
    return redirect("webapp:page", region=region, lang=DEFAULT_LANGUAGE, path="")


def reader_page(request, region, lang, path):
    region_page = find_region(region)
    language = region_language(region_page, lang)
    with translation.override(language.code):
        found = find_page(region_page, language, path)
        if isinstance(found, Missing):
            context = {"missing": found, "language": language, "region": region_page}
            return render(request, "webapp/not_translated.html", context, status=404)
        response = found.serve(request)
        # Render while the page's language is active; a TemplateResponse would render later.
        if hasattr(response, "render"):
            response.render()
        return response
