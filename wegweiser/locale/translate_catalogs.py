"""Fill and compile the message catalogues: ``python wegweiser/locale/translate_catalogs.py``.

The newcomer-facing strings exist in every language of the demo; the admin's strings in German.
Run ``manage.py makemessages -a`` first when strings change.
"""

from pathlib import Path

import polib

HERE = Path(__file__).parent

READER = {
    "Choose your region": {
        "de": "Wählen Sie Ihre Region",
        "ar": "اختر منطقتك",
        "fa": "منطقه خود را انتخاب کنید",
        "uk": "Оберіть свій регіон",
        "ru": "Выберите свой регион",
        "tr": "Bölgenizi seçin",
    },
    "No regions yet.": {
        "de": "Noch keine Regionen.",
        "ar": "لا توجد مناطق بعد.",
        "fa": "هنوز منطقه‌ای وجود ندارد.",
        "uk": "Регіонів ще немає.",
        "ru": "Регионов пока нет.",
        "tr": "Henüz bölge yok.",
    },
    "Other languages": {
        "de": "Andere Sprachen",
        "ar": "لغات أخرى",
        "fa": "زبان‌های دیگر",
        "uk": "Інші мови",
        "ru": "Другие языки",
        "tr": "Diğer diller",
    },
    "Topics": {"de": "Themen", "ar": "المواضيع", "fa": "موضوع‌ها", "uk": "Теми", "ru": "Темы", "tr": "Konular"},
    "You are here": {
        "de": "Sie sind hier",
        "ar": "أنت هنا",
        "fa": "شما اینجا هستید",
        "uk": "Ви тут",
        "ru": "Вы здесь",
        "tr": "Buradasınız",
    },
    "Responsible": {
        "de": "Verantwortlich",
        "ar": "الجهة المسؤولة",
        "fa": "مسئول",
        "uk": "Відповідальна установа",
        "ru": "Ответственная организация",
        "tr": "Sorumlu kurum",
    },
    "Last updated": {
        "de": "Zuletzt aktualisiert",
        "ar": "آخر تحديث",
        "fa": "آخرین به‌روزرسانی",
        "uk": "Останнє оновлення",
        "ru": "Последнее обновление",
        "tr": "Son güncelleme",
    },
    "This page is not available in your language yet": {
        "de": "Diese Seite gibt es noch nicht in Ihrer Sprache",
        "ar": "هذه الصفحة غير متوفرة بلغتك بعد",
        "fa": "این صفحه هنوز به زبان شما موجود نیست",
        "uk": "Ця сторінка ще не доступна вашою мовою",
        "ru": "Эта страница пока недоступна на вашем языке",
        "tr": "Bu sayfa henüz sizin dilinizde mevcut değil",
    },
    "“%(title)s” exists in these languages:": {
        "de": "„%(title)s“ gibt es in diesen Sprachen:",
        "ar": "الصفحة «%(title)s» متوفرة بهذه اللغات:",
        "fa": "صفحه «%(title)s» به این زبان‌ها موجود است:",
        "uk": "«%(title)s» є такими мовами:",
        "ru": "«%(title)s» есть на этих языках:",
        "tr": "“%(title)s” şu dillerde mevcut:",
    },
    "There is no region “%(slug)s”.": {
        "de": "Die Region „%(slug)s“ gibt es nicht.",
        "ar": "لا توجد منطقة باسم «%(slug)s».",
        "fa": "منطقه‌ای با نام «%(slug)s» وجود ندارد.",
        "uk": "Регіону «%(slug)s» не існує.",
        "ru": "Региона «%(slug)s» не существует.",
        "tr": "“%(slug)s” adında bir bölge yok.",
    },
    "This region does not offer the language “%(code)s”.": {
        "de": "Diese Region bietet die Sprache „%(code)s“ nicht an.",
        "ar": "هذه المنطقة لا توفر اللغة «%(code)s».",
        "fa": "این منطقه زبان «%(code)s» را ارائه نمی‌دهد.",
        "uk": "Цей регіон не пропонує мову «%(code)s».",
        "ru": "Этот регион не предлагает язык «%(code)s».",
        "tr": "Bu bölge “%(code)s” dilini sunmuyor.",
    },
    "This page does not exist.": {
        "de": "Diese Seite gibt es nicht.",
        "ar": "هذه الصفحة غير موجودة.",
        "fa": "این صفحه وجود ندارد.",
        "uk": "Такої сторінки не існує.",
        "ru": "Такой страницы не существует.",
        "tr": "Bu sayfa mevcut değil.",
    },
}

