from django.utils.translation import gettext_lazy as _

from wegweiser.content.forms import RegionContentForm
from wegweiser.content.validators import validate_phone_number
from wegweiser.regions.tenancy import region_of_page


class PlacePageForm(RegionContentForm):
    """The editor's form of a place: knows its region, for the map and for the timezone of the opening hours.

    The phone number is checked here rather than on the model, so that places imported from Integreat with
    a number nobody can dial still arrive; the editor is asked to fix it the next time the place is saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.pk else getattr(self, "parent_page", None)
        self.region = region_of_page(page) if page is not None else None
        if self.region is not None:
            for name in ("opening_hours", "opening_exceptions"):
                if name in self.fields:
                    self.fields[name].widget.timezone = self.region.timezone

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        validate_phone_number(phone)
        return phone

    def clean(self):
        cleaned_data = super().clean()
        latitude, longitude = cleaned_data.get("latitude"), cleaned_data.get("longitude")
        if (latitude is None) != (longitude is None) and not {"latitude", "longitude"} & set(self.errors):
            self.add_error(
                "longitude" if longitude is None else "latitude", _("Give both latitude and longitude, or neither.")
            )
        return cleaned_data
