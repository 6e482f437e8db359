"""The insights part of the admin: the dashboard, the feedback inbox, searches without a good answer."""

from django.urls import include, path

from . import dashboard, inbox, views

urlpatterns = [
    path("", dashboard.dashboard, name="insights_dashboard"),
    path("export.csv", dashboard.export, name="insights_dashboard_export"),
    path("feedback/", include(inbox.urlpatterns)),
    path("unanswered-searches/", views.unanswered_searches, name="insights_unanswered_searches"),
]
