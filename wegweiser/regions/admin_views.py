from django.shortcuts import redirect
from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page
from wagtail.permissions import policy_registry

_wagtail_explorer = page_viewset_registry.as_view("index", parent_page_id_kwarg="parent_page_id")


@require_admin_access
def region_explorer(request, parent_page_id: int):
    """Wagtail's page explorer shows any page's header to anyone with admin access; this sends people home."""
    if not request.user.is_superuser:
        explorable = policy_registry.get_by_type(Page).explorable_instances(request.user)
        if not explorable.filter(pk=parent_page_id).exists():
            return redirect("wagtailadmin_explore_root")
    return _wagtail_explorer(request, parent_page_id=parent_page_id)
