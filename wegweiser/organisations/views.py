"""Organisations in the admin, limited to the regions the user works in."""

from django import forms
from django.http import Http404, HttpRequest
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from wegweiser.regions.tenancy import regions_of_user

from .models import Organisation


class RegionScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, further limited to objects of the user's own regions."""

    def _in_users_regions(self, user, instance) -> bool:
        return regions_of_user(user).filter(pk=instance.region_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_users_regions(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_users_regions(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(region__in=regions_of_user(user))

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class OrganisationForm(WagtailAdminModelForm):
    """Offers only the user's own regions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            regions = regions_of_user(self.for_user)
            self.fields["region"].queryset = regions
            if regions.count() == 1 and not self.instance.pk:
                self.fields["region"].initial = regions.first()


class OwnRegionOnly:
    """For views of one object: another region's object does not exist for this user."""

    request: HttpRequest

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if not regions_of_user(self.request.user).filter(pk=obj.region_id).exists():
            raise Http404
        return obj


def own_region_only(view_class):
    return type(view_class.__name__, (OwnRegionOnly, view_class), {})


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "region", "website"]
    list_filter = ["region"]
    search_fields = ["name"]
    edit_view_class = own_region_only(snippet_views.EditView)
    copy_view_class = own_region_only(snippet_views.CopyView)
    delete_view_class = own_region_only(snippet_views.DeleteView)
    usage_view_class = own_region_only(snippet_views.UsageView)
    history_view_class = own_region_only(snippet_views.HistoryView)
    inspect_view_class = own_region_only(snippet_views.InspectView)
    edit_handler = ObjectList(
        [
            FieldPanel("region", widget=forms.Select),
            FieldPanel("name"),
            FieldPanel("logo"),
            FieldPanel("website"),
        ],
        base_form_class=OrganisationForm,
    )

    def get_queryset(self, request):
        return Organisation.objects.filter(region__in=regions_of_user(request.user)).select_related("region")
