"""Finding a place's coordinates from its address with a Nominatim-compatible geocoder (optional).

Configured by ``GEOCODER_URL`` (e.g. https://nominatim.openstreetmap.org, or an installation's own
Nominatim); without it, editors set the point on the map. The request goes out from the server, never from
the editor's browser, with a User-Agent naming this installation (Nominatim's usage policy asks for it).
"""

import json
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils.translation import gettext as _


class GeocodingError(Exception):
    """The geocoder failed: not configured, not reachable, too slow, or an answer that cannot be read."""


class NothingFound(GeocodingError):
    """The geocoder knows no place at this address."""


@dataclass(frozen=True)
class Found:
    latitude: float
    longitude: float
    label: str


def user_agent() -> str:
    return settings.GEOCODER_USER_AGENT or f"Wegweiser ({settings.WAGTAILADMIN_BASE_URL})"


def geocode(query: str, viewbox: tuple[float, float, float, float] | None = None) -> Found:
    """The best match for an address; ``viewbox`` (west, north, east, south) prefers points in the region.

    Raises GeocodingError with a message for the editor when nothing is found or the geocoder fails.
    """
    if not settings.GEOCODER_URL:
        raise GeocodingError(_("No geocoder is configured."))
    parameters = {"format": "jsonv2", "q": query, "limit": "1"}
    if viewbox is not None:
        parameters["viewbox"] = ",".join(f"{value:g}" for value in viewbox)
    url = f"{settings.GEOCODER_URL.rstrip('/')}/search?{urlencode(parameters)}"
    request = Request(url, headers={"User-Agent": user_agent(), "Accept": "application/json"})  # noqa: S310
    try:
        with urlopen(request, timeout=settings.GEOCODER_TIMEOUT) as response:  # noqa: S310 (a configured URL)
            results = json.loads(response.read())
    except HTTPError as error:
        raise GeocodingError(
            _("The geocoder answered with an error (HTTP %(status)s).") % {"status": error.code}
        ) from None
    except TimeoutError:
        raise GeocodingError(_("The geocoder did not answer in time.")) from None
    except URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise GeocodingError(_("The geocoder did not answer in time.")) from None
        raise GeocodingError(_("The geocoder cannot be reached.")) from None
    except (ValueError, OSError):
        raise GeocodingError(_("The geocoder's answer could not be read.")) from None
    try:
        first = results[0]
        return Found(float(first["lat"]), float(first["lon"]), str(first.get("display_name", "")))
    except IndexError:
        raise NothingFound(_("No place was found for this address.")) from None
    except (KeyError, TypeError, ValueError):
        raise GeocodingError(_("The geocoder's answer could not be read.")) from None
