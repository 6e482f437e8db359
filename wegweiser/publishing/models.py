"""Published snapshots: the documents readers get, built when content changes, never per request."""

from django.core.files.storage import Storage, storages
from django.db import models


class Snapshot(models.Model):
    """The current version of one published document, e.g. the German page list of Musterstadt.

    The document's bytes live in storage under a name that contains its ETag, so a new version is
    written beside the old one and becomes current by updating this row: a reader sees the old
    document or the new one, never a mix. The previous version stays until the next rebuild, for
    readers that were in the middle of fetching it.
    """

    key = models.CharField(max_length=200, unique=True)
    region = models.ForeignKey(
        "regions.RegionPage", null=True, blank=True, on_delete=models.CASCADE, related_name="snapshots"
    )
    language = models.CharField(max_length=12, blank=True)
    document = models.CharField(max_length=40)
    etag = models.CharField(max_length=64)
    previous_etag = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(help_text="Bytes of the uncompressed JSON.")
    gzip_size = models.PositiveIntegerField()
    brotli_size = models.PositiveIntegerField(null=True, blank=True)
    built_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["region", "language"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.etag[:8]})"

    def storage_name(self, etag: str | None = None, suffix: str = "") -> str:
        return snapshot_name(self.key, etag or self.etag, suffix)


def snapshot_name(key: str, etag: str, suffix: str = "") -> str:
    """Where a version of a document is stored: ``snapshots/<key>-<etag>.json[.gz|.br]``."""
    return f"snapshots/{key}-{etag}.json{suffix}"


def snapshot_storage() -> Storage:
    """The storage alias ``snapshots`` (local files by default; S3-compatible storage for larger installations)."""
    return storages["snapshots"]
