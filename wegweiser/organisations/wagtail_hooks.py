from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import Organisation
from .partners import deny_partner
from .views import OrganisationViewSet, RegionScopedPermissionPolicy

register_permission_policy(Organisation, RegionScopedPermissionPolicy(Organisation))
register_snippet(OrganisationViewSet)


# Pages of a region test a partner's rights themselves (``RegionContent.permissions_for_user``); the
# region's root page does not, so these hooks keep partners from changing it or adding pages to it.


@hooks.register("before_edit_page")
def partners_edit_only_their_pages(request, page):
    if deny_partner(request, page, "edit"):
        raise PermissionDenied


@hooks.register("before_create_page")
def partners_add_only_below_their_pages(request, parent_page, page_class):
    if deny_partner(request, parent_page, "add"):
        raise PermissionDenied


@hooks.register("before_delete_page")
def partners_delete_only_their_pages(request, page):
    if deny_partner(request, page, "delete"):
        raise PermissionDenied


@hooks.register("before_move_page")
def partners_move_only_their_pages(request, page, destination):
    if deny_partner(request, page, "move"):
        raise PermissionDenied


@hooks.register("before_copy_page")
def partners_do_not_copy_pages(request, page):
    if deny_partner(request, page, "copy"):
        raise PermissionDenied


@hooks.register("before_unpublish_page")
def partners_do_not_unpublish(request, page):
    if deny_partner(request, page, "unpublish"):
        raise PermissionDenied
