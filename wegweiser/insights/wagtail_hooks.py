from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, inbox


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [path("insights/", include(admin_urls))]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    return MenuItem(_("Insights"), reverse("insights_dashboard"), icon_name="view", order=250)


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    """The feedback inbox; its label counts the new feedback in the editor's regions."""
    return inbox.FeedbackMenuItem(
        _("Feedback"), reverse("insights_feedback"), name="feedback", icon_name="comment", order=251
    )


@hooks.register("register_reports_menu_item")
def unanswered_searches_menu_item():
    return MenuItem(
        _("Searches without a good answer"), reverse("insights_unanswered_searches"), icon_name="search", order=700
    )
