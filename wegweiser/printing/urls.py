"""Printouts in the web app: ``guide.pdf`` for the whole guide, ``page.pdf`` and ``topic.pdf`` beside a page."""

from django.urls import re_path

from . import views

GUIDE = r"(?P<region>[-a-z0-9]+)/(?P<lang>[a-z]{2,3}(?:-[a-z]{2,4})?)"
PAGE = r"(?P<path>(?:[-\w$]+/)+)"

urlpatterns = [
    re_path(rf"^{GUIDE}/guide\.pdf$", views.guide_pdf, name="printing_guide"),
    re_path(rf"^{GUIDE}/{PAGE}page\.pdf$", views.page_pdf, name="printing_page"),
    re_path(rf"^{GUIDE}/{PAGE}topic\.pdf$", views.page_pdf, {"subpages": True}, name="printing_topic"),
]
