"""Every rich text field is sanitised before it is saved, whatever model it belongs to and whoever saves it.

Pages inside a region sanitise their body themselves (``RegionContent.save``); this covers the rest (a region's
welcome text, fields added later) and saves made by translations, imports and copies through ``Model.save``.
Bulk updates (``QuerySet.update``) bypass signals: code writing rich text that way must call
``sanitise_rich_text`` itself.
"""

from __future__ import annotations

from django.db.models import Model
from wagtail.fields import RichTextField

from wegweiser.content.rich_text import sanitise_rich_text

_FIELDS: dict[type[Model], tuple[str, ...]] = {}


def rich_text_fields(model: type[Model]) -> tuple[str, ...]:
    if model not in _FIELDS:
        _FIELDS[model] = tuple(f.attname for f in model._meta.concrete_fields if isinstance(f, RichTextField))
    return _FIELDS[model]


def sanitise_rich_text_fields(sender: type[Model], instance: Model, raw: bool = False, **kwargs) -> None:
    if raw:  # loading fixtures: stored as it was dumped
        return
    for name in rich_text_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str) and value:
            setattr(instance, name, sanitise_rich_text(value))
