"""The lockout after failed sign-ins (django-axes), as municipal staff and operators meet it.

A username is locked for one client address after ``settings.LOGIN_FAILURE_LIMIT`` failed passwords or codes,
for ``settings.LOGIN_LOCKOUT_MINUTES``. The page saying so is the same whether the username exists or not.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: The page is shown in the reader's admin language and in these (a locked-out person may not be signed in).
ADMIN_LANGUAGES = ("de", "en")


def client_address(request: HttpRequest) -> str:
    """The client's address as the feedback rate limit finds it: the proxy header setting counts here too."""
    from wegweiser.insights.abuse import client_address as address_of

    return address_of(request)


def locked_out_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page shown instead of the admin while a username is locked out from this address."""
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    languages = [translation.get_language() or "de", *ADMIN_LANGUAGES]
    explanations = []
    for language in dict.fromkeys(code.split("-")[0] for code in languages):
        with translation.override(language):
            explanations.append((language, lockout_message(minutes), str(_("Back to signing in"))))
    return render(request, "accounts/locked_out.html", {"explanations": explanations}, status=429)


def lockout_message(minutes: int) -> str:
    return ngettext(
        "There were too many failed attempts to sign in with this username from your device. Please wait %(minutes)s "
        "minute and try again. If you need to sign in sooner, ask the operator of this installation to unlock it.",
        "There were too many failed attempts to sign in with this username from your device. Please wait %(minutes)s "
        "minutes and try again. If you need to sign in sooner, ask the operator of this installation to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def unlock(username: str) -> int:
    """Forget the failed sign-ins of ``username`` from every address; returns how many records went."""
    from axes.utils import reset

    return reset(username=username)


def forget_failures(request: HttpRequest, username: str) -> None:
    """After a complete sign-in (password, and code where needed) earlier failures from this address no longer count."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.reset_attempts(ip_address=client_address(request), username=username)


def is_locked_out(request: HttpRequest, username: str) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": username})
