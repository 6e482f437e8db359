from django.urls import path, re_path

from . import views

app_name = "webapp"
urlpatterns = [
    path("", views.region_list, name="region_list"),
    re_path(r"^(?P<region>[-a-z0-9]+)/$", views.region_start, name="region_start"),
    re_path(
        r"^(?P<region>[-a-z0-9]+)/(?P<lang>[a-z]{2,3}(?:-[a-z]{2,4})?)/(?P<path>(?:[-\w]+/)*)$",
        views.reader_page,
        name="page",
    ),
]
