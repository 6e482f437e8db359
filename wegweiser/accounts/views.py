"""Admin views: two-factor sign-in (set up, the code step at sign-in, switch off) and the security log."""

import django_otp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from wegweiser.regions.models import RegionPage, RegionRole

from . import audit, lockout, two_factor
from .forms import CodeForm, DisableForm, LogFilterForm, SetupForm, UnlockForm
from .models import SecurityEvent

#: Events per page of the security log.
PER_PAGE = 50
#: The heading of the two-factor pages.
TWO_FACTOR_HEADER = {"page_title": gettext_lazy("Two-factor sign-in"), "header_icon": "key"}


# --------------------------------------------------------------------------------------------------
# Two-factor sign-in
# --------------------------------------------------------------------------------------------------


@never_cache
def two_factor_overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "enabled": two_factor.has_two_factor(user),
        "required": two_factor.must_have_two_factor(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "disable_form": DisableForm(),
        **TWO_FACTOR_HEADER,
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret), confirm with a current code, then see the backup codes once."""
    user = request.user
    if two_factor.has_two_factor(user):
        messages.info(request, _("Two-factor sign-in is already on for your account."))
        return redirect("accounts_two_factor")
    device = two_factor.new_authenticator(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm(device, form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            audit.record("two_factor.enabled", request=request, subject=user)
            return render(request, "accounts/backup_codes.html", {"codes": codes, **TWO_FACTOR_HEADER})
        form.add_error(
            "code",
            _("This code is not right. Check that the time on your phone is correct and try the code shown now."),
        )
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret(device),
        "required": two_factor.must_have_two_factor(user),
        **TWO_FACTOR_HEADER,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Switch two-factor sign-in off; needs a current code (or a backup code) or the password."""
    user = request.user
    form = DisableForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        confirmed = (data["password"] and user.check_password(data["password"])) or (
            data["code"] and two_factor.verify(user, data["code"]) is not None
        )
        if confirmed:
            two_factor.remove(user)
            audit.record("two_factor.disabled", request=request, subject=user)
            messages.success(request, _("Two-factor sign-in is off. You sign in with your password only."))
            return redirect("accounts_two_factor")
        form.add_error(None, _("Neither the code nor the password is right."))
    context = {
        "enabled": two_factor.has_two_factor(user),
        "required": two_factor.must_have_two_factor(user),
        "backup_codes_left": two_factor.backup_codes_left(user),
        "disable_form": form,
        **TWO_FACTOR_HEADER,
    }
    return render(request, "accounts/two_factor.html", context, status=400)


@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second sign-in step: a code from the authenticator app or a backup code.

    A wrong code counts as a failed sign-in towards the lockout, like a wrong password."""
    user = request.user
    next_url = _safe_next(request)
    if user.is_verified() or not two_factor.has_two_factor(user):
        return redirect(next_url)
    username = user.get_username()
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if lockout.is_locked_out(request, username):
            auth_logout(request)
            return lockout.locked_out_response(request)
        if form.is_valid():
            device = two_factor.verify(user, form.cleaned_data["code"])
            if device is not None:
                django_otp.login(request, device)
                request.session.cycle_key()
                if two_factor.is_backup_code_device(device):
                    audit.record(
                        "two_factor.backup_code_used",
                        request=request,
                        subject=user,
                        codes_left=two_factor.backup_codes_left(user),
                    )
                else:
                    audit.record("two_factor.succeeded", request=request, subject=user)
                lockout.forget_failures(request, username)
                return redirect(next_url)
        audit.record("two_factor.failed", request=request, subject=user)
        user_login_failed.send(
            sender=__name__, credentials={"username": username, "second_factor": True}, request=request
        )
        if getattr(request, "axes_locked_out", False):
            auth_logout(request)
            return lockout.locked_out_response(request)
        form.add_error("code", _("This code is not right or was used already. Enter the code your app shows now."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def _safe_next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse("wagtailadmin_home")


# --------------------------------------------------------------------------------------------------
# The security log
# --------------------------------------------------------------------------------------------------


def managed_regions(user) -> QuerySet[RegionPage]:
    """The regions whose security events the person may read: all for operators, else those they manage."""
    if user.is_superuser:
        return RegionPage.objects.filter(pk__in=RegionRole.objects.values("region")).order_by("title")
    return (
        RegionPage.objects.filter(roles__role=RegionRole.Role.MANAGER, roles__group__user=user)
        .distinct()
        .order_by("title")
    )


def can_read_security_log(user) -> bool:
    return user.is_superuser or managed_regions(user).exists()


def events_of_regions(regions) -> QuerySet[SecurityEvent]:
    """Events of the regions' people: about the region itself, or about (or, with nobody concerned, by) one of them."""
    people = get_user_model().objects.filter(
        Q(groups__region_role__region__in=regions) | Q(groups__organisation__region__in=regions)
    )
    people_ids = people.values("pk")
    return SecurityEvent.objects.filter(
        Q(region__in=regions)
        | Q(region__isnull=True, subject__in=people_ids)
        | Q(region__isnull=True, subject__isnull=True, actor__in=people_ids)
    )


