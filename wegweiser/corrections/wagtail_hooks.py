from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.action_menu import ActionMenuItem

from wegweiser.contacts.models import Contact

from . import admin_views, history
from .items import VERIFIABLE


@hooks.register("register_admin_urls")
def register_corrections_urls():
    return [path("corrections/", include(admin_views.urlpatterns))]


@hooks.register("register_log_actions")
def register_corrections_log_actions(actions):
    history.register(actions)


class SuggestionsMenuItem(MenuItem):
    """ "Suggestions" in the admin's menu, with the number of open suggestions in the editor's regions."""

    def render_component(self, request):
        count = admin_views.open_count_of_user(request.user)
        component = super().render_component(request)
        if count:
            component.label = _("Suggestions (%(count)s open)") % {"count": count}
        return component


@hooks.register("register_admin_menu_item")
def suggestions_menu_item():
    return SuggestionsMenuItem(
        gettext_lazy("Suggestions"), reverse("corrections_queue"), name="suggestions", icon_name="edit", order=252
    )


@hooks.register("register_page_header_buttons")
def verification_button(page, user, view_name, next_url=None):
    """ "Ask for verification" in the header of a topic page's or place's edit view."""
    specific = page.specific_deferred
    if not isinstance(specific, VERIFIABLE) or not page.permissions_for_user(user).can_edit():
        return []
    url = reverse("corrections_request_verification", args=["page", page.pk])
    return [Button(_("Ask for verification"), url, icon_name="mail", priority=80)]


class VerificationMenuItem(ActionMenuItem):
    """ "Ask for verification" in the actions of a contact's edit view."""

    name = "action-ask-for-verification"
    icon_name = "mail"

    @property
    def label(self):
        return _("Ask for verification")

    def is_shown(self, context) -> bool:
        return context.get("view") == "edit" and context.get("instance") is not None

    def get_url(self, parent_context) -> str:
        return reverse("corrections_request_verification", args=["contact", parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def contact_verification_menu_item(model):
    return VerificationMenuItem(order=90) if model is Contact else None
