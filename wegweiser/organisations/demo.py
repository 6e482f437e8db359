"""Demo partner accounts: one person of the Jobcenter in each demo region, who keeps its pages current."""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model

from .models import Organisation
from .partners import setup_organisation

#: Demo region → the organisation its partner account works for.
DEMO_PARTNERS = {"musterstadt": "Jobcenter Musterstadt", "musterland": "Jobcenter Landkreis Musterland"}


def ensure_demo_partners(password: str) -> list[tuple[str, str]]:
    """``<region>-partner`` for every loaded demo region; returns (username, what they do) like the other accounts."""
    User = get_user_model()
    accounts = []
    for slug, name in DEMO_PARTNERS.items():
        organisation = Organisation.objects.filter(region__slug=slug, name=name).select_related("region").first()
        if organisation is None:
            continue
        if not organisation.email and organisation.website:
            organisation.email = f"kontakt@{urlsplit(organisation.website).hostname}"
            organisation.save()
        username = f"{slug}-partner"
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@wegweiser.example", "first_name": "Partner"}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(setup_organisation(organisation))
        accounts.append((username, f"Partner – {organisation.name}, {organisation.region.full_name}"))
    return accounts
