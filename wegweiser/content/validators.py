"""Checks for the contact details that newcomers call, write to and visit: phone numbers, and points on the map.

Phone numbers are read with the ``phonenumbers`` package; a number without a country code is a German
one. A valid number is kept as the editor wrote it (their grouping reads better than any library's) and
dialled through ``phone_link``.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Numbers written without +<country code> are numbers in this country.
DEFAULT_PHONE_REGION = "DE"


def parse_phone(value: str) -> phonenumbers.PhoneNumber | None:
    """The number, or None when it is not a valid phone number."""
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def validate_phone_number(value: str) -> None:
    if value and parse_phone(value) is None:
        raise ValidationError(
            _("“%(value)s” is not a valid phone number. Write it with the area code: 0711 123456 or +49 711 123456."),
            params={"value": value},
            code="invalid_phone",
        )


def phone_link(value: str) -> str:
    """A ``tel:`` URL that works from abroad and from any phone (E.164), or "" for no or no valid number."""
    number = parse_phone(value) if value else None
    if number is None:
        return ""
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def outside_bounding_box(region, latitude: float | None, longitude: float | None) -> bool:
    """Whether a point lies outside the region's bounding box (False when either is unknown)."""
    box = (region.min_latitude, region.min_longitude, region.max_latitude, region.max_longitude)
    if latitude is None or longitude is None or None in box:
        return False
    south, west, north, east = box
    return not (south <= latitude <= north and west <= longitude <= east)