@never_cache
def security_log(request: HttpRequest) -> HttpResponse:
    """Operators see every event; region managers the events of their region's people (read only)."""
    user = request.user
    if not can_read_security_log(user):
        raise PermissionDenied
    regions = list(managed_regions(user))
    wanted = request.GET.get("region")
    region = None
    if wanted:
        region = next((choice for choice in regions if str(choice.pk) == wanted), None)
        if region is None:
            raise Http404(_("You do not manage this region."))
    if region is not None:
        events = events_of_regions([region])
    elif user.is_superuser:
        events = SecurityEvent.objects.all()
    else:
        events = events_of_regions(regions)
    actions = sorted(set(events.values_list("action", flat=True).distinct()))
    filters = LogFilterForm(request.GET or None, actions=actions)
    if filters.is_valid():
        events = filters.filter(events)
    page = Paginator(events.select_related("region"), PER_PAGE).get_page(request.GET.get("p"))
    context = {
        "page": page,
        "filters": filters,
        "regions": regions,
        "region": region,
        "is_operator": user.is_superuser,
        "locked": _locked_out_now() if user.is_superuser else [],
        "unlock_form": UnlockForm(),
        "keep_days": settings.SECURITY_LOG_DAYS,
        "page_title": _("Security log"),
        "header_icon": "lock",
    }
    return render(request, "accounts/security_log.html", context)


def _locked_out_now() -> list:
    from axes.models import AccessAttempt

    return list(
        AccessAttempt.objects.filter(failures_since_start__gte=settings.LOGIN_FAILURE_LIMIT)
        .values("username", "ip_address", "attempt_time")
        .order_by("-attempt_time")[:50]
    )


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    """Operators let a locked-out username sign in again at once, from every address."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the username to unlock."))
        return redirect("accounts_security_log")
    username = form.cleaned_data["username"]
    count = lockout.unlock(username)
    audit.record(
        "login.unlocked",
        request=request,
        subject=get_user_model().objects.filter(username=username).first(),
        username=username,
        attempts_removed=count,
    )
    messages.success(request, _("“%(username)s” can sign in again.") % {"username": username})
    return redirect("accounts_security_log")


@require_POST
def remove_two_factor(request: HttpRequest) -> HttpResponse:
    """Operators remove someone's two-factor sign-in (a lost phone, no backup codes left)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    form = UnlockForm(request.POST)
    person = (
        get_user_model().objects.filter(username=form.data.get("username", "")).first() if form.is_valid() else None
    )
    if person is None or not two_factor.remove(person):
        messages.error(request, _("There is no account with this username that signs in with a code."))
        return redirect("accounts_security_log")
    audit.record("two_factor.removed", request=request, subject=person)
    messages.success(
        request,
        _("Two-factor sign-in of “%(username)s” is removed; they sign in with their password and set it up again.")
        % {"username": person.get_username()},
    )
    return redirect("accounts_security_log")
