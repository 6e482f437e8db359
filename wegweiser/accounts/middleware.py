"""Keeping the admin closed until the second sign-in step is done, and remembering the request for the log.

After ``django_otp.middleware.OTPMiddleware``: a signed-in person with an authenticator whose session has not
been confirmed with a code yet is sent to the code step; a person who must have two-factor sign-in
(``settings.TWO_FACTOR_REQUIRED``) but has none is sent to set it up. Signing out, the code step and the set-up
page stay open, and so does everything outside the admin.
"""

from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

#: The request being answered, for signal receivers that write the security log (``receivers``).
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)

#: Where people ask for a password reset link (Wagtail's view, which sends no signal of its own).
PASSWORD_RESET = "wagtailadmin_password_reset"
#: Admin URL names open before the second step.
OPEN_BEFORE_CODE = {
    "accounts_two_factor_verify",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
}
#: Admin URL names open to a person who still has to set up two-factor sign-in.
OPEN_BEFORE_SETUP = OPEN_BEFORE_CODE | {"accounts_two_factor", "accounts_two_factor_setup"}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if request.method == "POST" and response.status_code == 302 and _url_name(request) == PASSWORD_RESET:
            _record_reset_requested(request)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if not request.path_info.startswith(self.admin_prefix):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        from . import two_factor

        name = request.resolver_match.url_name if request.resolver_match else None
        if name in OPEN_BEFORE_CODE:
            return None
        if not user.is_verified() and two_factor.has_two_factor(user):
            return redirect(f"{reverse('accounts_two_factor_verify')}?{urlencode({'next': request.get_full_path()})}")
        if name in OPEN_BEFORE_SETUP:
            return None
        if not user.is_verified() and two_factor.must_have_two_factor(user):
            return redirect("accounts_two_factor_setup")
        return None


def _url_name(request: HttpRequest) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match else None


def _record_reset_requested(request: HttpRequest) -> None:
    """Someone asked for a reset link (the answer is the same whether the address is known or not)."""
    from django.contrib.auth import get_user_model

    from . import audit

    email = request.POST.get("email", "")[:254]
    subject = get_user_model().objects.filter(email__iexact=email, is_active=True).first() if email else None
    audit.record("password.reset_requested", request=request, subject=subject, email=email)
