"""Finding a region: by its name, a town inside it or a postal code (with typos), or by where one is."""

import math
from dataclasses import dataclass

from .matching import closeness, normalise

NEAREST = 3


@dataclass
class Found:
    region: dict
    #: The town or postal code that matched, when it was not the region's own name.
    via: str = ""
    distance_km: float | None = None


def search(regions: list[dict], query: str) -> list[Found]:
    """Regions whose name, towns or postal codes match, best first."""
    wanted = normalise(query)
    ranked = []
    for region in regions:
        names = [(region["name_without_prefix"], ""), (region["name"], ""), (region["path"], "")]
        names += [(town["name"], town["name"]) for town in region.get("towns", [])]
        names += [(code, code) for code in region.get("postal_codes", [])]
        best = None
        for name, via in names:
            score = closeness(wanted, normalise(name))
            if score is not None and (best is None or score < best[0]):
                best = (score, via)
        if best is not None:
            ranked.append((best[0], region["name_without_prefix"].casefold(), Found(region, via=best[1])))
    return [found for *_, found in sorted(ranked, key=lambda entry: entry[:2])]


def nearest(regions: list[dict], latitude: float, longitude: float, count: int = NEAREST) -> list[Found]:
    """The regions closest to a point, measured to the region's centre or the nearest of its towns."""
    ranked = []
    for region in regions:
        points = [(region["latitude"], region["longitude"], "")]
        points += [(town["latitude"], town["longitude"], town["name"]) for town in region.get("towns", [])]
        distances = [(kilometres(latitude, longitude, lat, lon), via) for lat, lon, via in points if lat is not None]
        if distances:
            km, via = min(distances)
            ranked.append(Found(region, via=via, distance_km=round(km, 1)))
    return sorted(ranked, key=lambda found: found.distance_km or 0)[:count]


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
