"""Region-scoped rights: every region gets its own groups, media collection and review workflow.

People get rights in a region by joining one of its groups; the groups hold page permissions on
every locale copy of the region's tree, so nobody sees or changes another region's content.
Event managers hold them on the region's lists of events only. People of a partner organisation join
the organisation's group instead (``organisations.partners``). Operators are Django superusers: they
run the installation and are the only ones who see every region and Wagtail's own users and groups.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .languages import DEFAULT_LANGUAGE
from .models import RegionPage, RegionRole

Role = RegionRole.Role

ALL_PAGE_PERMISSIONS = ["add", "change", "publish", "lock", "unlock", "bulk_delete"]

#: Page permissions of each role on the region's tree, in all languages.
PAGE_PERMISSIONS: dict[str, list[str]] = {
    "manager": ALL_PAGE_PERMISSIONS,
    "editor": ["add", "change", "publish", "lock", "unlock"],
    "author": ["add", "change"],
    "event_manager": [],
    "translator": [],
    "observer": [],
}
#: Page permissions of each role on the region's lists of events (every language), and so on all its events.
EVENT_PAGE_PERMISSIONS: dict[str, list[str]] = {"event_manager": ["add", "change", "publish", "lock", "unlock"]}
#: Translators work on the translated trees only, never on the language the region writes in.
TRANSLATION_PAGE_PERMISSIONS: dict[str, list[str]] = {"translator": ["add", "change"]}

MEDIA_PERMISSIONS: dict[str, list[str]] = {
    "manager": ["add", "change", "delete", "choose"],
    "editor": ["add", "change", "choose"],
    "author": ["add", "change", "choose"],
    "event_manager": ["add", "choose"],
    "translator": ["choose"],
    "observer": [],
}

#: Model permissions (app_label.codename) every member of the role gets.
MODEL_PERMISSIONS: dict[str, list[str]] = {
    "manager": [
        "organisations.add_organisation",
        "organisations.change_organisation",
        "organisations.delete_organisation",
        "contacts.add_contact",
        "contacts.change_contact",
        "contacts.delete_contact",
        "wagtail_localize.submit_translation",
    ],
    "editor": [
        "organisations.add_organisation",
        "organisations.change_organisation",
        "contacts.add_contact",
        "contacts.change_contact",
        "contacts.delete_contact",
        "wagtail_localize.submit_translation",
    ],
    "author": ["organisations.view_organisation", "contacts.view_contact"],
    # Events in every language: translating an event is submitting it for translation.
    "event_manager": ["wagtail_localize.submit_translation"],
    # wagtail-localize's editor for translating a snippet needs the right to change it.
    "translator": [
        "organisations.view_organisation",
        "contacts.view_contact",
        "contacts.change_contact",
        "wagtail_localize.submit_translation",
    ],
    "observer": ["organisations.view_organisation", "contacts.view_contact"],
}


def region_copies(region: RegionPage) -> QuerySet[RegionPage]:
    """The region's root page in every locale."""
    return RegionPage.objects.filter(translation_key=region.translation_key)


@transaction.atomic
def setup_region(region: RegionPage) -> dict[str, Group]:
    """Create (or complete) the region's groups, collection, permissions and workflow. Idempotent.

    The rights are written together (what exists already is left as it is): a few queries a region, so that
    ``migrate`` sets up a hundred regions in seconds."""
    region = region.canonical
    collection = _region_collection(region)
    groups = {role: _role_group(region, role) for role in PAGE_PERMISSIONS}  # every role
    root_language = _root_language(region)
    copies = list(region_copies(region).select_related("locale"))
    event_lists = _event_lists(copies)
    permission = permissions_by_name()
    page_rights, collection_rights = [], []
    for role, group in groups.items():
        dotted = ["wagtailadmin.access_admin", *MODEL_PERMISSIONS[role]]
        group.permissions.add(*(permission[name] for name in dotted))
        for copy in copies:
            codenames = list(PAGE_PERMISSIONS[role])
            if copy.locale.language_code != root_language:
                codenames += TRANSLATION_PAGE_PERMISSIONS.get(role, [])
            page_rights += page_rights_of(group, copy, codenames, permission)
            for events in event_lists[copy.path]:
                page_rights += page_rights_of(group, events, EVENT_PAGE_PERMISSIONS.get(role, []), permission)
        collection_rights += collection_rights_of(group, collection.pk, MEDIA_PERMISSIONS[role], permission)
    GroupPagePermission.objects.bulk_create(page_rights, ignore_conflicts=True)
    GroupCollectionPermission.objects.bulk_create(collection_rights, ignore_conflicts=True)
    _setup_review_workflow(region, [groups["manager"], groups["editor"]], copies)
    from wegweiser.organisations.partners import setup_organisation

    for organisation in region.organisations.all():
        setup_organisation(organisation, permission)  # their rights reach the region's new language copies too
    return groups


def permissions_by_name() -> dict[str, Permission]:
    """Every permission by ``app_label.codename``."""
    found = Permission.objects.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in found}


