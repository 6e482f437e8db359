"""Organisations in the admin, limited to the regions the user works in."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from wegweiser.regions.models import RegionPage, RegionRole
from wegweiser.regions.tenancy import regions_of_user

from .models import Organisation
from .partners import add_member_by_email, members, set_members


class RegionScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, further limited to objects of the user's own regions."""

    #: Whether partner organisations' people count as working in their organisations' regions.
    include_partners = False

    def _in_users_regions(self, user, instance) -> bool:
        return regions_of_user(user, include_partners=self.include_partners).filter(pk=instance.region_id).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and self._in_users_regions(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self._in_users_regions(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(
            region__in=regions_of_user(user, include_partners=self.include_partners)
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class OrganisationForm(WagtailAdminModelForm):
    """Offers only the user's own regions."""

    include_partners = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None:
            regions = regions_of_user(self.for_user, include_partners=self.include_partners)
            self.fields["region"].queryset = regions
            if regions.count() == 1 and not self.instance.pk:
                self.fields["region"].initial = regions.first()


def may_choose_members(user, region: RegionPage | None) -> bool:
    """The people of an organisation are chosen by the region's managers (and the operator)."""
    if user.is_superuser:
        return True
    managing = RegionRole.objects.filter(role=RegionRole.Role.MANAGER, group__user=user)
    if region is not None:
        managing = managing.filter(region=region)
    return managing.exists()


def people_of_regions(regions):
    """Everyone who works in these regions: their roles' groups and their organisations' groups."""
    return get_user_model().objects.filter(
        Q(groups__region_role__region__in=regions) | Q(groups__organisation__region__in=regions)
    )


class OrganisationMembersForm(OrganisationForm):
    """The organisation's details, and for the region's managers the people who edit its items."""

    members = forms.ModelMultipleChoiceField(
        label=_("People of the organisation"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "They may change the organisation's pages, places and contacts; an editor approves "
            "every change before newcomers see it."
        ),
    )
    new_member_email = forms.EmailField(
        label=_("Add a person by e-mail"),
        required=False,
        help_text=_(
            "Someone without an account gets one with this address as user name and an e-mail "
            "with a link to set their password."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        region = self.instance.region if self.instance.region_id else None
        if self.for_user is None or not may_choose_members(self.for_user, region):
            del self.fields["members"]
            del self.fields["new_member_email"]
            return
        regions = [region] if region is not None else regions_of_user(self.for_user)
        current = members(self.instance) if self.instance.pk else get_user_model().objects.none()
        people = people_of_regions(regions).filter(is_active=True) | current
        self.fields["members"].queryset = people.distinct().order_by("username")
        self.initial["members"] = list(current)

    def clean_new_member_email(self):
        email = self.cleaned_data["new_member_email"].strip()
        User = get_user_model()
        taken = User.objects.filter(username__iexact=email).exclude(email__iexact=email)
        if email and not User.objects.filter(email__iexact=email).exists() and taken.exists():
            raise forms.ValidationError(
                _("An account named “%(email)s” exists already with another e-mail address.") % {"email": email}
            )
        return email

    def clean(self):
        cleaned_data = super().clean()
        region = cleaned_data.get("region")
        if "members" in self.fields and region is not None and not may_choose_members(self.for_user, region):
            self.add_error("members", _("Only the region's managers choose the people of an organisation."))
        return cleaned_data

    def save(self, commit=True):
        organisation = super().save(commit=commit)
        #: New accounts made for "Add a person by e-mail"; the view sends them a link to set a password.
        self.new_accounts = []
        if commit and "members" in self.fields:
            set_members(organisation, self.cleaned_data["members"])
            if self.cleaned_data.get("new_member_email"):
                user, created = add_member_by_email(organisation, self.cleaned_data["new_member_email"])
                if created:
                    self.new_accounts.append(user)
        return organisation


def send_password_link(request: HttpRequest, user) -> None:
    """Wagtail's "set a new password" e-mail, so that a newly invited person can log in."""
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="wagtailadmin/account/password_reset/email_subject.txt",
            email_template_name="wagtailadmin/account/password_reset/email.txt",
        )


class InvitesNewPeople:
    """After saving an organisation, the people who got a new account receive a link to set their password."""

    request: HttpRequest

    def save_instance(self):
        organisation = super().save_instance()  # type: ignore[misc]
        for user in getattr(self.form, "new_accounts", []):  # type: ignore[attr-defined]
            send_password_link(self.request, user)
        return organisation


class OwnRegionOnly:
    """For views of one object: another region's object does not exist for this user."""

    request: HttpRequest
    include_partners = False

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)  # type: ignore[misc]
        regions = regions_of_user(self.request.user, include_partners=self.include_partners)
        if not regions.filter(pk=obj.region_id).exists():
            raise Http404
        return obj


def own_region_only(view_class, *, include_partners: bool = False):
    return type(view_class.__name__, (OwnRegionOnly, view_class), {"include_partners": include_partners})


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "region", "website"]
    list_filter = ["region"]
    search_fields = ["name"]
    add_view_class = type("CreateView", (InvitesNewPeople, snippet_views.CreateView), {})
    edit_view_class = own_region_only(type("EditView", (InvitesNewPeople, snippet_views.EditView), {}))
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
            FieldPanel("email"),
            FieldPanel("members"),
            FieldPanel("new_member_email"),
        ],
        base_form_class=OrganisationMembersForm,
    )

    def get_queryset(self, request):
        return Organisation.objects.filter(region__in=regions_of_user(request.user)).select_related("region")
