"""The translation workflow in the admin: status, XLIFF exchange, machine translation, memory, readability."""

from urllib.parse import urlencode

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button

from . import exchange_views, machine_views, memory_views, readability_views, views
from .versions import is_translatable_item


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translation/exchange/", include(exchange_views.urlpatterns)),
        path("translation/machine/", include(machine_views.urlpatterns)),
        path("translation/memory/", include(memory_views.urlpatterns)),
        path("translation/readability/", include(readability_views.urlpatterns)),
        path("translation/", include(views.urlpatterns)),
    ]


@hooks.register("register_admin_menu_item")
def translation_menu():
    items = [
        MenuItem(_("Status"), reverse("translation_regions"), icon_name="tasks", order=10),
        MenuItem(_("Export for translation"), reverse("translation_exchange_export"), icon_name="download", order=20),
        MenuItem(_("Import translations"), reverse("translation_exchange_import"), icon_name="upload", order=30),
        MenuItem(_("Machine translation"), reverse("translation_machine_index"), icon_name="cogs", order=40),
        MenuItem(_("Translation memory"), reverse("translation_memory"), icon_name="history", order=50),
        MenuItem(_("Readability"), reverse("translation_readability"), icon_name="doc-full", order=60),
    ]
    return SubmenuMenuItem(_("Translations"), Menu(items=items), icon_name="site", order=250)


@hooks.register("register_page_header_buttons")
def translation_buttons(page, user, view_name=None, next_url=None):
    if not is_translatable_item(page):
        return
    yield Button(_("Translation status"), reverse("translation_item", args=[page.pk]), icon_name="site", priority=80)
    machine = reverse("translation_machine_translate", args=[page.pk])
    if next_url:
        machine += "?" + urlencode({"next": next_url})
    yield Button(_("Machine translate"), machine, icon_name="cogs", priority=81)
