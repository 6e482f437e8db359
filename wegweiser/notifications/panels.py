"""The news item's editor shows where its notification went and how many received it."""

from wagtail.admin.panels import Panel


class DeliveriesPanel(Panel):
    """Read only: one row per region, language and channel the item was sent on, with the delivery counts."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "notifications/panels/deliveries.html"

        def get_context_data(self, parent_context=None):
            from .models import Delivery  # models import the news app, which imports this panel

            context = super().get_context_data(parent_context)
            key = getattr(self.instance, "translation_key", None)
            context["deliveries"] = (
                Delivery.objects.filter(notification__news_key=key)
                .select_related("notification__region")
                .order_by("notification__region__title", "notification__language", "sender")
                if self.instance.pk
                else []
            )
            return context
