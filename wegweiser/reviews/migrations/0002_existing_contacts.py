"""Contacts that exist when review cycles arrive start their cycle on that day (they have no creation date)."""

from django.db import migrations
from django.utils import timezone


def track_existing_contacts(apps, schema_editor):
    Contact = apps.get_model("contacts", "Contact")
    RegionPage = apps.get_model("regions", "RegionPage")
    ReviewState = apps.get_model("reviews", "ReviewState")
    today = timezone.localdate()
    canonical = {}
    for contact in Contact.objects.order_by("pk").values("translation_key", "region_id"):
        region_id = contact["region_id"]
        if region_id not in canonical:
            region = RegionPage.objects.get(pk=region_id)
            canonical[region_id] = (
                RegionPage.objects.filter(translation_key=region.translation_key, locale__language_code="de")
                .values_list("pk", flat=True)
                .first()
                or region_id
            )
        ReviewState.objects.get_or_create(
            region_id=canonical[region_id],
            kind="contact",
            translation_key=contact["translation_key"],
            defaults={"tracked_since": today},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("contacts", "0001_initial"),
    ]

    operations = [migrations.RunPython(track_existing_contacts, migrations.RunPython.noop)]
