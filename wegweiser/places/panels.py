"""The map picker: latitude and longitude of a place, set by clicking a map or dragging its marker."""

import json

from django.conf import settings
from django.forms import Media
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.panels import FieldRowPanel


def picker_settings(region) -> dict:
    """What ``places/map-picker.js`` needs: Leaflet's images, tiles, the region's area, the geocoder endpoint."""
    box = None
    centre = None
    if region is not None:
        corners = (region.min_latitude, region.min_longitude, region.max_latitude, region.max_longitude)
        if None not in corners:
            box = [[corners[0], corners[1]], [corners[2], corners[3]]]
        if region.latitude is not None and region.longitude is not None:
            centre = [region.latitude, region.longitude]
    return {
        "leaflet_images": static("vendor/leaflet/images/"),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "bounds": box,
        "centre": centre,
        "geocode_url": reverse("places_geocode") if settings.GEOCODER_URL else "",
        "texts": {
            "marker": _("The place"),
            "searching": _("Looking up the address …"),
            "found": _("Found: %(label)s. Check the marker and move it if needed."),
            "noAddress": _("Fill in the street, postal code or town first."),
            "failed": _("The address could not be looked up."),
        },
    }


class MapPickerPanel(FieldRowPanel):
    """Latitude and longitude in a row, with a map below: click or drag to set them, type to move the marker.

    The region's bounding box is drawn; a point outside it gets a warning (saving still works). Without
    ``MAP_TILE_URL`` the map has no background but still sets the fields. With ``GEOCODER_URL``, a button
    finds the point from the address fields of the same form.
    """

    class BoundPanel(FieldRowPanel.BoundPanel):
        template_name = "places/panels/map_picker.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            picker = picker_settings(getattr(self.form, "region", None))
            context["picker"] = json.dumps(picker)
            context["geocoding"] = bool(picker["geocode_url"])
            return context

        @property
        def media(self):
            return super().media + Media(
                js=["vendor/leaflet/leaflet.js", "places/map-picker.js"],
                css={"all": ["vendor/leaflet/leaflet.css", "places/admin.css"]},
            )
