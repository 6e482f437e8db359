from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_accounts_urls():
    return [
        path("two-factor/", views.two_factor_overview, name="accounts_two_factor"),
        path("two-factor/setup/", views.two_factor_setup, name="accounts_two_factor_setup"),
        path("two-factor/disable/", views.two_factor_disable, name="accounts_two_factor_disable"),
        path("two-factor/verify/", views.two_factor_verify, name="accounts_two_factor_verify"),
        path("security-log/", views.security_log, name="accounts_security_log"),
        path("security-log/unlock/", views.unlock, name="accounts_security_log_unlock"),
        path(
            "security-log/remove-two-factor/", views.remove_two_factor, name="accounts_security_log_remove_two_factor"
        ),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("accounts_two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Sign in with a code from an authenticator app on your phone in addition to your password."),
    }


class SecurityLogMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return views.can_read_security_log(request.user)


@hooks.register("register_settings_menu_item")
def security_log_menu_item():
    return SecurityLogMenuItem(_("Security log"), reverse("accounts_security_log"), icon_name="lock", order=900)
