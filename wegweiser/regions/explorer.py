"""The pages a person may explore in the admin, found through the tree's index at any number of regions.

Wagtail finds them with ``path LIKE 'prefix%'`` for every page a person has rights on. Neither SQLite (whose
LIKE ignores case) nor PostgreSQL (unless the column sorts bytewise) can use the index of ``path`` for that, so
each page listing of a region's editor read the whole page table: 0.4 s at 10 regions, growing with every region.
The same pages, asked for as ranges of paths, are a few index lookups whatever the number of regions.
"""

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

#: Rights that let a person into a part of the tree (Wagtail's own list for the page explorer).
EXPLORING_ACTIONS = {"add", "change", "publish", "bulk_delete", "lock", "unlock"}
#: Larger than every character of a tree path (digits and capitals), in every collation.
_AFTER_EVERY_STEP = "Z"


def below(page: Page) -> Q:
    """The page and its descendants: the paths from the page's own to the last one starting with it."""
    last = page.path + _AFTER_EVERY_STEP * (Page._meta.get_field("path").max_length - len(page.path))
    return Q(path__range=(page.path, last))


class RegionPagePermissionPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        everything = self._base_queryset_for_user(user)  # none for inactive people, all for superusers
        if everything is not None:
            return everything
        permissions = self.get_cached_permissions_for_user(user)
        if not permissions:
            return self.model._default_manager.none()
        codenames = self._get_permission_codenames(EXPLORING_ACTIONS)
        pages = {permission.page.path: permission.page for permission in permissions}
        granting = {p.page.path: p.page for p in permissions if p.permission.codename in codenames}
        # Each part of the tree once (a region's roles give many rights on the same pages), none inside another.
        tops = [page for path, page in granting.items() if not any(path.startswith(o) for o in granting if o != path)]
        found = Q(pk__in=[])
        for page in tops:
            found |= below(page)
        # To reach a page deep down, one passes its ancestors; those above what all the pages share are left out.
        common = Page.objects.first_common_ancestor_of(list(pages.values()))
        steps = range(len(common.path), max(len(path) for path in pages) + 1, common.steplen)
        passed = {path[:end] for path in pages for end in steps if end <= len(path)}
        return self.model._default_manager.filter(found | Q(path__in=sorted(passed)))
