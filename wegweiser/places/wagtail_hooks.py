"""Places in the admin: the CSV import, the geocoder endpoint, and a warning for points outside the region."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from wegweiser.content.validators import outside_bounding_box
from wegweiser.regions.tenancy import region_of_page, regions_of_user

from . import views
from .models import PlaceIndexPage, PlacePage


@hooks.register("register_admin_urls")
def register_places_urls():
    return [path("places/", include(views.urlpatterns))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return regions_of_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def places_import_menu_item():
    return ImportMenuItem(_("Import places"), reverse("places_import"), icon_name="upload", order=270)


@hooks.register("register_page_header_buttons")
def places_import_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, PlaceIndexPage):
        region = region_of_page(page)
        if region is not None:
            yield Button(
                _("Import places from CSV"),
                f"{reverse('places_import')}?region={region.pk}",
                icon_name="upload",
                priority=70,
            )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_points_outside_the_region(request, page):
    """A point outside the region's bounding box is most likely a typo (or a swapped latitude and longitude);
    it is saved all the same, as places just outside a district's box exist."""
    if not isinstance(page, PlacePage):
        return
    region = region_of_page(page)
    if region is not None and outside_bounding_box(region, page.latitude, page.longitude):
        messages.warning(
            request,
            _("The coordinates of “%(title)s” lie outside the area of %(region)s. Please check them on the map.")
            % {"title": page.title, "region": region.full_name},
        )
