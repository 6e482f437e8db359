"""Printable guides: PDFs of a page, a topic or a whole region, made from the published snapshots."""

from django.apps import AppConfig


class PrintingConfig(AppConfig):
    name = "wegweiser.printing"
    verbose_name = "Printing"