def page_rights_of(
    group: Group, page: Page, codenames: list[str], permission: dict[str, Permission]
) -> list[GroupPagePermission]:
    """The group's rights on the page (and below it), e.g. ``["add", "change"]``, to be written together."""
    return [
        GroupPagePermission(group=group, page=page, permission=permission[f"wagtailcore.{codename}_page"])
        for codename in codenames
    ]


def collection_rights_of(
    group: Group, collection_id: int, codenames: list[str], permission: dict[str, Permission]
) -> list[GroupCollectionPermission]:
    """The group's rights on the images and documents of the collection, e.g. ``["add", "choose"]``."""
    return [
        GroupCollectionPermission(
            group=group, collection_id=collection_id, permission=permission[f"{app_label}.{codename}_{model}"]
        )
        for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
        for codename in codenames
    ]


def _event_lists(copies: list[RegionPage]) -> dict[str, list[Page]]:
    """The event lists right below each copy, by the copy's path (found by a path range, which uses the index)."""
    from wegweiser.events.models import EventIndexPage

    from .explorer import below

    found: dict[str, list[Page]] = {}
    for copy in copies:  # one query each: SQLite does not use the index for ranges joined by OR
        found[copy.path] = list(EventIndexPage.objects.filter(below(copy), depth=copy.depth + 1))
    return found


def setup_all_regions(**kwargs) -> None:
    """``setup_region`` for every region: after ``migrate``, so that existing regions get new roles and rights.

    Connected to ``post_migrate``; runs once, after the last app's permissions exist."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if kwargs.get("sender") is not None and kwargs["sender"] is not with_models[-1]:
        return  # ``migrate`` sends the signal once per app that has models, the last one last
    for region in RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE):
        setup_region(region)


def _root_language(region: RegionPage) -> str:
    from .language_tree import LanguageTreeError

    try:
        return region.language_tree().root
    except LanguageTreeError:
        return region.locale.language_code


def _region_collection(region: RegionPage) -> Collection:
    if region.collection_id:
        return region.collection
    collection = Collection.get_first_root_node().add_child(name=region.full_name or region.title)
    RegionPage.objects.filter(translation_key=region.translation_key).update(collection=collection)
    region.collection = collection
    return collection


def _role_group(region: RegionPage, role: str) -> Group:
    existing = RegionRole.objects.filter(region=region, role=role).select_related("group").first()
    if existing:
        return existing.group
    group = Group.objects.create(name=f"{region.slug}: {Role(role).label}")
    RegionRole.objects.create(region=region, role=role, group=group)
    return group


def _setup_review_workflow(region: RegionPage, reviewers: list[Group], copies: list[RegionPage]) -> None:
    """Changes by authors go to the region's editors and managers for review, never to other regions."""
    name = f"{region.slug}: review"
    workflow, _ = Workflow.objects.get_or_create(name=name)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name=f"{region.slug}: approval by editors")
        task.groups.set(reviewers)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for copy in copies:
        WorkflowPage.objects.update_or_create(page=copy, defaults={"workflow": workflow})


def regions_of_user(user, *, include_partners: bool = False) -> QuerySet[RegionPage]:
    """The canonical region pages in which the user has any role (all regions for superusers).

    With ``include_partners``, also the regions where the user works for a partner organisation; only
    for views that check the partner's narrower rights themselves (pages, contacts, choosers)."""
    if user.is_superuser:
        return RegionPage.objects.filter(locale__language_code=DEFAULT_LANGUAGE)
    condition = Q(roles__group__user=user)
    if include_partners:
        condition |= Q(organisations__group__user=user)
    return RegionPage.objects.filter(condition).distinct()


def pages_of_user_regions(user) -> Q:
    """A filter for pages that lie in one of the user's regions (partners' included), in any language."""
    if user.is_superuser:
        return Q()
    keys = regions_of_user(user, include_partners=True).values_list("translation_key", flat=True)
    paths = RegionPage.objects.filter(translation_key__in=list(keys)).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def region_of_page(page: Page) -> RegionPage | None:
    """The canonical region a page belongs to, or None for pages outside any region."""
    if isinstance(page.specific_deferred, RegionPage):
        return page.specific_deferred.canonical
    region = page.get_ancestors().type(RegionPage).first()
    return region.specific.canonical if region else None


def chosen_region(request) -> tuple[list[RegionPage], RegionPage | None]:
    """The user's regions, and the one an admin view is about: ``?region=<id>``, or the only one the user has.

    Asking for a region the user does not work in is a 404, as if it did not exist."""
    regions = list(regions_of_user(request.user).order_by("title"))
    wanted = request.GET.get("region") or request.POST.get("region")
    if not wanted:
        return regions, regions[0] if len(regions) == 1 else None
    region = next((region for region in regions if str(region.pk) == wanted), None)
    if region is None:
        raise Http404(_("You do not work in this region."))
    return regions, region
