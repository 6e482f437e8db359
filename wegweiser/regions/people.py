"""The people of a region: its managers invite, change and remove them; operators do so in every region.

An operator is a Django superuser: the people who run the installation. Only they see every region, grant
operator rights and use Wagtail's own users and groups admin. A region manager works in "People"
(``/admin/people/``) on their own regions only: they invite a person by e-mail into a role (a new account gets a
"set your password" e-mail; an existing account just joins, and nothing about its other regions is shown), give
someone another role, or take them out of the region. Someone who then works nowhere any more is deactivated, the
account stays for the record. A region always keeps at least one manager. Every change goes into the security log.

Partner organisations' people are managed in the organisation's own form; "People" lists them read-only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem

from .languages import DEFAULT_LANGUAGE
from .models import RegionPage, RegionRole

Role = RegionRole.Role

#: The roles as a manager offers them, from the most rights to the fewest.
ROLES_IN_ORDER = [Role(value) for value in ("manager", "editor", "author", "event_manager", "translator", "observer")]


class PeopleError(Exception):
    """A change to a region's people that is not allowed; the message says why, for the manager."""


# --------------------------------------------------------------------------------------------------
# Who manages whom
# --------------------------------------------------------------------------------------------------


def managed_regions(user) -> QuerySet[RegionPage]:
    """The canonical regions whose people the user manages: all for operators, else where they are manager."""
    if not user.is_active:
        return RegionPage.objects.none()
    if user.is_superuser:
        return RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
    return RegionPage.objects.filter(roles__group__user=user, roles__role=Role.MANAGER).distinct()


def can_manage_people(user) -> bool:
    return user.is_authenticated and managed_regions(user).exists()


def managed_region(request: HttpRequest) -> tuple[list[RegionPage], RegionPage | None]:
    """The regions the user manages, and the one asked for (``region``) or the only one.

    Someone who manages no region gets 403; a region they do not manage answers 404, as if it did not exist."""
    regions = list(managed_regions(request.user).order_by("title"))
    if not regions:
        raise PermissionDenied
    wanted = request.POST.get("region") or request.GET.get("region")
    if not wanted:
        return regions, regions[0] if len(regions) == 1 else None
    region = next((region for region in regions if str(region.pk) == wanted), None)
    if region is None:
        raise Http404(_("You do not manage this region."))
    return regions, region


def roles_of(user, region: RegionPage) -> set[str]:
    """The user's roles in the region."""
    return set(RegionRole.objects.filter(region=region, group__user=user).values_list("role", flat=True))


def works_anywhere(user) -> bool:
    """Whether the user still has a role in some region or works for a partner organisation."""
    from wegweiser.organisations.partners import organisations_of_user

    return RegionRole.objects.filter(group__user=user).exists() or organisations_of_user(user).exists()


def _is_last_manager(user, region: RegionPage) -> bool:
    managers = get_user_model().objects.filter(
        is_active=True, groups__region_role__region=region, groups__region_role__role=Role.MANAGER
    )
    return not managers.exclude(pk=user.pk).exists()


def _check_may_change(actor, user, region: RegionPage, new_roles: set[str]) -> None:
    if user.is_superuser and not actor.is_superuser:
        raise PeopleError(_("Only an operator can change an operator's roles."))
    if Role.MANAGER in roles_of(user, region) and Role.MANAGER not in new_roles and _is_last_manager(user, region):
        raise PeopleError(
            _("%(name)s is the last manager of %(region)s: make someone else manager first.")
            % {"name": display_name(user), "region": region.full_name}
        )


# --------------------------------------------------------------------------------------------------
# Changes (each one recorded in the security log)
# --------------------------------------------------------------------------------------------------


def _record(action: str, request: HttpRequest | None, user, region: RegionPage, **details) -> None:
    from wegweiser.accounts.audit import record

    record(action, request=request, subject=user, region=region, **details)


@transaction.atomic
def set_role(region: RegionPage, user, role: str, *, request: HttpRequest) -> None:
    """Give the user exactly this role in the region (taking away any other role they had there)."""
    role = Role(role)
    current = roles_of(user, region)
    if current == {role}:
        return
    _check_may_change(request.user, user, region, {role})
    groups = {role_group.role: role_group.group for role_group in RegionRole.objects.filter(region=region)}
    for old in sorted(current - {role}):
        user.groups.remove(groups[old])
        _record("role.revoked", request, user, region, role=old)
    if role not in current:
        user.groups.add(groups[role])
        _record("role.granted", request, user, region, role=role.value)


@transaction.atomic
def remove_from_region(region: RegionPage, user, *, request: HttpRequest) -> bool:
    """Take all the user's roles in the region; returns whether the account was deactivated (works nowhere now)."""
    _check_may_change(request.user, user, region, set())
    for role_group in RegionRole.objects.filter(region=region, group__user=user).select_related("group"):
        user.groups.remove(role_group.group)
        _record("role.revoked", request, user, region, role=role_group.role)
    if user.is_superuser or works_anywhere(user):
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record("user.deactivated", request, user, region)
    return True


