import pytest
from django.utils import translation

from wegweiser.regions.language_tree import LanguageNode, LanguageTree, LanguageTreeError
from wegweiser.regions.languages import BY_CODE, LANGUAGES


def tree(*pairs, **flags):
    return LanguageTree.build(LanguageNode(code, source or None, **flags.get(code, {})) for code, source in pairs)


def test_fa_translated_through_english_has_the_whole_path_to_german():
    languages = tree(("de", ""), ("en", "de"), ("fa", "en"), ("ar", "de"))
    assert languages.root == "de"
    assert languages.path_to_root("fa") == ["fa", "en", "de"]
    assert languages.children_of("de") == ["en", "ar"]
    assert languages.descendants_of("de") == ["en", "fa", "ar"]
    assert languages.descendants_of("fa") == []


def test_exactly_one_language_is_written_without_a_source():
    with pytest.raises(LanguageTreeError, match="Exactly one language"):
        tree(("de", ""), ("en", ""))
    with pytest.raises(LanguageTreeError, match="Exactly one language"):
        tree(("en", "de"), ("de", "en"))


def test_errors_are_explained_in_german_too():
    with translation.override("de"), pytest.raises(LanguageTreeError, match="werden im Kreis"):
        tree(("de", ""), ("en", "fa"), ("fa", "en"))


def test_a_circle_of_sources_is_rejected():
    with pytest.raises(LanguageTreeError, match="circle"):
        tree(("de", ""), ("en", "fa"), ("fa", "en"))


def test_a_source_the_region_does_not_offer_is_rejected():
    with pytest.raises(LanguageTreeError, match="does not offer"):
        tree(("de", ""), ("fa", "en"))


def test_unknown_and_duplicate_languages_are_rejected():
    with pytest.raises(LanguageTreeError, match="Unknown language"):
        tree(("de", ""), ("xx", "de"))
    with pytest.raises(LanguageTreeError, match="twice"):
        tree(("de", ""), ("en", "de"), ("en", "de"))


def test_hidden_and_read_only_languages_are_left_out_where_they_must_be():
    languages = tree(("de", ""), ("en", "de"), ("ar", "de"), ("fr", "de"), en={"visible": False}, fr={"enabled": False})
    assert languages.visible_codes() == ["de", "ar"]
    assert languages.enabled_codes() == ["de", "en", "ar"]
    assert "fr" not in languages.editable_codes()


def test_the_global_language_list_has_every_required_language_with_direction():
    required = {
        "de",
        "de-si",
        "en",
        "ar",
        "fa",
        "uk",
        "ru",
        "tr",
        "ps",
        "kmr",
        "ti",
        "so",
        "fr",
        "es",
        "pl",
        "ro",
        "bg",
    }
    assert required <= set(BY_CODE)
    rtl = {language.code for language in LANGUAGES if language.is_rtl}
    assert {"ar", "fa", "ps", "ckb", "ur"} == rtl
    for language in LANGUAGES:
        assert language.native_name and language.english_name and language.bcp47_tag
