from wagtail.models import Locale

from .languages import LANGUAGES


def ensure_locales(**kwargs) -> None:
    """Every known language has a Wagtail locale, so regions can offer it without further setup."""
    existing = set(Locale.objects.values_list("language_code", flat=True))
    Locale.objects.bulk_create(
        [Locale(language_code=language.code) for language in LANGUAGES if language.code not in existing]
    )
