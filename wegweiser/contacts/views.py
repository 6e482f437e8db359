"""Contacts in the admin: listed, chosen and edited only within the regions the user works in."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from wegweiser.organisations.models import Organisation
from wegweiser.organisations.views import OrganisationForm, own_region_only
from wegweiser.places.widgets import OpeningHoursWidget
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import regions_of_user

from .models import Contact


def contacts_of_user(user):
    return Contact.objects.filter(region__in=regions_of_user(user))


class ContactForm(OrganisationForm):
    """The user's own regions and their organisations only; a user of one region gets it preset.
    Opening hours are times in the region's timezone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "organisation" in self.fields:
            own = Organisation.objects.filter(region__in=regions_of_user(self.for_user))
            self.fields["organisation"].queryset = own
        region = self.instance.region if self.instance.region_id else self.fields["region"].initial
        if region is not None and not self.instance.pk:
            self.initial["region"] = region.pk  # the form's initial data (from the empty contact) would win
        if region is not None and "opening_hours" in self.fields:
            self.fields["opening_hours"].widget.timezone = region.timezone


def _users_regions(request):
    return regions_of_user(request.user) if request is not None else RegionPage.objects.none()


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
    edit_view_class = own_region_only(snippet_views.EditView)
    copy_view_class = own_region_only(snippet_views.CopyView)
    delete_view_class = own_region_only(snippet_views.DeleteView)
    usage_view_class = own_region_only(snippet_views.UsageView)
    history_view_class = own_region_only(snippet_views.HistoryView)
    inspect_view_class = own_region_only(snippet_views.InspectView)
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
