from django.urls import path, re_path
from django.views.decorators.gzip import gzip_page

from . import offline, views

app_name = "webapp"
REGION = r"(?P<region>[-a-z0-9]+)"
GUIDE = REGION + r"/(?P<lang>[a-z]{2,3}(?:-[a-z]{2,4})?)"
# Compressed: newcomer pages carry no secrets (no CSRF tokens, no personal data), so gzip is safe
# from BREACH here; the admin is left alone.
urlpatterns = [
    path("", gzip_page(views.region_list), name="region_list"),
    path("manifest.webmanifest", gzip_page(offline.web_manifest), name="web_manifest"),
    path("sw.js", gzip_page(offline.service_worker), name="service_worker"),
    path("favicon.ico", views.favicon, name="favicon"),
    re_path(rf"^{REGION}/$", gzip_page(views.region_start), name="region_start"),
    re_path(rf"^{GUIDE}/$", gzip_page(views.home), name="home"),
    re_path(rf"^{GUIDE}/events/$", gzip_page(views.events), name="events"),
    re_path(rf"^{GUIDE}/events/calendar\.ics$", gzip_page(views.events_feed), name="events_feed"),
    re_path(
        rf"^{GUIDE}/events/(?P<slug>[-\w]+)/calendar\.ics$", gzip_page(views.event_calendar), name="event_calendar"
    ),
    re_path(rf"^{GUIDE}/locations/$", gzip_page(views.places), name="places"),
    re_path(rf"^{GUIDE}/news/$", gzip_page(views.news), name="news"),
    re_path(rf"^{GUIDE}/search/$", gzip_page(views.search), name="search"),
    re_path(rf"^{GUIDE}/not-translated/$", gzip_page(views.not_translated), name="not_translated"),
    re_path(rf"^{GUIDE}/privacy/$", gzip_page(views.privacy), name="privacy"),
    re_path(rf"^{GUIDE}/offline\.json$", gzip_page(offline.offline_manifest), name="offline_manifest"),
    re_path(rf"^{GUIDE}/(?P<path>(?:[-\w$]+/)+)$", gzip_page(views.item), name="item"),
]
