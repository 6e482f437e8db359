"""The ranking of the offline search (saved-search.js), run in Node as bench/search_eval.py runs it: what a reader
without a connection gets first. (The browser tests check the same script in the web app.)"""

import json
import subprocess
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "bench" / "saved_search.js"

FILLER = (
    "Die Stadt hilft Ihnen gern weiter und beantwortet Ihre Fragen rund um das Leben in Musterstadt und die "
    "Angebote der Beratungsstellen in allen Stadtteilen von Montag bis Freitag. "
)


def titles_found(items: list[dict], question: str, language: str = "de") -> list[str]:
    guide = {"version": "test", "search": [{"kind": "page", "path": f"/{n}/", **item} for n, item in enumerate(items)]}
    request = {"guides": {language: guide}, "questions": [{"language": language, "question": question}], "limit": 10}
    finished = subprocess.run(["node", SCRIPT], input=json.dumps(request).encode(), capture_output=True, check=True)
    (paths,) = json.loads(finished.stdout)["found"]
    by_path = {f"/{n}/": item["title"] for n, item in enumerate(items)}
    return [by_path[path] for path in paths]


def test_the_rare_word_of_a_question_decides_not_the_common_ones():
    common = "Wie kann ich das bekommen? Wie kann ich mich melden? " * 3
    items = [{"title": f"Frage {n}", "text": common} for n in range(6)]
    items.append({"title": "Kinder", "text": "Für Kinder gibt es einen Kitaplatz, wenn Sie ihn früh beantragen."})
    assert titles_found(items, "Wie kann ich einen Kitaplatz bekommen?")[0] == "Kinder"


def test_a_short_page_about_the_word_comes_before_a_long_page_mentioning_it_once():
    items = [
        {"title": "Rund um die Stadt", "text": FILLER * 12 + "Auch zum Sprachkurs beraten wir."},
        {"title": "Deutsch lernen", "text": "Einen Sprachkurs finden Sie bei der Volkshochschule."},
    ]
    assert titles_found(items, "Sprachkurs") == ["Deutsch lernen", "Rund um die Stadt"]


def test_the_words_of_a_title_count_more_than_the_words_of_a_text():
    items = [
        {"title": "Beratung", "text": "Wir helfen bei der Wohnungssuche und bei Anträgen."},
        {"title": "Wohnungssuche", "text": "Hier finden Sie Hinweise und Adressen."},
    ]
    assert titles_found(items, "Wohnungssuche")[0] == "Wohnungssuche"


def test_inflected_forms_and_typos_count_and_every_form_adds_up():
    items = [
        {"title": "Ärztinnen und Ärzte", "text": "Beim Arzt brauchen Sie Ihre Versichertenkarte."},
        {"title": "Apotheken", "text": "Die Apotheke hat nachts Notdienst."},
        {"title": "Sport", "text": FILLER},
    ]
    assert titles_found(items, "Ärzten")[0] == "Ärztinnen und Ärzte"
    assert titles_found(items, "Apoteke")[0] == "Apotheken"  # a letter missing


def test_a_word_is_found_inside_a_compound():
    items = [
        {"title": "Kosten für die Kinderbetreuung", "text": "Die Stadt zahlt einen Teil der Kosten."},
        {"title": "Schule", "text": FILLER},
    ]
    assert titles_found(items, "Betreuung") == ["Kosten für die Kinderbetreuung"]


def test_arabic_is_matched_without_its_article_and_letter_forms():
    items = [
        {"title": "التأمين الصحي", "text": "كل شخص يحتاج إلى تأمين صحي في ألمانيا."},
        {"title": "السكن", "text": "تجد هنا نصائح حول البحث عن شقة."},
    ]
    assert titles_found(items, "بالتأمين", language="ar")[0] == "التأمين الصحي"
    assert titles_found(items, "تأمين", language="ar")[0] == "التأمين الصحي"


def test_items_sharing_only_a_common_word_are_left_out():
    items = [{"title": f"Seite {n}", "text": "Die Stadt informiert. " + FILLER} for n in range(8)]
    items.append({"title": "Einbürgerung", "text": "Die Einbürgerung beantragen Sie in der Stadt."})
    assert titles_found(items, "Einbürgerung in der Stadt") == ["Einbürgerung"]
