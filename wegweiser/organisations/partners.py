"""Partner organisations' people: they keep their own organisation's pages, places and contacts current.

Every organisation has a group (made by ``setup_organisation``). Its members may open the admin and
save drafts of the region's pages in every language and submit them to the region's review workflow,
but never publish: the region's editors and managers approve. ``PartnerPagePermissionTester``
narrows this to the organisation's own pages (and new places or events in the region's lists); a
contact has no drafts, so a partner's change to it becomes a suggestion (see ``contacts.views``).

Someone who also has a role in a region (editor, author …) keeps that role's rights there.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, PagePermissionTester

from wegweiser.regions.models import RegionPage, RegionRole
from wegweiser.regions.tenancy import (
    collection_rights_of,
    page_rights_of,
    permissions_by_name,
    region_copies,
    region_of_page,
)

from .models import Organisation

#: Partners save drafts and submit them for review; publishing stays with the region's editors.
PAGE_PERMISSIONS = ["add", "change"]
#: Contacts: partners open their organisation's contacts; saving one makes a suggestion.
MODEL_PERMISSIONS = ["wagtailadmin.access_admin", "contacts.view_contact", "contacts.change_contact"]
#: Images and documents of the region's collection, for their pages.
MEDIA_PERMISSIONS = ["add", "choose"]

_SCOPE_CACHE = "_wegweiser_partner_scope"


@transaction.atomic
def setup_organisation(organisation: Organisation, permission: dict[str, Permission] | None = None) -> Group:
    """Create (or complete) the group of the organisation's people and its rights. Idempotent."""
    region = organisation.region.canonical
    group = organisation.group or Group()
    group.name = _group_name(organisation, region)
    group.save()
    if organisation.group_id != group.pk:
        Organisation.objects.filter(pk=organisation.pk).update(group=group)
        organisation.group = group
    permission = permission or permissions_by_name()
    group.permissions.add(*(permission[dotted] for dotted in MODEL_PERMISSIONS))
    rights = []
    for copy in region_copies(region):
        rights += page_rights_of(group, copy, PAGE_PERMISSIONS, permission)
    GroupPagePermission.objects.bulk_create(rights, ignore_conflicts=True)
    if region.collection_id:  # else ``setup_region`` makes the collection and calls this again
        media = collection_rights_of(group, region.collection_id, MEDIA_PERMISSIONS, permission)
        GroupCollectionPermission.objects.bulk_create(media, ignore_conflicts=True)
    return group


def _group_name(organisation: Organisation, region: RegionPage) -> str:
    max_length = Group._meta.get_field("name").max_length
    return f"{region.slug} partner: {organisation.name}"[:max_length]


def members(organisation: Organisation) -> QuerySet:
    """The organisation's people (partner users)."""
    if organisation.group_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(groups=organisation.group_id)


def set_members(organisation: Organisation, users) -> None:
    """Make exactly these users the organisation's people."""
    group = organisation.group or setup_organisation(organisation)
    group.user_set.set(users)


def add_member_by_email(organisation: Organisation, email: str):
    """Give the person with this e-mail address an account of the organisation; returns (user, created).

    An existing account with the address joins the organisation; otherwise a new one is made with the
    address as user name and a random password, which the person replaces through the link the admin
    e-mails them (``views.send_password_link``)."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if user is None:
        if User.objects.filter(username__iexact=email).exists():
            message = _("An account named “%(email)s” exists already with another e-mail address.")
            raise ValueError(message % {"email": email})
        user = User.objects.create_user(username=email, email=email, password=secrets.token_urlsafe(32))
    group = organisation.group or setup_organisation(organisation)
    user.groups.add(group)
    return user, created


def organisations_of_user(user) -> QuerySet[Organisation]:
    """The organisations the user works for as a partner."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(group__user=user)


def _scope(user) -> tuple[frozenset[int], frozenset[int]]:
    """(ids of the user's organisations, ids of the regions where the user has a role), kept for the request."""
    cached = getattr(user, _SCOPE_CACHE, None)
    if cached is None:
        organisations = frozenset(organisations_of_user(user).values_list("pk", flat=True))
        roles: frozenset[int] = frozenset()
        if organisations:
            roles = frozenset(RegionRole.objects.filter(group__user=user).values_list("region_id", flat=True))
        cached = (organisations, roles)
        setattr(user, _SCOPE_CACHE, cached)
    return cached


def forget_partner_scope(user) -> None:
    """Drop what ``_scope`` remembered on this user object (after changing their organisations)."""
    if hasattr(user, _SCOPE_CACHE):
        delattr(user, _SCOPE_CACHE)


def partner_organisations(user, region: RegionPage | None) -> frozenset[int] | None:
    """The ids of the user's organisations if the user works in the region as a partner only, else None.

    None means the user's ordinary rights apply (superuser, a role in the region, or no organisation)."""
    if not user.is_active or user.is_superuser:
        return None
    organisations, roles = _scope(user)
    if not organisations or (region is not None and region.canonical.pk in roles):
        return None
    return organisations


