"""Data that is the same in every language follows the original at once.

A place's phone number, an event's date or rule, opening hours: wagtail-localize copies these
synchronised fields into a translation only when the translation is saved again. A newcomer reading
Arabic must not get last month's phone number until a translator comes by, so publishing the item in
the region's own language writes its data into every translation's live row and latest revision
(which a later publication of the translation starts from). Where a translator has overridden a field
for their language (wagtail-localize's overridable segments), the override stays.
"""

from django.db import models
from wagtail.models import Page
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import SegmentOverride


def data_fields(item: Page) -> list[models.Field]:
    """The item's own synchronised fields (not those every page has, such as ``show_in_menus``)."""
    synchronised = {
        field.field_name
        for field in get_translatable_fields(type(item))
        if isinstance(field, SynchronizedField) and field.is_synchronized(item)
    }
    return [
        field
        for field in type(item)._meta.concrete_fields
        if field.name in synchronised and field.model is not Page and field.editable
    ]


def copy_data_to_translations(item: Page) -> int:
    """Write ``item``'s data fields into its published translations; returns how many were changed."""
    fields = data_fields(item)
    if not fields:
        return 0
    # As a revision stores them (serialised), for the translations' latest revisions.
    serialised = item.serializable_data()
    changed = 0
    for translation in type(item).objects.filter(translation_key=item.translation_key).exclude(pk=item.pk):
        overridden = set(
            SegmentOverride.objects.filter(
                locale_id=translation.locale_id, context__object_id=item.translation_key
            ).values_list("context__path", flat=True)
        )
        stale = [
            field
            for field in fields
            if field.name not in overridden and getattr(translation, field.attname) != getattr(item, field.attname)
        ]
        if not stale:
            continue
        type(item).objects.filter(pk=translation.pk).update(**{f.attname: getattr(item, f.attname) for f in stale})
        revision = translation.latest_revision
        if revision is not None:
            revision.content = {**revision.content, **{f.name: serialised[f.name] for f in stale}}
            revision.save(update_fields=["content"])
        changed += 1
    return changed
