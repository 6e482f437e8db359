"""What other parts of Wegweiser ask the link checker."""

from wegweiser.regions.models import RegionPage

from .models import Link

#: What counts as broken for a region's editors: web addresses that failed repeatedly, invalid numbers and addresses.
PROBLEMS = (Link.Status.BROKEN, Link.Status.INVALID)


def broken_link_count(region: RegionPage) -> int:
    """How many different links (web addresses, phone numbers, e-mail addresses) in the region's content are broken."""
    return Link.objects.filter(uses__region=region.canonical, status__in=PROBLEMS).distinct().count()
