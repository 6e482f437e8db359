"""Words as search compares them: folded the way newcomers type them, reduced to their stem per language.

``terms("Die Kindergärten in Waiblingen", "de")`` gives ``["die", "kindergart", "in", "waibling"]``. The same
function prepares the published texts and the questions, so a question matches a text whatever the
letter forms, diacritics, case or inflection. Stemming uses the Snowball algorithms (PyStemmer) where
Snowball has one, and a light suffix stripper for Ukrainian.
"""

import re
import unicodedata
from functools import cache, lru_cache

import Stemmer

#: Combining marks (accents that did not compose, Indic vowel signs): part of the word they follow.
_MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))
_WORD = re.compile(f"[\\w{re.escape(_MARKS)}]+")
#: Arabic script's vowel marks and Quranic signs: optional in writing, and not word characters to ``\w``.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c]")
#: Languages by the Snowball algorithm that stems them.
SNOWBALL = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
#: Letters written in several ways that mean the same to a reader: Arabic and Persian forms of alef, yeh,
#: kaf, teh marbuta and heh; German ß; Turkish dotless ı (typed as i on most keyboards).
_FOLDS = str.maketrans(
    {
        "ß": "ss",
        "ı": "i",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ی",
        "ي": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "ؤ": "و",
        "ё": "е",
        "ї": "і",
        "\u0640": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner inside Persian words
    }
)
#: Ukrainian inflection endings, longest first: noun and adjective cases, verb forms.
_UKRAINIAN_ENDINGS = sorted(
    [
        "а",
        "ам",
        "ами",
        "ах",
        "ає",
        "ають",
        "ає",
        "ва",
        "ві",
        "вши",
        "вшись",
        "е",
        "ем",
        "еш",
        "ею",
        "ємо",
        "єте",
        "єш",
        "и",
        "ий",
        "ими",
        "их",
        "иш",
        "ити",
        "ілися",
        "ім",
        "ість",
        "ості",
        "ів",
        "ій",
        "іх",
        "ію",
        "і",
        "ої",
        "ого",
        "ому",
        "ою",
        "о",
        "ові",
        "ом",
        "у",
        "ує",
        "ують",
        "уть",
        "ую",
        "ють",
        "ють",
        "я",
        "ям",
        "ями",
        "ях",
        "ється",
        "ться",
        "ся",
        "сь",
        "ть",
        "ти",
        "ли",
        "ла",
        "ло",
        "в",
        "ого",
        "ими",
        "ій",
        "ої",
        "ому",
        "ому",
        "ою",
        "ої",
        "ий",
        "ою",
        "ами",
        "ями",
        "ові",
        "еві",
        "ові",
        "ння",
        "ння",
        "нні",
        "нням",
        "ністю",
        "ність",
        "ності",
        "ок",
        "ка",
        "ки",
        "ку",
        "кою",
    ],
    key=len,
    reverse=True,
)


def casefold(text: str, language: str) -> str:
    """Lower case as the language writes it: in Turkish and Azerbaijani, I is the capital of ı and İ of i."""
    if language in ("tr", "az"):
        text = text.replace("I", "ı").replace("İ", "i")
    return text.casefold()


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """A lower-case word without accents, diacritics (harakat) or variant letter forms: "grüße" → "grusse"."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLDS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).translate(_FOLDS)


@cache
def _snowball(language: str) -> Stemmer.Stemmer | None:
    algorithm = SNOWBALL.get(language.split("-")[0])
    return Stemmer.Stemmer(algorithm) if algorithm else None


def stem_ukrainian(word: str) -> str:
    for ending in _UKRAINIAN_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def stem(word: str, language: str) -> str:
    """The stem of a lower-case word in a language; the word itself in languages without a stemmer."""
    if language == "uk":
        return stem_ukrainian(word)
    stemmer = _snowball(language)
    return stemmer.stemWord(word) if stemmer else word


def words(text: str, language: str) -> list[str]:
    """The words of a text, lower case, unstemmed and unfolded (for showing and highlighting)."""
    return _WORD.findall(casefold(_ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text)), language))


@lru_cache(maxsize=200_000)
def term(word: str, language: str) -> str:
    """A lower-case word as search compares it: stemmed in its language, then folded. Cached: indexing a region
    meets the same few thousand words again and again (a third of the time of indexing a new region)."""
    return fold(stem(word, language))


def terms(text: str, language: str) -> list[str]:
    """The words of a text as search compares them: stemmed in the text's language, then folded."""
    return [term(word, language) for word in words(text, language)]


def plain_terms(text: str, language: str) -> list[str]:
    """The words folded but not stemmed: for spelling suggestions and typo tolerance."""
    return [fold(word) for word in words(text, language)]


@lru_cache(maxsize=100_000)
def token_forms(token: str, language: str) -> tuple[frozenset[str], frozenset[str]]:
    """A written token's terms (stemmed, folded) and its plain words (folded): what highlighting compares.

    Cached: snippets look at the same few thousand words of a region again and again."""
    found = words(token, language)
    return frozenset(term(word, language) for word in found), frozenset(fold(word) for word in found)
