"""Words as search compares them: folded and stemmed per language, the same for texts and questions."""

import pytest

from wegweiser.search.language import fold, plain_terms, stem, terms

SAME_TERMS = [
    # German: umlauts, ß, inflection
    ("de", "Kindergärten", "Kindergarten"),
    ("de", "Straße", "Strasse"),
    ("de", "Anmeldungen", "anmelden"),
    ("de", "Grüße", "grusse"),
    # English, French
    ("en", "Courses", "course"),
    ("fr", "inscriptions", "Inscription"),
    ("fr", "médecins", "medecin"),
    # Russian, Ukrainian (ё and е; Ukrainian through our own light stemmer)
    ("ru", "курсов", "курсы"),
    ("ru", "ещё", "еще"),
    ("uk", "курсів", "курси"),
    ("uk", "лікарями", "лікар"),
    # Turkish: dotted and dotless i, in capitals too
    ("tr", "kursları", "kurs"),
    ("tr", "İZİN", "izin"),
    ("tr", "IŞIK", "ışık"),
    ("tr", "ışık", "isik"),
    # Arabic: vowel marks, tatweel, alef and teh marbuta forms, the article
    ("ar", "مَدْرَسَة", "مدرسة"),
    ("ar", "مدرسـة", "مدرسه"),
    ("ar", "أطباء", "اطباء"),
    ("ar", "الطبيب", "طبيب"),
    # Persian: zero-width non-joiner, Arabic yeh and kaf, plural endings
    ("fa", "کتاب‌ها", "کتاب"),
    ("fa", "كتاب", "کتاب"),
    ("fa", "پزشکان", "پزشک"),
    ("fa", "علي", "علی"),
]


@pytest.mark.parametrize(("language", "written", "typed"), SAME_TERMS)
def test_forms_newcomers_type_give_the_same_terms(language, written, typed):
    assert terms(written, language) == terms(typed, language)
    assert terms(written, language), "no term at all"


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        ("de", "Kita", "Kasse"),
        ("ar", "طبيب", "مدرسة"),
        ("fa", "کتاب", "کار"),
        ("uk", "лікар", "курс"),
        ("tr", "izin", "iş"),
    ],
)
def test_different_words_stay_different(language, first, second):
    assert terms(first, language) != terms(second, language)


def test_turkish_capital_i_is_dotless_only_in_turkish():
    assert terms("ISTANBUL", "tr") == ["istanbul"]  # I → ı, folded to i
    assert terms("Information", "en") == terms("information", "en")
    assert stem("ılık", "tr") == stem("ılık", "tr")


def test_every_language_the_issue_names_has_a_stemmer():
    inflected = {
        "de": ("Ärzte", "Ärzten"),
        "en": ("doctors", "doctor"),
        "ar": ("المدارس", "مدارس"),
        "fa": ("دکترها", "دکتر"),
        "uk": ("лікарів", "лікар"),
        "ru": ("врачей", "врач"),
        "tr": ("doktorlar", "doktor"),
        "fr": ("médecins", "médecin"),
    }
    for language, (form, base) in inflected.items():
        assert terms(form, language) == terms(base, language), language


def test_plain_terms_are_folded_but_not_stemmed():
    assert plain_terms("Die Kindergärten, bitte!", "de") == ["die", "kindergarten", "bitte"]
    assert fold("grüße") == "grusse"


def test_unknown_languages_are_folded_without_stemming():
    assert terms("Ọ̀rọ̀ Àwọn", "yo") == ["oro", "awon"]
    assert terms("ትምህርት ቤት", "ti") == ["ትምህርት", "ቤት"]
