"""What the translation workflow remembers besides the pages themselves.

Pages, events, places and news are Wagtail pages; their copies in a region's languages share a
``translation_key``. Text is translated segment by segment with wagtail-localize. This app adds the
history that translation status needs (``TextVersion``), the shared translation memory, machine
translation settings and usage, XLIFF imports waiting for confirmation, and readability scores.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class TextVersion(models.Model):
    """One item's text in one language: how often it changed in substance, and which version of its
    source language (per the region's language tree) it translates.

    ``version`` counts major changes of this language's text. A translation is outdated when its
    source language's ``version`` has moved past ``based_on`` (or when its source is outdated itself).
    """

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="text_versions")
    translation_key = models.UUIDField()
    language = models.CharField(_("language"), max_length=12)
    version = models.PositiveIntegerField(default=0)
    based_on = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    words = models.PositiveIntegerField(_("words"), default=0)
    machine_translated = models.BooleanField(_("machine translated"), default=False)
    in_translation = models.BooleanField(_("in translation"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["translation_key", "language"], name="one_text_version_per_language")
        ]
        indexes = [models.Index(fields=["region", "language"])]

    def __str__(self) -> str:
        return f"{self.translation_key} [{self.language}] v{self.version}"


class MemoryEntry(models.Model):
    """A confirmed translation of one segment, shared by all regions.

    Texts are wagtail-localize string values: inline HTML with attributes stripped (``<a id="a1">``).
    """

    source_language = models.CharField(max_length=12)
    target_language = models.CharField(max_length=12)
    source_hash = models.CharField(max_length=64)
    source_text = models.TextField()
    target_text = models.TextField()
    words = models.PositiveIntegerField(default=0)
    region = models.ForeignKey(
        "regions.RegionPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="memory_entries"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation memory entry")
        verbose_name_plural = _("translation memory")
        constraints = [
            models.UniqueConstraint(
                fields=["source_hash", "source_language", "target_language", "region"], name="one_memory_per_region"
            )
        ]
        indexes = [models.Index(fields=["source_language", "target_language", "source_hash"])]

    def __str__(self) -> str:
        return f"{self.source_language}→{self.target_language}: {self.source_text[:60]}"


class MemorySaving(models.Model):
    """Words a region did not have to translate because the memory had them (exact matches filled in)."""

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="memory_savings")
    language = models.CharField(max_length=12)
    words = models.PositiveIntegerField()
    segments = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.region_id} [{self.language}]: {self.words} words"


class MachineTranslationSettings(models.Model):
    """A region's machine translation: on or off, which provider per language, and a monthly word budget."""

    region = models.OneToOneField("regions.RegionPage", on_delete=models.CASCADE, related_name="machine_translation")
    enabled = models.BooleanField(_("machine translation"), default=False)
    monthly_word_budget = models.PositiveIntegerField(_("words per month"), default=50_000)
    #: Language code → provider name (see ``MACHINE_TRANSLATION_PROVIDERS``); languages not listed use the default.
    providers = models.JSONField(default=dict, blank=True)
    default_provider = models.CharField(_("default provider"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("machine translation settings")

    def __str__(self) -> str:
        return f"{self.region_id}: {'on' if self.enabled else 'off'}"


class MachineTranslationUsage(models.Model):
    """Words sent to a machine translation provider for a region."""

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="machine_translation_usage")
    language = models.CharField(max_length=12)
    provider = models.CharField(max_length=30)
    words = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.region_id} [{self.language}] {self.provider}: {self.words} words"


class TranslationImport(models.Model):
    """An uploaded XLIFF file, checked and waiting for the person to confirm its preview."""

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="translation_imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    filename = models.CharField(max_length=255)
    content = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.filename


class ReadabilityScore(models.Model):
    """How easy a German (or Leichte Sprache) page is to read, as last checked."""

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="readability")
    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="readability_scores")
    language = models.CharField(max_length=12)
    flesch_amstad = models.FloatField(_("Flesch reading ease (Amstad)"))
    wiener_sachtextformel = models.FloatField(_("Wiener Sachtextformel"))
    findings = models.PositiveIntegerField(_("passages to improve"), default=0)
    details = models.JSONField(default=dict, blank=True)
    checked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.page_id}: {self.flesch_amstad:.0f}"
