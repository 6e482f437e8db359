"""Calendar feeds in the admin: editors and managers of a region manage its feeds and import them now.

Everything is limited to the regions where the user is a manager, editor or event manager (the roles that
publish events):
another region's feeds are not listed, and opening one by its address gives 404.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.validators import FileExtensionValidator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies.base import BasePermissionPolicy

from wegweiser.organisations.models import Organisation
from wegweiser.regions.models import RegionPage, RegionRole
from wegweiser.regions.tenancy import regions_of_user

from .importing import Report, import_feed, too_large
from .models import CalendarFeed

#: The roles that publish a region's pages or events may also manage its calendar feeds (whose import publishes
#: events).
FEED_ROLES = [RegionRole.Role.MANAGER, RegionRole.Role.EDITOR, RegionRole.Role.EVENT_MANAGER]


def feed_regions(user) -> QuerySet[RegionPage]:
    """The regions whose calendar feeds the user manages."""
    if user.is_superuser:
        return regions_of_user(user)
    return RegionPage.objects.filter(roles__group__user=user, roles__role__in=FEED_ROLES).distinct()


class CalendarFeedPermissionPolicy(BasePermissionPolicy):
    """Superusers, and managers and editors of a region for that region's feeds."""

    def user_has_permission(self, user, action):
        return user.is_active and (user.is_superuser or feed_regions(user).exists())

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(is_superuser=True) | Q(groups__region_role__role__in=FEED_ROLES))
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return user.is_active and feed_regions(user).filter(pk=instance.region_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not user.is_active:
            return CalendarFeed.objects.none()
        return CalendarFeed.objects.filter(region__in=feed_regions(user))


class FeedURLField(forms.URLField):
    """Takes ``webcal://`` addresses (as calendar sites offer them) as ``https://``."""

    def to_python(self, value):
        value = (value or "").strip()
        if value.lower().startswith("webcal://"):
            value = "https://" + value[len("webcal://") :]
        return super().to_python(value)


class CalendarFeedForm(WagtailAdminModelForm):
    """Offers only the user's regions and their organisations."""

    url = FeedURLField(label=_("address (URL)"), required=False, assume_scheme="https", max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["url"].help_text = CalendarFeed._meta.get_field("url").help_text
        if self.for_user is not None:
            regions = feed_regions(self.for_user)
            self.fields["region"].queryset = regions
            self.fields["organisation"].queryset = Organisation.objects.filter(region__in=regions)
            if regions.count() == 1 and not self.instance.pk:
                self.fields["region"].initial = regions.first()


class FeedStatusPanel(Panel):
    """How the last import went: when, what it did, the error or the events it could not take over."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/feed_status_panel.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["feed"] = self.instance
            return context


class OwnRegionsOnly:
    """For views of one feed: another region's feed does not exist for this user."""

    request: HttpRequest

    def get_object(self, *args, **kwargs):
        feed = super().get_object(*args, **kwargs)  # type: ignore[misc]
        if not feed_regions(self.request.user).filter(pk=feed.region_id).exists():
            raise Http404
        return feed


def own_regions_only(view_class):
    return type(view_class.__name__, (OwnRegionsOnly, view_class), {})


def import_message(request, feed: CalendarFeed, report: Report) -> None:
    if report.error:
        messages.error(
            request, _("“%(feed)s” could not be imported: %(error)s") % {"feed": feed, "error": report.error}
        )
    else:
        messages.success(request, _("“%(feed)s” imported: %(summary)s") % {"feed": feed, "summary": report.summary()})


class FeedIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().filter(region__in=feed_regions(self.request.user)).select_related("region")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(
            ListingButton(
                _("Import now"),
                url=reverse("calendarfeed:import", args=[instance.pk]),
                icon_name="download",
                priority=15,
            )
        )
        return buttons


class FeedCreateView(CreateView):
    def save_instance(self):
        feed = super().save_instance()
        import_message(self.request, feed, import_feed(feed))
        return feed


class FeedEditView(own_regions_only(EditView)):  # type: ignore[misc]
    def save_instance(self):
        changed = {"url", "file"} & set(self.form.changed_data)
        feed = super().save_instance()
        if changed:
            import_message(self.request, feed, import_feed(feed))
        return feed


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar file (optional)"),
        required=False,
        validators=[FileExtensionValidator(["ics"])],
        help_text=_(
            "Import this .ics file into the feed once, instead of its address. Events of the feed that are not "
            "in the file are unpublished."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )


class ImportView(WagtailAdminTemplateMixin, FormView):
    """Import a feed now, from its address or stored file, or once from an uploaded .ics file."""

    form_class = ImportForm
    template_name = "events/admin/import_feed.html"
    header_icon = "download"
    page_title = _("Import now")

    def dispatch(self, request, *args, **kwargs):
        self.feed = get_object_or_404(CalendarFeed.objects.select_related("region"), pk=kwargs["pk"])
        if not feed_regions(request.user).filter(pk=self.feed.region_id).exists():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.feed)

    @cached_property
    def breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": _("Home")},
            {"url": reverse("calendarfeed:index"), "label": CalendarFeed._meta.verbose_name_plural},
            {"url": reverse("calendarfeed:edit", args=[self.feed.pk]), "label": str(self.feed)},
            {"url": "", "label": _("Import now")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["feed"] = self.feed
        return context

    def form_valid(self, form):
        upload = form.cleaned_data.get("file")
        content = upload.read(settings.CALENDAR_IMPORT_MAX_BYTES + 1) if upload is not None else None
        if content is not None and len(content) > settings.CALENDAR_IMPORT_MAX_BYTES:
            form.add_error("file", too_large())
            return self.form_invalid(form)
        import_message(self.request, self.feed, import_feed(self.feed, content))
        return redirect("calendarfeed:edit", self.feed.pk)


class CalendarFeedViewSet(ModelViewSet):
    model = CalendarFeed
    icon = "date"
    menu_label = _("Calendar feeds")
    add_to_admin_menu = True
    menu_order = 260
    copy_view_enabled = False
    index_view_class = FeedIndexView
    add_view_class = FeedCreateView
    edit_view_class = FeedEditView
    delete_view_class = own_regions_only(DeleteView)
    history_view_class = own_regions_only(HistoryView)
    usage_view_class = own_regions_only(UsageView)
    search_fields = ["name", "url"]
    list_filter = ["active"]
    list_display = [
        "name",
        Column("region", label=_("region"), accessor="region"),
        Column("source", label=_("source"), accessor=lambda feed: feed.url or _("file")),
        BooleanColumn("active", label=_("active")),
        DateColumn("last_succeeded_at", label=_("last imported")),
        Column("status", label=_("status"), accessor=lambda feed: feed.last_error or _summary(feed)),
    ]
    edit_handler = ObjectList(
        [
            FeedStatusPanel(heading=_("Last import")),
            FieldPanel("region", widget=forms.Select),
            FieldPanel("name"),
            MultiFieldPanel([FieldPanel("url"), FieldPanel("file")], heading=_("Source")),
            FieldRowPanel([FieldPanel("category"), FieldPanel("organisation")]),
            FieldRowPanel([FieldPanel("active"), FieldPanel("interval_hours")]),
        ],
        base_form_class=CalendarFeedForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("import/<int:pk>/", ImportView.as_view(), name="import")]


def _summary(feed: CalendarFeed) -> str:
    if feed.last_succeeded_at is None:
        return str(_("not imported yet"))
    counts = feed.last_counts or {}
    text = _("%(created)s new, %(updated)s changed, %(unpublished)s unpublished") % {
        "created": counts.get("created", 0),
        "updated": counts.get("updated", 0),
        "unpublished": counts.get("unpublished", 0),
    }
    if feed.last_problems:
        text += " · " + _("%(count)s problems") % {"count": len(feed.last_problems)}
    return str(text)
