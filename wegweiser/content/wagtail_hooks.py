"""The template library in the admin menu."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import library_views


@hooks.register("register_admin_urls")
def register_template_library_urls():
    return [path("templates/", include(library_views.urlpatterns))]


@hooks.register("register_admin_viewset")
def register_shared_page_chooser():
    from .choosers import shared_page_chooser

    return shared_page_chooser


@hooks.register("register_admin_menu_item")
def template_library_menu_item():
    return MenuItem(_("Template library"), reverse("content_template_library"), icon_name="copy", order=260)
