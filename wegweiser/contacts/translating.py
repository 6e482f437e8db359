"""Translating a contact with wagtail-localize, segment by segment, as a translator does in the editor.

Only an office's name and the area of responsibility are sent to translators; a person's name and every
detail (phone, e-mail, hours, place …) are copied from the original.
"""

from wagtail.models import Locale
from wagtail_localize.models import String, StringTranslation, Translation, TranslationContext, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from .models import Contact


class ContactTranslationError(ValueError):
    """The translation cannot be made; the message says why."""


def source_copy(contact: Contact, language: str) -> Contact:
    """The copy ``language`` is translated from, as the region's language tree says (else the original)."""
    source_language = contact.region.language_tree().source_of(language)
    if source_language is None:
        raise ContactTranslationError(f"{language!r} is the language the region writes in; it is not translated")
    copies = contact.copies().select_related("locale")
    return copies.filter(locale__language_code=source_language).first() or copies.order_by("pk").first() or contact


def translate_contact(contact: Contact, language: str, texts: dict[str, str], user=None) -> Contact:
    """Translate ``contact`` into ``language``: ``texts`` gives the translated ``name`` (offices only) and
    ``area``; what is not given keeps the source's text. Creates or updates the translation and returns it.
    """
    source = source_copy(contact, language)
    translation_source, _created = TranslationSource.update_or_create_from_instance(source)
    job, _created = Translation.objects.get_or_create(
        source=translation_source, target_locale=Locale.objects.get(language_code=language), defaults={"enabled": True}
    )
    segments = {s.path: s for s in extract_segments(source) if isinstance(s, StringSegmentValue)}
    unknown = sorted(set(texts) - set(segments))
    if unknown:
        raise ContactTranslationError(
            f"“{source}” has no text to translate in {', '.join(unknown)} (translated: {', '.join(segments) or 'none'})"
        )
    for path, text in texts.items():
        string = String.from_value(translation_source.locale, segments[path].string)
        context, _created = TranslationContext.objects.get_or_create(object_id=translation_source.object_id, path=path)
        StringTranslation.objects.update_or_create(
            translation_of=string,
            locale=job.target_locale,
            context=context,
            defaults={
                "data": StringValue.from_plaintext(text).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
                "has_error": False,
            },
        )
    job.save_target(user=user)
    return Contact.objects.get(translation_key=contact.translation_key, locale=job.target_locale)
