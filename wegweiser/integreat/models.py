"""Where imported content came from, so that a second import updates instead of duplicating."""

from django.db import models
from wagtail.models import Page


class ImportedPage(models.Model):
    """A page (one language copy) imported from an Integreat installation, with its Integreat translation id.

    Kept beside the page rather than on it, so that translating or copying a page never copies an
    Integreat id to a page that does not have one.
    """

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="integreat_origin")
    external_id = models.PositiveBigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.page_id} ← Integreat {self.external_id}"


def external_ids(page_ids) -> dict[int, int]:
    """Integreat ids of the given pages that were imported, by page id."""
    return dict(ImportedPage.objects.filter(page_id__in=page_ids).values_list("page_id", "external_id"))