def is_partner_for_item(user, item) -> bool:
    """Whether the user deals with a contact (or any region item) as a partner, without a role in its region."""
    region = item.region if getattr(item, "region_id", None) else None
    return partner_organisations(user, region) is not None


def is_own_item(user, item) -> bool:
    """Whether the item belongs to one of the user's organisations."""
    organisations, _roles = _scope(user)
    return getattr(item, "organisation_id", None) in organisations


def default_organisation(user, region: RegionPage | None) -> Organisation | None:
    """The organisation a partner's new item belongs to (None if the user works for several in the region)."""
    organisations = organisations_of_user(user)
    if region is not None:
        organisations = organisations.filter(region=region.canonical)
    found = list(organisations[:2])
    return found[0] if len(found) == 1 else None


def page_permissions_for_user(user, page: Page) -> PagePermissionTester:
    """The permission tester for ``Page.permissions_for_user``: narrower for partners, Wagtail's for all others."""
    organisations = None
    if user.is_active and not user.is_superuser:
        own, roles = _scope(user)
        if own:
            region = region_of_page(page) if roles else None
            organisations = partner_organisations(user, region)
    if organisations is None:
        return PagePermissionTester(user, page)
    return PartnerPagePermissionTester(user, page, organisations)


def _has_organisation(model) -> bool:
    return any(field.name == "organisation" for field in model._meta.get_fields())


class PartnerPagePermissionTester(PagePermissionTester):
    """A partner changes only the pages of their organisation, adds pages below them and new items
    (places, events) to the region's lists, and never publishes or unpublishes anything."""

    def __init__(self, user, page: Page, organisations: frozenset[int]):
        super().__init__(user, page)
        page = page.specific_deferred
        self.is_own = getattr(page, "organisation_id", None) in organisations
        self.is_list = not _has_organisation(type(page)) and self._lists_organisation_items(page)

    @staticmethod
    def _lists_organisation_items(page: Page) -> bool:
        if isinstance(page, RegionPage) or page.specific_class is None:
            return False
        models = page.specific_class.creatable_subpage_models()
        return bool(models) and all(_has_organisation(model) for model in models)

    def can_add_subpage(self):
        return (self.is_own or self.is_list) and super().can_add_subpage()

    def can_edit(self):
        return self.is_own and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.is_own and super().can_delete(ignore_bulk=ignore_bulk)

    def can_unpublish(self):
        return False

    def can_publish(self):
        return False

    def can_publish_subpage(self):
        return False

    def can_reorder_children(self):
        return False

    def can_submit_for_moderation(self):
        return self.is_own and super().can_submit_for_moderation()

    def can_lock(self):
        return self.is_own and super().can_lock()

    def can_copy(self):
        return False

    def can_move_to(self, destination):
        return (
            super().can_move_to(destination)
            and page_permissions_for_user(self.user, destination.specific_deferred).can_add_subpage()
        )

    def can_set_view_restrictions(self):
        return False


def deny_partner(request: HttpRequest, page: Page, action: str) -> bool:
    """Whether a partner must not do ``action`` ("edit", "add", "delete", "move", "copy", "unpublish") with the page.

    Used by the admin hooks for pages whose own tester is Wagtail's (the region's root page)."""
    tester = page_permissions_for_user(request.user, page.specific_deferred)
    if not isinstance(tester, PartnerPagePermissionTester):
        return False
    allowed = {
        "edit": tester.can_edit,
        "add": tester.can_add_subpage,
        "delete": tester.can_delete,
        "move": tester.can_move,
        "copy": tester.can_copy,
        "unpublish": tester.can_unpublish,
    }[action]
    return not allowed()


def lock_organisation_field(form, region: RegionPage | None) -> None:
    """On a partner's form, the item belongs to their organisation: preset on new items, never changeable."""
    field = form.fields.get("organisation")
    user = getattr(form, "for_user", None)
    if field is None or user is None:
        return
    organisations = partner_organisations(user, region)
    if organisations is None:
        return
    if form.instance.pk:
        field.disabled = True
        return
    own = Organisation.objects.filter(pk__in=organisations)
    if region is not None:
        own = own.filter(region=region.canonical)
    field.queryset = own
    field.required = True
    field.empty_label = None
    default = default_organisation(user, region)
    if default is not None:
        form.initial["organisation"] = default.pk
        field.disabled = True


def lock_page_organisation(form) -> None:
    """``lock_organisation_field`` for the page editor's form (a new page lies below ``form.parent_page``)."""
    user = getattr(form, "for_user", None)
    if user is None or user.is_superuser or not _scope(user)[0]:
        return  # not a partner: nothing to look up
    page = form.instance if form.instance.pk else getattr(form, "parent_page", None)
    lock_organisation_field(form, region_of_page(page) if page is not None else None)
