from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .replacing import LOG_ACTION


@hooks.register("register_admin_urls")
def register_links_urls():
    return [path("links/", include(views.urlpatterns))]


@hooks.register("register_admin_menu_item")
def links_menu_item():
    """The link checker: broken and moved links of the editor's regions."""
    return MenuItem(_("Links"), reverse("links_list"), name="links", icon_name="link", order=252)


@hooks.register("register_log_actions")
def register_link_log_actions(actions):
    actions.register_action(LOG_ACTION, _("Replace link everywhere"), _("Link replaced everywhere"))
