"""URLs of the Integreat-compatible API: ``/api/v3/…`` and the legacy ``wp-json`` mirrors.

Every path answers with and without its trailing slash (never with a redirect, which would lack CORS).
"""

from django.urls import include, re_path

from . import views

REGION = r"(?P<region>[^/]+)"
LANGUAGE = r"(?P<language>[a-z]{2,3}(?:-[a-z]{2,4})?)"

region_language_endpoints = [
    re_path(r"^pages/?$", views.pages),
    re_path(r"^children/?$", views.children),
    re_path(r"^parents/?$", views.parents),
    re_path(r"^page/?$", views.page),
    re_path(r"^post/?$", views.page),
    re_path(r"^events/?$", views.events),
    re_path(r"^locations/?$", views.locations),
    re_path(r"^location-categories/?$", views.location_categories),
    re_path(r"^news/?$", views.news),
    re_path(r"^news/(?P<news_id>[^/]+)/?$", views.news_item),
    re_path(r"^fcm/?$", views.fcm),
    re_path(r"^(?:imprint|disclaimer)/?$", views.imprint),
    re_path(r"^feedback/(?P<kind>[a-z-]+)/?$", views.feedback),
    re_path(r"^pdf/?$", views.pdf),
]

api_v3 = [
    re_path(r"^regions/?$", views.regions),
    re_path(rf"^regions/{REGION}/?$", views.region),
    re_path(rf"^{REGION}/languages/?$", views.languages),
    re_path(rf"^{REGION}/{LANGUAGE}/", include(region_language_endpoints)),
]

urlpatterns = [
    re_path(r"^api/v3/", include(api_v3)),
    re_path(r"^wp-json/extensions/v3/sites/?$", views.regions),
    re_path(rf"^{REGION}/(?:{LANGUAGE}/)?wp-json/extensions/v3/languages/?$", views.languages),
    re_path(rf"^{REGION}/{LANGUAGE}/wp-json/extensions/v3/", include(region_language_endpoints)),
    # The PDF as the Integreat web app still links it.
    re_path(rf"^{REGION}/{LANGUAGE}/wp-json/ig-mpdf/v1/pdf/?$", views.pdf),
]
