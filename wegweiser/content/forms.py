from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

#: Routes of the web app below ``/<region>/<lang>/``; a topic page directly below the region can't take them.
RESERVED_SLUGS = frozenset({"events", "locations", "news", "search", "imprint", "not-translated", "privacy"})


class RegionContentForm(WagtailAdminPageForm):
    """The editor's form for a region's pages, events, places and news.

    "Minor change" travels with the revision (see ``RegionContent.serializable_data``), so that
    whoever publishes it (the editor, a reviewer in the workflow, the scheduler) keeps translations
    up to date for a typo fix.
    """

    minor_change = forms.BooleanField(
        label=_("Minor change"),
        required=False,
        help_text=_("Only a typo or formatting: translations stay up to date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["minor_change"]  # a new page has no translations to keep
        from wegweiser.organisations.partners import lock_page_organisation

        lock_page_organisation(self)  # a partner's pages belong to their organisation

    def save(self, commit=True):
        self.instance.minor_change = self.cleaned_data.get("minor_change", False)
        return super().save(commit=commit)


class TopicPageForm(RegionContentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "shared_page" in self.fields:
            from .choosers import SharedPageChooser

            # Any topic page is accepted, so that a wrong one gets a message saying why (``clean``); the chooser
            # offers the published pages of the other regions, in the language of this page.
            locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
            self.fields["shared_page"].widget = SharedPageChooser(locale_id, self.page_region())

    def page_region(self):
        from wegweiser.regions.tenancy import region_of_page

        if self.instance.pk:
            return region_of_page(self.instance)
        parent = getattr(self, "parent_page", None)
        return region_of_page(parent) if parent is not None else None

    def clean(self):
        cleaned_data = super().clean()
        if "shared_page" in self.fields:
            from .sharing import sharing_problem

            problem = sharing_problem(self.instance, cleaned_data.get("shared_page"), self.page_region())
            if problem:
                self.add_error("shared_page", problem)
        parent = getattr(self, "parent_page", None)
        if parent is not None and cleaned_data.get("slug") in RESERVED_SLUGS:
            from wegweiser.regions.models import RegionPage

            if isinstance(parent.specific, RegionPage):
                message = _("“%(slug)s” is the address of a list in the web app; please choose another slug.")
                self.add_error("slug", message % {"slug": cleaned_data["slug"]})
        return cleaned_data
