from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

#: Routes of the web app below ``/<region>/<lang>/``; a topic page directly below the region can't take them.
RESERVED_SLUGS = frozenset({"events", "locations", "news", "search", "imprint", "not-translated"})


class TopicPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        parent = getattr(self, "parent_page", None)
        if parent is not None and cleaned_data.get("slug") in RESERVED_SLUGS:
            from wegweiser.regions.models import RegionPage

            if isinstance(parent.specific, RegionPage):
                message = _("“%(slug)s” is the address of a list in the web app; please choose another slug.")
                self.add_error("slug", message % {"slug": cleaned_data["slug"]})
        return cleaned_data
