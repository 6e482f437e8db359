"""The search index: what readers can find, one row per published item in its own language.

Rows are written by the snapshot builder from the documents it publishes (``indexing``), so search
finds exactly what readers can read. Each backend ranks from these rows; the OpenSearch backend
also mirrors them to its server.
"""

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        EVENT = "event", _("Event")
        PLACE = "place", _("Place")
        NEWS = "news", _("News")

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="search_entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    item_id = models.PositiveIntegerField(help_text="The id of the item (a page in one language).")
    family = models.PositiveIntegerField(help_text="The same for all language copies of an item.")
    language = models.CharField(max_length=12)
    title = models.CharField(max_length=400)
    text = models.TextField(help_text="The plain text readers see, for ranking and snippets.")
    path = models.CharField(max_length=500, help_text="Where the web app shows the item.")
    terms = models.TextField(help_text="Title and text as search compares them (``language.terms``), title first.")
    title_terms = models.PositiveIntegerField(help_text="How many of the terms are the title's.")
    vectors = models.BinaryField(help_text="Embeddings (float32, 384 per passage) of the item's passages.")
    content_hash = models.CharField(
        max_length=64, help_text="Of what was embedded: unchanged items keep their vectors."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "item_id"], name="one_search_entry_per_item")]
        indexes = [models.Index(fields=["region", "language"])]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id} ({self.language}): {self.title}"

    def passage_vectors(self) -> np.ndarray:
        return passage_vectors(self.vectors)


def passage_vectors(stored: bytes | memoryview) -> np.ndarray:
    """The vectors of an entry's passages (``SearchEntry.vectors``), one row each."""
    return np.frombuffer(bytes(stored), dtype=np.float32).reshape(-1, 384)


class SearchWord(models.Model):
    """A word a region uses in a language, with its meaning as a vector: a question's word the region never uses
    (an Arabic word in a German guide) is looked up among them, so its translation also counts as a word match."""

    region = models.ForeignKey("regions.RegionPage", on_delete=models.CASCADE, related_name="search_words")
    language = models.CharField(max_length=12)
    word = models.CharField(max_length=100, help_text="Lower case and unstemmed, as the region writes it.")
    vector = models.BinaryField(help_text="Its embedding as a question (float32, 384).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "language", "word"], name="one_search_word_per_language")
        ]
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return f"{self.word} ({self.language})"