ADMIN_DE = {
    "Arrival": "Ankommen",
    "Housing": "Wohnen",
    "Work": "Arbeit",
    "Language": "Sprache",
    "Family": "Familie",
    "School": "Schule",
    "Health": "Gesundheit",
    "Counselling": "Beratung",
    "Leisure": "Freizeit",
    "Emergency": "Notfall",
    "Mobility": "Mobilität",
    "Money": "Geld",
    "Documents": "Dokumente",
    "Information": "Information",
    "text": "Text",
    "icon": "Symbol",
    "responsible organisation": "verantwortliche Organisation",
    "review by": "prüfen bis",
    "When someone should check that this page is still right.": "Bis wann jemand prüfen soll, ob diese Seite noch stimmt.",
    "topic page": "Themenseite",
    "topic pages": "Themenseiten",
    "region": "Region",
    "name": "Name",
    "logo": "Logo",
    "website": "Website",
    "organisation": "Organisation",
    "organisations": "Organisationen",
    "Unknown language “%(code)s”.": "Unbekannte Sprache „%(code)s“.",
    "The language “%(code)s” is listed twice.": "Die Sprache „%(code)s“ steht doppelt in der Liste.",
    "“%(code)s” cannot be translated from itself.": "„%(code)s“ kann nicht aus sich selbst übersetzt werden.",
    "The language the region writes in must be enabled.": "Die Sprache, in der die Region schreibt, muss aktiviert sein.",
    "The languages %(cycle)s translate from each other in a circle.": "Die Sprachen %(cycle)s werden im Kreis auseinander übersetzt.",
    "Enter five-digit postal codes separated by commas, e.g. 71000, 71001.": "Geben Sie fünfstellige Postleitzahlen mit Kommas getrennt ein, z. B. 71000, 71001.",
    "latitude": "Breitengrad",
    "longitude": "Längengrad",
    "City": "Stadt",
    "District": "Landkreis",
    "Municipality": "Gemeinde",
    "Active": "Aktiv",
    "Hidden (reachable by link, not listed)": "Versteckt (per Link erreichbar, nicht gelistet)",
    "Archived (not reachable)": "Archiviert (nicht erreichbar)",
    "prefix": "Präfix",
    "e.g. Stadt, Landkreis, Gemeinde": "z. B. Stadt, Landkreis, Gemeinde",
    "kind": "Art",
    "status": "Status",
    "postal codes": "Postleitzahlen",
    "timezone": "Zeitzone",
    "events": "Veranstaltungen",
    "places": "Orte",
    "news": "Nachrichten",
    "push notifications": "Push-Benachrichtigungen",
    "welcome text": "Begrüßungstext",
    "Name": "Name",
    "Centre": "Mittelpunkt",
    "Bounding box": "Begrenzungsrahmen",
    "Place": "Lage",
    "Towns inside the region (aliases)": "Orte in der Region (Aliasse)",
    "Town": "Ort",
    "Languages": "Sprachen",
    "Features": "Funktionen",
    "regions": "Regionen",
    "Fill in all four corners of the bounding box, or none.": "Füllen Sie alle vier Ecken des Begrenzungsrahmens aus oder keine.",
    "The bounding box's minimum must be below its maximum.": "Das Minimum des Begrenzungsrahmens muss unter seinem Maximum liegen.",
    "The centre must lie inside the bounding box.": "Der Mittelpunkt muss im Begrenzungsrahmen liegen.",
    "Give both latitude and longitude of the centre, or neither.": "Geben Sie Breiten- und Längengrad des Mittelpunkts an oder keinen von beiden.",
    "postal code": "Postleitzahl",
    "town": "Ort",
    "language": "Sprache",
    "translated from": "übersetzt aus",
    "Empty for the language the region writes in.": "Leer für die Sprache, in der die Region schreibt.",
    "enabled": "aktiviert",
    "Content exists and is served.": "Inhalte gibt es und sie werden ausgeliefert.",
    "visible": "sichtbar",
    "Offered to newcomers in the picker.": "Wird Neuzugewanderten in der Auswahl angeboten.",
    "editable": "bearbeitbar",
    "Editors and translators may change it.": "Redaktion und Übersetzung dürfen sie ändern.",
    "region language": "Sprache der Region",
    "Manager": "Verwaltung",
    "Editor": "Redaktion",
    "Author": "Autor/in",
    "Translator": "Übersetzung",
    "Observer": "Beobachtung",
}


def fill(language: str) -> int:
    po_path = HERE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    filled = 0
    for entry in catalogue:
        translated = READER.get(entry.msgid, {}).get(language) or (
            ADMIN_DE.get(entry.msgid) if language == "de" else None
        )
        if language == "en":
            translated = entry.msgid
        if translated:
            entry.msgstr = translated
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
            filled += 1
    catalogue.save()
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    return filled


if __name__ == "__main__":
    for po in sorted(HERE.glob("*/LC_MESSAGES/django.po")):
        language = po.parent.parent.name
        print(language, fill(language))
