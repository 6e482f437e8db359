from django.utils.translation import gettext_lazy as _

from wegweiser.content.forms import RegionContentForm
from wegweiser.regions.tenancy import region_of_page

from .sharing import receiving_regions


class NewsPageForm(RegionContentForm):
    """A news item goes to other regions only where those show the item's region's news: a town chooses to show
    its district's news ("also show news of"), the district then picks per item which of those towns get it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("also_in_regions")
        if field is None:
            return
        page = self.instance if self.instance.pk else self.parent_page
        region = region_of_page(page) if page is not None else None
        field.queryset = receiving_regions(region)
        field.error_messages["invalid_choice"] = _("Only regions that show this region's news can be chosen.")
        if not field.queryset.exists():
            field.help_text = _(
                "No other region shows this region's news yet; a region chooses that in its settings "
                "(“also show news of”)."
            )