def invite(region: RegionPage, email: str, role: str, *, request: HttpRequest):
    """Give the person with this e-mail address the role in the region; returns (user, whether they are new).

    Without an account (or with a deactivated one) they get a link to set their password; with an active account,
    a note that they now work in the region."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        new = user is None or not user.is_active
        if user is None:
            if User.objects.filter(username__iexact=email).exists():
                raise PeopleError(
                    _("An account named “%(email)s” exists already with another e-mail address.") % {"email": email}
                )
            user = User.objects.create_user(username=email, email=email, password=secrets.token_urlsafe(32))
        elif not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        set_role(region, user, role, request=request)
        if new:
            _record("user.invited", request, user, region, role=role)
    if new:
        _send_password_link(request, user)
    else:
        _send_role_note(request, user, region, role)
    return user, new


def _send_password_link(request: HttpRequest, user) -> None:
    from wegweiser.organisations.views import send_password_link

    send_password_link(request, user)


def _send_role_note(request: HttpRequest, user, region: RegionPage, role: str) -> None:
    subject = _("You now work on the guide of %(region)s") % {"region": region.full_name}
    body = _("%(name)s gave you the role “%(role)s” in %(region)s. Sign in here: %(url)s") % {
        "name": display_name(request.user),
        "role": Role(role).label,
        "region": region.full_name,
        "url": request.build_absolute_uri(reverse("wagtailadmin_home")),
    }
    send_mail(subject, body, None, [user.email], fail_silently=True)


# --------------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------------


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Person:
    user: object
    roles: list[str]

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else ""

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]


def people_of(region: RegionPage) -> list[Person]:
    """The people with a role in the region, with their roles there only (nothing about other regions)."""
    roles: dict[int, set[str]] = {}
    for user_id, role in RegionRole.objects.filter(region=region, group__user__isnull=False).values_list(
        "group__user", "role"
    ):
        roles.setdefault(user_id, set()).add(role)
    users = get_user_model().objects.filter(pk__in=roles).order_by("last_name", "first_name", "username")
    return [Person(user, [role for role in ROLES_IN_ORDER if role in roles[user.pk]]) for user in users]


def partners_of(region: RegionPage) -> list[tuple[object, list]]:
    """The region's partner organisations with their people (managed in each organisation's form)."""
    from wegweiser.organisations.partners import members

    return [
        (organisation, list(members(organisation).order_by("username")))
        for organisation in region.organisations.order_by("name")
    ]


# --------------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[(role.value, role.label) for role in ROLES_IN_ORDER])


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[(role.value, role.label) for role in ROLES_IN_ORDER])


def people_url(region: RegionPage) -> str:
    return f"{reverse('regions_people')}?region={region.pk}"


@require_admin_access
def index(request: HttpRequest, invite_form: InviteForm | None = None) -> HttpResponse:
    regions, region = managed_region(request)
    context: dict = {
        "page_title": _("People"),
        "header_icon": "group",
        "regions": regions,
        "region": region,
        "keep": {},
    }
    if region is not None:
        context.update(
            {
                "people": people_of(region),
                "partners": partners_of(region),
                "roles": [(role.value, role.label) for role in ROLES_IN_ORDER],
                "invite_form": invite_form or InviteForm(),
            }
        )
    return render(request, "regions/people.html", context, status=400 if invite_form is not None else 200)


def _chosen(request: HttpRequest) -> RegionPage:
    _regions, region = managed_region(request)
    if region is None:
        raise Http404(_("Choose a region."))
    return region


def _person(region: RegionPage, user_id: int):
    """A person of the region; anyone else (another region's people, unknown ids) answers 404."""
    user = get_object_or_404(get_user_model(), pk=user_id)
    if not roles_of(user, region):
        raise Http404(_("This person does not work in this region."))
    return user


@require_admin_access
@require_POST
def invite_person(request: HttpRequest) -> HttpResponse:
    region = _chosen(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The invitation was not sent: please correct the errors below."))
        return index(request, invite_form=form)
    try:
        user, _new = invite(region, form.cleaned_data["email"], form.cleaned_data["role"], request=request)
    except PeopleError as error:
        messages.error(request, str(error))
        return redirect(people_url(region))
    messages.success(
        request,
        _("%(email)s is now %(role)s in %(region)s; we sent them an e-mail.")
        % {"email": user.email, "role": Role(form.cleaned_data["role"]).label, "region": region.full_name},
    )
    return redirect(people_url(region))


@require_admin_access
@require_POST
def change_role(request: HttpRequest, user_id: int) -> HttpResponse:
    region = _chosen(request)
    user = _person(region, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect(people_url(region))
    try:
        set_role(region, user, form.cleaned_data["role"], request=request)
    except PeopleError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": display_name(user), "role": Role(form.cleaned_data["role"]).label},
        )
    return redirect(people_url(region))


@require_admin_access
@require_POST
def remove_person(request: HttpRequest, user_id: int) -> HttpResponse:
    region = _chosen(request)
    user = _person(region, user_id)
    try:
        deactivated = remove_from_region(region, user, request=request)
    except PeopleError as error:
        messages.error(request, str(error))
        return redirect(people_url(region))
    if deactivated:
        message = _("%(name)s no longer works in %(region)s; the account is deactivated, as they work nowhere else.")
    else:
        message = _("%(name)s no longer works in %(region)s.")
    messages.success(request, message % {"name": display_name(user), "region": region.full_name})
    return redirect(people_url(region))


urlpatterns = [
    path("", index, name="regions_people"),
    path("invite/", invite_person, name="regions_people_invite"),
    path("<int:user_id>/role/", change_role, name="regions_people_role"),
    path("<int:user_id>/remove/", remove_person, name="regions_people_remove"),
]


class PeopleMenuItem(MenuItem):
    """ "People" in the admin's menu, for operators and region managers."""

    def is_shown(self, request: HttpRequest) -> bool:
        return can_manage_people(request.user)
