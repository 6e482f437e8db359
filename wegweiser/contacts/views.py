"""Contacts in the admin: listed, chosen and edited only within the regions the user works in.

People of a partner organisation see their region's contacts and open their organisation's; what they
save there is not published but becomes a suggestion that an editor accepts or rejects.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from wegweiser.organisations.models import Organisation
from wegweiser.organisations.partners import is_own_item, is_partner_for_item, lock_organisation_field
from wegweiser.organisations.views import OrganisationForm, RegionScopedPermissionPolicy, own_region_only
from wegweiser.places.widgets import OpeningHoursWidget
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import regions_of_user

from .models import Contact


def contacts_of_user(user):
    return Contact.objects.filter(region__in=regions_of_user(user, include_partners=True))


class ContactPermissionPolicy(RegionScopedPermissionPolicy):
    """Contacts of the user's regions; a partner may view them all but change only their organisation's."""

    include_partners = True

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if not is_partner_for_item(user, instance):
            return True
        return action == "view" or (action == "change" and is_own_item(user, instance))

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)


def partner_suggestion_fields(contact: Contact) -> tuple[str, ...]:
    """The fields a partner changes on a contact: those a suggestion can carry."""
    from wegweiser.corrections.items import editable_fields

    return editable_fields(contact)


class ContactForm(OrganisationForm):
    """The user's own regions and their organisations only; a user of one region gets it preset.
    Opening hours are times in the region's timezone. A partner changes only what a suggestion carries."""

    include_partners = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            own = Organisation.objects.filter(region__in=regions_of_user(self.for_user, include_partners=True))
            self.fields["organisation"].queryset = own
        if self.for_user is not None and self.instance.pk and is_partner_for_item(self.for_user, self.instance):
            suggestible = partner_suggestion_fields(self.instance)
            for name, field in self.fields.items():
                field.disabled = field.disabled or name not in suggestible
        elif self.for_user is not None and self.instance.region_id:
            lock_organisation_field(self, self.instance.region)
        region = self.instance.region if self.instance.region_id else self.fields["region"].initial
        if region is not None and not self.instance.pk:
            self.initial["region"] = region.pk  # the form's initial data (from the empty contact) would win
        if region is not None and "opening_hours" in self.fields:
            self.fields["opening_hours"].widget.timezone = region.timezone


def _users_regions(request):
    return regions_of_user(request.user, include_partners=True) if request is not None else RegionPage.objects.none()


class ContactFilterSet(WagtailFilterSet):
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=_users_regions)

    class Meta:
        model = Contact
        fields = ["region", "kind"]


class OwnContactsChooseMixin:
    def get_object_list(self):
        return contacts_of_user(self.request.user)  # type: ignore[attr-defined]


class ContactChooseView(OwnContactsChooseMixin, chooser_views.ChooseView):
    pass


class ContactChooseResultsView(OwnContactsChooseMixin, chooser_views.ChooseResultsView):
    pass


class ContactChosenView(chooser_views.SnippetChosenView):
    def get_object(self, pk):
        return contacts_of_user(self.request.user).get(pk=pk)


class ContactChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ContactChooseView
    choose_results_view_class = ContactChooseResultsView
    chosen_view_class = ContactChosenView


class ContactEditView(own_region_only(snippet_views.EditView, include_partners=True)):  # type: ignore[misc]
    """Editors save a contact; a partner's changes to their organisation's contact await an editor's approval."""

    def get_object(self, *args, **kwargs):
        contact = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", contact):
            raise PermissionDenied
        return contact

    def form_valid(self, form):
        if not is_partner_for_item(self.request.user, self.object):
            return super().form_valid(form)
        from wegweiser.corrections.service import record_suggestion

        contact = Contact.objects.get(pk=self.object.pk)  # the form changed self.object in memory only
        changes = {
            name: "" if form.cleaned_data[name] is None else str(form.cleaned_data[name])
            for name in form.changed_data
            if name in partner_suggestion_fields(contact)
        }
        if not changes:
            messages.info(self.request, gettext("Nothing was changed."))
            return redirect(self.get_edit_url())
        record_suggestion(
            contact, changes, source="partner", user=self.request.user, language=contact.locale.language_code
        )
        messages.success(
            self.request,
            gettext("Thank you! Your changes to “%(contact)s” await approval by the region's editors.")
            % {"contact": contact},
        )
        return redirect(self.get_success_url())


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["name", "kind", "region", "phone", "email"]
    filterset_class = ContactFilterSet
    search_fields = ["name", "area"]
    search_backend_name = None  # the database's own search: finds parts of words, in every language
    chooser_viewset_class = ContactChooserViewSet
    edit_view_class = ContactEditView
    copy_view_class = own_region_only(snippet_views.CopyView, include_partners=True)
    delete_view_class = own_region_only(snippet_views.DeleteView, include_partners=True)
    usage_view_class = own_region_only(snippet_views.UsageView, include_partners=True)
    history_view_class = own_region_only(snippet_views.HistoryView, include_partners=True)
    inspect_view_class = own_region_only(snippet_views.InspectView, include_partners=True)
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("region", widget=forms.Select), FieldPanel("kind")]),
            FieldPanel("name"),
            FieldPanel("area"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("phone"), FieldPanel("mobile")]),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
                    FieldPanel("appointment_url"),
                ],
                heading=_("How to reach"),
            ),
            FieldPanel("opening_hours", widget=OpeningHoursWidget),
            FieldRowPanel([FieldPanel("place"), FieldPanel("organisation")]),
        ],
        base_form_class=ContactForm,
    )

    def get_queryset(self, request):
        return contacts_of_user(request.user).select_related("region", "locale")
