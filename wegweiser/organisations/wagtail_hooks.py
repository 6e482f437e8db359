from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import Organisation
from .views import OrganisationViewSet, RegionScopedPermissionPolicy

register_permission_policy(Organisation, RegionScopedPermissionPolicy(Organisation))
register_snippet(OrganisationViewSet)
