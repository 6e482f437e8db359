"""The languages Wegweiser knows, with what a reader's browser needs to show them.

This list is global: a region chooses from it which languages it offers. It lives in code, not in
the database, because Wagtail's content languages are a setting (``WAGTAIL_CONTENT_LANGUAGES``) and
the two must agree; each entry has a Wagtail ``Locale`` with the same code.
"""

from dataclasses import dataclass

LTR = "ltr"
RTL = "rtl"


@dataclass(frozen=True)
class Language:
    code: str
    bcp47_tag: str
    native_name: str
    english_name: str
    direction: str = LTR

    @property
    def is_rtl(self) -> bool:
        return self.direction == RTL


LANGUAGES: tuple[Language, ...] = (
    Language("de", "de-DE", "Deutsch", "German"),
    Language("de-si", "de-DE-x-ls", "Leichte Sprache", "German (easy language)"),
    Language("en", "en", "English", "English"),
    Language("ar", "ar", "العربية", "Arabic", RTL),
    Language("fa", "fa", "فارسی", "Persian", RTL),
    Language("ps", "ps", "پښتو", "Pashto", RTL),
    Language("ckb", "ckb", "کوردیی ناوەندی", "Central Kurdish (Sorani)", RTL),
    Language("kmr", "kmr-Latn", "Kurmancî", "Northern Kurdish (Kurmanji)"),
    Language("ur", "ur", "اردو", "Urdu", RTL),
    Language("uk", "uk", "Українська", "Ukrainian"),
    Language("ru", "ru", "Русский", "Russian"),
    Language("tr", "tr", "Türkçe", "Turkish"),
    Language("ti", "ti", "ትግርኛ", "Tigrinya"),
    Language("so", "so", "Soomaali", "Somali"),
    Language("fr", "fr", "Français", "French"),
    Language("es", "es", "Español", "Spanish"),
    Language("it", "it", "Italiano", "Italian"),
    Language("pl", "pl", "Polski", "Polish"),
    Language("ro", "ro", "Română", "Romanian"),
    Language("bg", "bg", "Български", "Bulgarian"),
)

BY_CODE: dict[str, Language] = {language.code: language for language in LANGUAGES}

#: The language every region writes in unless it says otherwise; the root of the language tree.
DEFAULT_LANGUAGE = "de"


def get_language(code: str) -> Language:
    """Return the language with this code; a ``KeyError`` names the unknown code."""
    try:
        return BY_CODE[code]
    except KeyError:
        raise KeyError(f"Unknown language code {code!r}") from None


def language_choices() -> list[tuple[str, str]]:
    return [(language.code, f"{language.native_name} ({language.english_name})") for language in LANGUAGES]
