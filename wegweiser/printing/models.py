"""Printouts made so far: one PDF per content hash, so that the same content is rendered once."""

from django.db import models
from django.utils import timezone


class Printout(models.Model):
    """A PDF of a page, a topic (the page with its subpages) or a region's whole guide, in one language.

    ``content_hash`` covers everything printed (see ``selection.Selection.content_hash``): a change to any of it
    makes a new printout; an unchanged guide is served from the stored file. The file lives in the snapshot
    storage under ``printouts/``; older printouts of the same selection are removed when a newer one is ready.
    """

    class Status(models.TextChoices):
        BUILDING = "building"
        READY = "ready"
        FAILED = "failed"

    content_hash = models.CharField(max_length=64, unique=True)
    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="printouts")
    language = models.CharField(max_length=12)
    #: The page printed (with its subpages when ``subpages``); None for the region's whole guide.
    page_id = models.PositiveIntegerField(null=True, blank=True)
    subpages = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes of the PDF.")
    sheets = models.PositiveIntegerField(null=True, blank=True, help_text="Pages of the PDF.")
    seconds = models.FloatField(null=True, blank=True, help_text="Time taken to render.")
    error = models.TextField(blank=True)
    #: When the latest attempt to make it began.
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["region", "language", "page_id", "subpages"], name="printout_selection")]

    def __str__(self) -> str:
        what = f"page {self.page_id}" if self.page_id else "guide"
        return f"{what} {self.language} ({self.status}, {self.content_hash[:8]})"

    @property
    def file_name(self) -> str:
        return f"printouts/{self.content_hash}.pdf"
