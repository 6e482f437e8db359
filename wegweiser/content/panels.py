"""Panels of the topic page editor."""

from django.utils.functional import cached_property
from wagtail.admin.panels import Panel


class SharedPageStatusPanel(Panel):
    """A warning above "show a page of another region" while the chosen page is not published: readers then see
    only the page's own text, and the editor should know why."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/shared_page_status.html"

        @cached_property
        def warning(self) -> str | None:
            from .sharing import shared_page_warning

            if self.instance is None or not self.instance.pk:
                return None
            return shared_page_warning(self.instance)

        def is_shown(self) -> bool:
            return bool(self.warning) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["warning"] = self.warning
            return context
