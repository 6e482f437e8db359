from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [path("insights/unanswered-searches/", include(views.urlpatterns))]


@hooks.register("register_reports_menu_item")
def unanswered_searches_menu_item():
    return MenuItem(
        _("Searches without a good answer"), reverse("insights_unanswered_searches"), icon_name="search", order=700
    )
