"""Links, phone numbers and e-mail addresses in all content, and the periodic check of the links."""

from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "wegweiser.links"
    verbose_name = "Links"

    def ready(self):
        from . import signals  # noqa: F401
