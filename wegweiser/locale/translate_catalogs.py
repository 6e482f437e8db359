"""Fill and compile the message catalogues: ``python wegweiser/locale/translate_catalogs.py``.

The newcomer-facing strings exist in every language of the demo; the admin's strings in German.
Run ``manage.py makemessages -a --ignore=.venv --ignore=node_modules --ignore=var`` (from the
project's root) first when strings change; afterwards this script fills the catalogues, compiles
them and lists every newcomer-facing entry still untranslated (exit status 1 if there is one).

A plural entry (``ngettext``, ``{% blocktranslate count %}``) is looked up by its singular msgid and
takes, per language, one form per plural category of the catalogue's ``Plural-Forms`` header, as a
list/tuple or a dict ``{0: ..., 1: ...}``: Arabic 6 (0, 1, 2, 3–10, 11–99, 100…), Russian and
Ukrainian 4 (one, few, many, and a fourth for fractions; gettext's own headers have 3, then the
fourth is dropped), German, Persian and Turkish 2. A plain string is used for every form.
Placeholders such as ``%(counter)s`` must appear in a translation exactly as in the msgid.
"""

import re
import sys
from pathlib import Path
from typing import Any

import polib

HERE = Path(__file__).parent

#: The languages newcomers read the demo in, besides English (where the msgid is the text).
READER_LANGUAGES = ("de", "ar", "fa", "uk", "ru", "tr")
#: Source files whose strings newcomers see; every string of READER counts too.
NEWCOMER_SOURCES = (
    "wegweiser/webapp/",
    "wegweiser/places/opening.py",
    "wegweiser/publishing/lookup.py",
    "wegweiser/publishing/documents.py",
)
#: Languages whose catalogue may have one plural form less than Django's (CLDR's fraction form).
FRACTION_FORM = ("ru", "uk")
PLACEHOLDER = re.compile(r"%\((\w+)\)")

READER: dict[str, dict[str, Any]] = {
    "This text is not translated into %(language)s yet. Here it is in %(source)s.": {
        "de": "Dieser Text ist noch nicht auf %(language)s übersetzt. Hier steht er auf %(source)s.",
        "ar": "هذا النص غير مترجم إلى %(language)s بعد. إليك النص باللغة %(source)s.",
        "fa": "این متن هنوز به %(language)s ترجمه نشده است. اینجا آن را به %(source)s می‌بینید.",
        "uk": "Цей текст ще не перекладено мовою %(language)s. Ось він мовою %(source)s.",
        "ru": "Этот текст ещё не переведён на язык %(language)s. Вот он на языке %(source)s.",
        "tr": "Bu metin henüz %(language)s diline çevrilmedi. Burada %(source)s dilinde görebilirsiniz.",
    },
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
    "Last updated": {
        "de": "Zuletzt aktualisiert",
        "ar": "آخر تحديث",
        "fa": "آخرین به‌روزرسانی",
        "uk": "Останнє оновлення",
        "ru": "Последнее обновление",
        "tr": "Son güncelleme",
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
    "This page does not exist.": {
        "de": "Diese Seite gibt es nicht.",
        "ar": "هذه الصفحة غير موجودة.",
        "fa": "این صفحه وجود ندارد.",
        "uk": "Такої сторінки не існує.",
        "ru": "Такой страницы не существует.",
        "tr": "Bu sayfa mevcut değil.",
    },
    # Shared with the admin (model choices and panel headings), but shown to newcomers too.
    "Language": {"de": "Sprache", "ar": "اللغة", "fa": "زبان", "uk": "Мова", "ru": "Язык", "tr": "Dil"},
    "City": {"de": "Stadt", "ar": "مدينة", "fa": "شهر", "uk": "Місто", "ru": "Город", "tr": "Şehir"},
    "District": {"de": "Landkreis", "ar": "مقاطعة", "fa": "شهرستان", "uk": "Район", "ru": "Район", "tr": "İlçe"},
    "Municipality": {
        "de": "Gemeinde",
        "ar": "بلدية",
        "fa": "شهرداری",
        "uk": "Громада",
        "ru": "Община",
        "tr": "Belediye",
    },
    "Events": {
        "de": "Veranstaltungen",
        "ar": "الفعاليات",
        "fa": "رویدادها",
        "uk": "Події",
        "ru": "Мероприятия",
        "tr": "Etkinlikler",
    },
    "Imprint": {
        "de": "Impressum",
        "ar": "بيانات الناشر",
        "fa": "اطلاعات ناشر",
        "uk": "Вихідні дані",
        "ru": "Выходные данные",
        "tr": "Künye",
    },
    "Search": {"de": "Suche", "ar": "بحث", "fa": "جستجو", "uk": "Пошук", "ru": "Поиск", "tr": "Ara"},
    "When": {"de": "Wann", "ar": "متى", "fa": "چه زمانی", "uk": "Коли", "ru": "Когда", "tr": "Ne zaman"},
    "Where": {"de": "Wo", "ar": "أين", "fa": "کجا", "uk": "Де", "ru": "Где", "tr": "Nerede"},
    "all day": {
        "de": "ganztägig",
        "ar": "طوال اليوم",
        "fa": "تمام روز",
        "uk": "увесь день",
        "ru": "весь день",
        "tr": "tüm gün",
    },
    "temporarily closed": {
        "de": "vorübergehend geschlossen",
        "ar": "مغلق مؤقتًا",
        "fa": "موقتاً تعطیل",
        "uk": "тимчасово зачинено",
        "ru": "временно закрыто",
        "tr": "geçici olarak kapalı",
    },
    "barrier-free": {
        "de": "barrierefrei",
        "ar": "مناسب لذوي الإعاقة",
        "fa": "مناسب برای افراد دارای معلولیت",
        "uk": "без бар’єрів",
        "ru": "без барьеров",
        "tr": "engelsiz",
    },
    "Address": {"de": "Adresse", "ar": "العنوان", "fa": "نشانی", "uk": "Адреса", "ru": "Адрес", "tr": "Adres"},
    # Opening hours (wegweiser/places/opening.py); the weekdays come from Django's catalogues.
    "closed": {"de": "geschlossen", "ar": "مغلق", "fa": "تعطیل", "uk": "зачинено", "ru": "закрыто", "tr": "kapalı"},
    "open all day": {
        "de": "ganztägig geöffnet",
        "ar": "مفتوح طوال اليوم",
        "fa": "تمام روز باز",
        "uk": "відчинено весь день",
        "ru": "открыто весь день",
        "tr": "tüm gün açık",
    },
    "by appointment": {
        "de": "nach Terminvereinbarung",
        "ar": "بموعد مسبق",
        "fa": "با نوبت قبلی",
        "uk": "за попереднім записом",
        "ru": "по предварительной записи",
        "tr": "randevu ile",
    },
    # Looking up a region (wegweiser/publishing/lookup.py), shown as the web app's "not found".
    "No regions are published yet.": {
        "de": "Es sind noch keine Regionen veröffentlicht.",
        "ar": "لم تُنشر أي منطقة بعد.",
        "fa": "هنوز هیچ منطقه‌ای منتشر نشده است.",
        "uk": "Ще не опубліковано жодного регіону.",
        "ru": "Пока не опубликовано ни одного региона.",
        "tr": "Henüz yayımlanmış bölge yok.",
    },
    "The region “%(region)s” does not offer the language “%(language)s”.": {
        "de": "Die Region „%(region)s“ bietet die Sprache „%(language)s“ nicht an.",
        "ar": "المنطقة «%(region)s» لا توفر اللغة «%(language)s».",
        "fa": "منطقه «%(region)s» زبان «%(language)s» را ارائه نمی‌دهد.",
        "uk": "Регіон «%(region)s» не пропонує мову «%(language)s».",
        "ru": "Регион «%(region)s» не предлагает язык «%(language)s».",
        "tr": "“%(region)s” bölgesi “%(language)s” dilini sunmuyor.",
    },
    "There is no page “%(page)s” in this region and language.": {
        "de": "Die Seite „%(page)s“ gibt es in dieser Region und Sprache nicht.",
        "ar": "لا توجد صفحة «%(page)s» في هذه المنطقة وبهذه اللغة.",
        "fa": "صفحه «%(page)s» در این منطقه و به این زبان وجود ندارد.",
        "uk": "Сторінки «%(page)s» немає в цьому регіоні цією мовою.",
        "ru": "Страницы «%(page)s» нет в этом регионе на этом языке.",
        "tr": "Bu bölgede ve bu dilde “%(page)s” sayfası yok.",
    },
    # The web app: every page (base.html)
    "Local information for newcomers, in your language.": {
        "de": "Informationen vor Ort für Neuzugewanderte – in Ihrer Sprache.",
        "ar": "معلومات محلية للقادمين الجدد، بلغتك.",
        "fa": "اطلاعات محلی برای تازه‌واردان، به زبان شما.",
        "uk": "Місцева інформація для новоприбулих — вашою мовою.",
        "ru": "Местная информация для новоприбывших — на вашем языке.",
        "tr": "Yeni gelenler için yerel bilgiler, kendi dilinizde.",
    },
    "Skip to content": {
        "de": "Zum Inhalt springen",
        "ar": "انتقل إلى المحتوى",
        "fa": "رفتن به محتوا",
        "uk": "Перейти до змісту",
        "ru": "Перейти к содержанию",
        "tr": "İçeriğe geç",
    },
    "You are offline. You are reading the copy saved on this device.": {
        "de": "Sie sind offline. Sie lesen die Kopie, die auf diesem Gerät gespeichert ist.",
        "ar": "أنت غير متصل بالإنترنت. أنت تقرأ النسخة المحفوظة على هذا الجهاز.",
        "fa": "شما آفلاین هستید. در حال خواندن نسخه‌ای هستید که روی این دستگاه ذخیره شده است.",
        "uk": "Ви офлайн. Ви читаєте копію, збережену на цьому пристрої.",
        "ru": "Вы не в сети. Вы читаете копию, сохранённую на этом устройстве.",
        "tr": "Çevrimdışısınız. Bu cihazda kayıtlı kopyayı okuyorsunuz.",
    },
    "Save for offline": {
        "de": "Offline speichern",
        "ar": "حفظ للاستخدام بدون إنترنت",
        "fa": "ذخیره برای استفاده بدون اینترنت",
        "uk": "Зберегти для читання без інтернету",
        "ru": "Сохранить для чтения без интернета",
        "tr": "Çevrimdışı kullanım için kaydet",
    },
    "Change region": {
        "de": "Region wechseln",
        "ar": "تغيير المنطقة",
        "fa": "تغییر منطقه",
        "uk": "Змінити регіон",
        "ru": "Сменить регион",
        "tr": "Bölgeyi değiştir",
    },
    "High contrast": {
        "de": "Hoher Kontrast",
        "ar": "تباين عالٍ",
        "fa": "کنتراست بالا",
        "uk": "Високий контраст",
        "ru": "Высокий контраст",
        "tr": "Yüksek kontrast",
    },
    # Choosing a region and a language
    "Choose your language": {
        "de": "Wählen Sie Ihre Sprache",
        "ar": "اختر لغتك",
        "fa": "زبان خود را انتخاب کنید",
        "uk": "Оберіть свою мову",
        "ru": "Выберите свой язык",
        "tr": "Dilinizi seçin",
    },
    "Your town, district or postal code": {
        "de": "Ihr Ort, Ihr Landkreis oder Ihre Postleitzahl",
        "ar": "مدينتك أو مقاطعتك أو رمزك البريدي",
        "fa": "شهر، شهرستان یا کد پستی شما",
        "uk": "Ваше місто, район або поштовий індекс",
        "ru": "Ваш город, район или почтовый индекс",
        "tr": "Şehriniz, ilçeniz veya posta kodunuz",
    },
    "Regions near me": {
        "de": "Regionen in meiner Nähe",
        "ar": "مناطق قريبة مني",
        "fa": "منطقه‌های نزدیک من",
        "uk": "Регіони поблизу мене",
        "ru": "Регионы рядом со мной",
        "tr": "Yakınımdaki bölgeler",
    },
    "Your location could not be found. Please search by name.": {
        "de": "Ihr Standort konnte nicht ermittelt werden. Bitte suchen Sie nach dem Namen.",
        "ar": "تعذّر تحديد موقعك. يرجى البحث بالاسم.",
        "fa": "موقعیت شما پیدا نشد. لطفاً با نام جستجو کنید.",
        "uk": "Не вдалося визначити ваше місцезнаходження. Будь ласка, шукайте за назвою.",
        "ru": "Не удалось определить ваше местоположение. Пожалуйста, ищите по названию.",
        "tr": "Konumunuz bulunamadı. Lütfen adıyla arayın.",
    },
    "Your location could not be read. Please search by name.": {
        "de": "Ihr Standort konnte nicht gelesen werden. Bitte suchen Sie nach dem Namen.",
        "ar": "تعذّرت قراءة موقعك. يرجى البحث بالاسم.",
        "fa": "موقعیت شما خوانده نشد. لطفاً با نام جستجو کنید.",
        "uk": "Не вдалося прочитати ваше місцезнаходження. Будь ласка, шукайте за назвою.",
        "ru": "Не удалось прочитать ваше местоположение. Пожалуйста, ищите по названию.",
        "tr": "Konumunuz okunamadı. Lütfen adıyla arayın.",
    },
    "%(counter)s region found for “%(query)s”.": {
        "de": ("%(counter)s Region für „%(query)s“ gefunden.", "%(counter)s Regionen für „%(query)s“ gefunden."),
        "ar": (
            "تم العثور على %(counter)s منطقة عند البحث عن «%(query)s».",
            "تم العثور على %(counter)s منطقة عند البحث عن «%(query)s».",
            "تم العثور على %(counter)s منطقة عند البحث عن «%(query)s».",
            "تم العثور على %(counter)s مناطق عند البحث عن «%(query)s».",
            "تم العثور على %(counter)s منطقة عند البحث عن «%(query)s».",
            "تم العثور على %(counter)s منطقة عند البحث عن «%(query)s».",
        ),
        "fa": (
            "%(counter)s منطقه برای «%(query)s» پیدا شد.",
            "%(counter)s منطقه برای «%(query)s» پیدا شد.",
        ),
        "uk": (
            "Знайдено %(counter)s регіон за запитом «%(query)s».",
            "Знайдено %(counter)s регіони за запитом «%(query)s».",
            "Знайдено %(counter)s регіонів за запитом «%(query)s».",
            "Знайдено %(counter)s регіону за запитом «%(query)s».",
        ),
        "ru": (
            "Найден %(counter)s регион по запросу «%(query)s».",
            "Найдено %(counter)s региона по запросу «%(query)s».",
            "Найдено %(counter)s регионов по запросу «%(query)s».",
            "Найдено %(counter)s региона по запросу «%(query)s».",
        ),
        "tr": ("“%(query)s” için %(counter)s bölge bulundu.", "“%(query)s” için %(counter)s bölge bulundu."),
    },
    "The regions nearest to you:": {
        "de": "Die Regionen in Ihrer Nähe:",
        "ar": "أقرب المناطق إليك:",
        "fa": "نزدیک‌ترین منطقه‌ها به شما:",
        "uk": "Найближчі до вас регіони:",
        "ru": "Ближайшие к вам регионы:",
        "tr": "Size en yakın bölgeler:",
    },
    "with %(town)s": {
        "de": "mit %(town)s",
        "ar": "تشمل %(town)s",
        "fa": "شامل %(town)s",
        "uk": "включно з %(town)s",
        "ru": "включая %(town)s",
        "tr": "%(town)s dahil",
    },
    "No region found. Check the spelling or try the name of your district.": {
        "de": "Keine Region gefunden. Prüfen Sie die Schreibweise oder versuchen Sie es mit dem Namen Ihres Landkreises.",
        "ar": "لم يتم العثور على أي منطقة. تحقق من الإملاء أو جرّب اسم مقاطعتك.",
        "fa": "هیچ منطقه‌ای پیدا نشد. املای آن را بررسی کنید یا نام شهرستان خود را امتحان کنید.",
        "uk": "Регіон не знайдено. Перевірте написання або спробуйте назву свого району.",
        "ru": "Регион не найден. Проверьте написание или попробуйте название своего района.",
        "tr": "Bölge bulunamadı. Yazımı kontrol edin veya ilçenizin adını deneyin.",
    },
    "Show all regions": {
        "de": "Alle Regionen anzeigen",
        "ar": "عرض كل المناطق",
        "fa": "نمایش همه منطقه‌ها",
        "uk": "Показати всі регіони",
        "ru": "Показать все регионы",
        "tr": "Tüm bölgeleri göster",
    },
    # Pages not translated yet. The language is the reader's, by its own name (for Leichte Sprache too).
    "This page is not available in %(language)s yet": {
        "de": "Diese Seite gibt es noch nicht in Ihrer Sprache (%(language)s)",
        "ar": "هذه الصفحة غير متوفرة بعد باللغة %(language)s",
        "fa": "این صفحه هنوز به زبان %(language)s موجود نیست",
        "uk": "Ця сторінка ще не доступна вашою мовою (%(language)s)",
        "ru": "Эта страница пока недоступна на вашем языке (%(language)s)",
        "tr": "Bu sayfa henüz %(language)s olarak mevcut değil",
    },
    "To the start page in %(language)s": {
        "de": "Zur Startseite in Ihrer Sprache (%(language)s)",
        "ar": "إلى الصفحة الرئيسية باللغة %(language)s",
        "fa": "رفتن به صفحه اصلی به زبان %(language)s",
        "uk": "На головну сторінку вашою мовою (%(language)s)",
        "ru": "На главную страницу на вашем языке (%(language)s)",
        "tr": "%(language)s ana sayfaya git",
    },
    # Pages, search and organisations
    "More on %(title)s": {
        "de": "Mehr zu „%(title)s“",
        "ar": "المزيد عن «%(title)s»",
        "fa": "بیشتر درباره «%(title)s»",
        "uk": "Ще на тему «%(title)s»",
        "ru": "Ещё по теме «%(title)s»",
        "tr": "“%(title)s” hakkında daha fazlası",
    },
    "Responsible organisation": {
        "de": "Verantwortliche Organisation",
        "ar": "الجهة المسؤولة",
        "fa": "سازمان مسئول",
        "uk": "Відповідальна установа",
        "ru": "Ответственная организация",
        "tr": "Sorumlu kurum",
    },
    "Search in %(region)s": {
        "de": "In %(region)s suchen",
        "ar": "البحث في %(region)s",
        "fa": "جستجو در %(region)s",
        "uk": "Пошук у регіоні %(region)s",
        "ru": "Поиск в регионе %(region)s",
        "tr": "%(region)s içinde ara",
    },
    "%(counter)s result": {
        "de": ("%(counter)s Ergebnis", "%(counter)s Ergebnisse"),
        "ar": (
            "%(counter)s نتيجة",
            "%(counter)s نتيجة",
            "%(counter)s نتيجة",
            "%(counter)s نتائج",
            "%(counter)s نتيجة",
            "%(counter)s نتيجة",
        ),
        "fa": ("%(counter)s نتیجه", "%(counter)s نتیجه"),
        "uk": ("%(counter)s результат", "%(counter)s результати", "%(counter)s результатів", "%(counter)s результату"),
        "ru": ("%(counter)s результат", "%(counter)s результата", "%(counter)s результатов", "%(counter)s результата"),
        "tr": ("%(counter)s sonuç", "%(counter)s sonuç"),
    },
    # Events
    "Online": {"de": "Online", "ar": "عبر الإنترنت", "fa": "آنلاین", "uk": "Онлайн", "ru": "Онлайн", "tr": "Çevrimiçi"},
    "online": {"de": "online", "ar": "عبر الإنترنت", "fa": "آنلاین", "uk": "онлайн", "ru": "онлайн", "tr": "çevrimiçi"},
    "Join online": {
        "de": "Online teilnehmen",
        "ar": "المشاركة عبر الإنترنت",
        "fa": "شرکت به‌صورت آنلاین",
        "uk": "Приєднатися онлайн",
        "ru": "Подключиться онлайн",
        "tr": "Çevrimiçi katıl",
    },
    "Add to calendar": {
        "de": "Zum Kalender hinzufügen",
        "ar": "أضف إلى التقويم",
        "fa": "افزودن به تقویم",
        "uk": "Додати до календаря",
        "ru": "Добавить в календарь",
        "tr": "Takvime ekle",
    },
    "Next dates": {
        "de": "Nächste Termine",
        "ar": "المواعيد القادمة",
        "fa": "تاریخ‌های بعدی",
        "uk": "Наступні дати",
        "ru": "Следующие даты",
        "tr": "Sonraki tarihler",
    },
    "From": {"de": "Von", "ar": "من", "fa": "از", "uk": "З", "ru": "С", "tr": "Başlangıç"},
    "To": {"de": "Bis", "ar": "إلى", "fa": "تا", "uk": "По", "ru": "По", "tr": "Bitiş"},
    "Show": {"de": "Anzeigen", "ar": "عرض", "fa": "نمایش", "uk": "Показати", "ru": "Показать", "tr": "Göster"},
    "No events on these days.": {
        "de": "An diesen Tagen gibt es keine Veranstaltungen.",
        "ar": "لا توجد فعاليات في هذه الأيام.",
        "fa": "در این روزها رویدادی وجود ندارد.",
        "uk": "У ці дні подій немає.",
        "ru": "В эти дни мероприятий нет.",
        "tr": "Bu günlerde etkinlik yok.",
    },
    "This date does not exist.": {
        "de": "Dieses Datum gibt es nicht.",
        "ar": "هذا التاريخ غير موجود.",
        "fa": "این تاریخ وجود ندارد.",
        "uk": "Такої дати не існує.",
        "ru": "Такой даты не существует.",
        "tr": "Bu tarih mevcut değil.",
    },
    "This event does not repeat.": {
        "de": "Diese Veranstaltung wiederholt sich nicht.",
        "ar": "هذه الفعالية لا تتكرر.",
        "fa": "این رویداد تکرار نمی‌شود.",
        "uk": "Ця подія не повторюється.",
        "ru": "Это мероприятие не повторяется.",
        "tr": "Bu etkinlik tekrarlanmıyor.",
    },
    "The event does not take place on this day.": {
        "de": "Die Veranstaltung findet an diesem Tag nicht statt.",
        "ar": "لا تُقام الفعالية في هذا اليوم.",
        "fa": "این رویداد در این روز برگزار نمی‌شود.",
        "uk": "Цього дня подія не відбувається.",
        "ru": "В этот день мероприятие не проводится.",
        "tr": "Etkinlik bu gün yapılmıyor.",
    },
    "The first day is not a date; showing events from today.": {
        "de": "Der erste Tag ist kein Datum; Sie sehen die Veranstaltungen ab heute.",
        "ar": "اليوم الأول ليس تاريخًا صحيحًا؛ نعرض الفعاليات ابتداءً من اليوم.",
        "fa": "روز اول تاریخ درستی نیست؛ رویدادها از امروز نشان داده می‌شوند.",
        "uk": "Перший день не є датою; показано події починаючи з сьогодні.",
        "ru": "Первый день — не дата; показаны мероприятия начиная с сегодняшнего дня.",
        "tr": "İlk gün geçerli bir tarih değil; bugünden itibaren etkinlikler gösteriliyor.",
    },
    "The last day must be a date after the first, at most a year later.": {
        "de": "Der letzte Tag muss ein Datum nach dem ersten sein, höchstens ein Jahr später.",
        "ar": "يجب أن يكون اليوم الأخير تاريخًا بعد اليوم الأول، وبعده بسنة على الأكثر.",
        "fa": "روز آخر باید تاریخی بعد از روز اول باشد، حداکثر یک سال بعد.",
        "uk": "Останній день має бути датою після першого, не пізніше ніж через рік.",
        "ru": "Последний день должен быть датой после первого, не позже чем через год.",
        "tr": "Son gün, ilk günden sonra ve en fazla bir yıl sonra olan bir tarih olmalıdır.",
    },
    "This event does not exist.": {
        "de": "Diese Veranstaltung gibt es nicht.",
        "ar": "هذه الفعالية غير موجودة.",
        "fa": "این رویداد وجود ندارد.",
        "uk": "Такої події не існує.",
        "ru": "Такого мероприятия не существует.",
        "tr": "Bu etkinlik mevcut değil.",
    },
    # Places
    "Places": {"de": "Orte", "ar": "الأماكن", "fa": "مکان‌ها", "uk": "Місця", "ru": "Места", "tr": "Yerler"},
    "Category": {
        "de": "Kategorie",
        "ar": "الفئة",
        "fa": "دسته‌بندی",
        "uk": "Категорія",
        "ru": "Категория",
        "tr": "Kategori",
    },
    "All categories": {
        "de": "Alle Kategorien",
        "ar": "كل الفئات",
        "fa": "همه دسته‌بندی‌ها",
        "uk": "Усі категорії",
        "ru": "Все категории",
        "tr": "Tüm kategoriler",
    },
    "Open now": {
        "de": "Jetzt geöffnet",
        "ar": "مفتوح الآن",
        "fa": "اکنون باز",
        "uk": "Зараз відчинено",
        "ru": "Сейчас открыто",
        "tr": "Şu anda açık",
    },
    "open now": {
        "de": "jetzt geöffnet",
        "ar": "مفتوح الآن",
        "fa": "اکنون باز است",
        "uk": "зараз відчинено",
        "ru": "сейчас открыто",
        "tr": "şu anda açık",
    },
    "closed now": {
        "de": "jetzt geschlossen",
        "ar": "مغلق الآن",
        "fa": "اکنون بسته است",
        "uk": "зараз зачинено",
        "ru": "сейчас закрыто",
        "tr": "şu anda kapalı",
    },
    "by appointment today": {
        "de": "heute nach Terminvereinbarung",
        "ar": "اليوم بموعد مسبق فقط",
        "fa": "امروز فقط با نوبت قبلی",
        "uk": "сьогодні за попереднім записом",
        "ru": "сегодня по предварительной записи",
        "tr": "bugün randevu ile",
    },
    "Map of the places": {
        "de": "Karte der Orte",
        "ar": "خريطة الأماكن",
        "fa": "نقشه مکان‌ها",
        "uk": "Мапа місць",
        "ru": "Карта мест",
        "tr": "Yerlerin haritası",
    },
    "No places match these filters.": {
        "de": "Zu diesen Filtern passen keine Orte.",
        "ar": "لا توجد أماكن تطابق هذه الفلاتر.",
        "fa": "هیچ مکانی با این فیلترها جور نیست.",
        "uk": "Немає місць, що відповідають цим фільтрам.",
        "ru": "Нет мест, подходящих под эти фильтры.",
        "tr": "Bu filtrelere uyan yer yok.",
    },
    "Directions": {
        "de": "Wegbeschreibung",
        "ar": "كيفية الوصول",
        "fa": "مسیریابی",
        "uk": "Маршрут",
        "ru": "Маршрут",
        "tr": "Yol tarifi",
    },
    "Phone": {"de": "Telefon", "ar": "الهاتف", "fa": "تلفن", "uk": "Телефон", "ru": "Телефон", "tr": "Telefon"},
    "E-mail": {
        "de": "E-Mail",
        "ar": "البريد الإلكتروني",
        "fa": "ایمیل",
        "uk": "Електронна пошта",
        "ru": "Электронная почта",
        "tr": "E-posta",
    },
    "Website": {
        "de": "Website",
        "ar": "الموقع الإلكتروني",
        "fa": "وب‌سایت",
        "uk": "Вебсайт",
        "ru": "Сайт",
        "tr": "Web sitesi",
    },
    "Appointment": {
        "de": "Termin",
        "ar": "موعد",
        "fa": "نوبت",
        "uk": "Запис на прийом",
        "ru": "Запись на приём",
        "tr": "Randevu",
    },
    "Book an appointment": {
        "de": "Termin vereinbaren",
        "ar": "احجز موعدًا",
        "fa": "نوبت بگیرید",
        "uk": "Записатися на прийом",
        "ru": "Записаться на приём",
        "tr": "Randevu alın",
    },
    "Opening hours": {
        "de": "Öffnungszeiten",
        "ar": "ساعات العمل",
        "fa": "ساعات کاری",
        "uk": "Години роботи",
        "ru": "Часы работы",
        "tr": "Çalışma saatleri",
    },
    "today": {"de": "heute", "ar": "اليوم", "fa": "امروز", "uk": "сьогодні", "ru": "сегодня", "tr": "bugün"},
    # News
    "News": {"de": "Nachrichten", "ar": "الأخبار", "fa": "اخبار", "uk": "Новини", "ru": "Новости", "tr": "Haberler"},
    "No news at the moment.": {
        "de": "Zurzeit gibt es keine Nachrichten.",
        "ar": "لا توجد أخبار حاليًا.",
        "fa": "در حال حاضر خبری نیست.",
        "uk": "Наразі новин немає.",
        "ru": "Сейчас новостей нет.",
        "tr": "Şu anda haber yok.",
    },
    # Feedback form (feedback.html)
    "Was this helpful?": {
        "de": "War das hilfreich?",
        "ar": "هل كان هذا مفيدًا؟",
        "fa": "آیا این مفید بود؟",
        "uk": "Це було корисно?",
        "ru": "Это было полезно?",
        "tr": "Bu yardımcı oldu mu?",
    },
    "Yes": {"de": "Ja", "ar": "نعم", "fa": "بله", "uk": "Так", "ru": "Да", "tr": "Evet"},
    "No": {"de": "Nein", "ar": "لا", "fa": "نه", "uk": "Ні", "ru": "Нет", "tr": "Hayır"},
    "Your comment (optional)": {
        "de": "Ihr Kommentar (freiwillig)",
        "ar": "تعليقك (اختياري)",
        "fa": "نظر شما (اختیاری)",
        "uk": "Ваш коментар (необов’язково)",
        "ru": "Ваш комментарий (необязательно)",
        "tr": "Yorumunuz (isteğe bağlı)",
    },
    "Your feedback is anonymous and we cannot answer it. Please do not write your name, address or phone number.": {
        "de": "Ihre Rückmeldung ist anonym und wir können nicht darauf antworten. Bitte schreiben Sie nicht Ihren Namen, Ihre Adresse oder Ihre Telefonnummer.",
        "ar": "ملاحظاتك مجهولة الهوية ولا يمكننا الرد عليها. من فضلك لا تكتب اسمك أو عنوانك أو رقم هاتفك.",
        "fa": "بازخورد شما ناشناس است و ما نمی‌توانیم به آن پاسخ دهیم. لطفاً نام، نشانی یا شماره تلفن خود را ننویسید.",
        "uk": "Ваш відгук анонімний, і ми не можемо на нього відповісти. Будь ласка, не пишіть своє ім’я, адресу чи номер телефону.",
        "ru": "Ваш отзыв анонимный, и мы не можем на него ответить. Пожалуйста, не пишите своё имя, адрес или номер телефона.",
        "tr": "Geri bildiriminiz anonimdir ve ona yanıt veremeyiz. Lütfen adınızı, adresinizi veya telefon numaranızı yazmayın.",
    },
    "Leave this field empty": {
        "de": "Lassen Sie dieses Feld leer",
        "ar": "اترك هذا الحقل فارغًا",
        "fa": "این فیلد را خالی بگذارید",
        "uk": "Залиште це поле порожнім",
        "ru": "Оставьте это поле пустым",
        "tr": "Bu alanı boş bırakın",
    },
    "Send feedback": {
        "de": "Rückmeldung senden",
        "ar": "إرسال الملاحظات",
        "fa": "ارسال بازخورد",
        "uk": "Надіслати відгук",
        "ru": "Отправить отзыв",
        "tr": "Geri bildirim gönder",
    },
    "Thank you for your feedback.": {
        "de": "Vielen Dank für Ihre Rückmeldung.",
        "ar": "شكرًا على ملاحظاتك.",
        "fa": "از بازخورد شما سپاسگزاریم.",
        "uk": "Дякуємо за ваш відгук.",
        "ru": "Спасибо за ваш отзыв.",
        "tr": "Geri bildiriminiz için teşekkür ederiz.",
    },
    "Thank you! Your feedback will be sent when you are online again.": {
        "de": "Vielen Dank! Ihre Rückmeldung wird gesendet, sobald Sie wieder online sind.",
        "ar": "شكرًا! سيتم إرسال ملاحظاتك عندما تتصل بالإنترنت مرة أخرى.",
        "fa": "سپاسگزاریم! بازخورد شما وقتی دوباره به اینترنت وصل شوید ارسال می‌شود.",
        "uk": "Дякуємо! Ваш відгук буде надіслано, коли ви знову будете онлайн.",
        "ru": "Спасибо! Ваш отзыв будет отправлен, когда вы снова будете в сети.",
        "tr": "Teşekkürler! Geri bildiriminiz tekrar çevrimiçi olduğunuzda gönderilecek.",
    },
    "Your feedback could not be sent. Please try again later.": {
        "de": "Ihre Rückmeldung konnte nicht gesendet werden. Bitte versuchen Sie es später noch einmal.",
        "ar": "تعذّر إرسال ملاحظاتك. يرجى المحاولة مرة أخرى لاحقًا.",
        "fa": "بازخورد شما ارسال نشد. لطفاً بعداً دوباره امتحان کنید.",
        "uk": "Не вдалося надіслати ваш відгук. Будь ласка, спробуйте пізніше.",
        "ru": "Не удалось отправить ваш отзыв. Пожалуйста, попробуйте позже.",
        "tr": "Geri bildiriminiz gönderilemedi. Lütfen daha sonra tekrar deneyin.",
    },
    "Please choose “Yes” or “No”, or write a comment.": {
        "de": "Bitte wählen Sie „Ja“ oder „Nein“ oder schreiben Sie einen Kommentar.",
        "ar": "يرجى اختيار «نعم» أو «لا»، أو كتابة تعليق.",
        "fa": "لطفاً «بله» یا «نه» را انتخاب کنید یا نظری بنویسید.",
        "uk": "Будь ласка, оберіть «Так» або «Ні» чи напишіть коментар.",
        "ru": "Пожалуйста, выберите «Да» или «Нет» либо напишите комментарий.",
        "tr": "Lütfen “Evet” veya “Hayır” seçin ya da bir yorum yazın.",
    },
    # Saving a guide for offline use (offline_panel.html); offline.js fills in the placeholders.
    "This page is not saved on this device. Here is the start page; the pages you saved or opened before can be read without internet.": {
        "de": "Diese Seite ist nicht auf diesem Gerät gespeichert. Hier ist die Startseite; die Seiten, die Sie gespeichert oder schon einmal geöffnet haben, können Sie ohne Internet lesen.",
        "ar": "هذه الصفحة غير محفوظة على هذا الجهاز. هذه هي الصفحة الرئيسية؛ يمكنك قراءة الصفحات التي حفظتها أو فتحتها من قبل بدون إنترنت.",
        "fa": "این صفحه روی این دستگاه ذخیره نشده است. این صفحه اصلی است؛ صفحه‌هایی را که قبلاً ذخیره کرده یا باز کرده‌اید می‌توانید بدون اینترنت بخوانید.",
        "uk": "Цю сторінку не збережено на цьому пристрої. Ось головна сторінка; сторінки, які ви зберегли або відкривали раніше, можна читати без інтернету.",
        "ru": "Эта страница не сохранена на этом устройстве. Вот главная страница; страницы, которые вы сохранили или открывали раньше, можно читать без интернета.",
        "tr": "Bu sayfa bu cihazda kayıtlı değil. İşte ana sayfa; daha önce kaydettiğiniz veya açtığınız sayfaları internet olmadan okuyabilirsiniz.",
    },
    "Save %(region)s in %(language)s on this device, to read and search it without internet.": {
        "de": "Speichern Sie den Wegweiser für %(region)s (%(language)s) auf diesem Gerät, um ihn ohne Internet zu lesen und zu durchsuchen.",
        "ar": "احفظ دليل %(region)s باللغة %(language)s على هذا الجهاز لتقرأه وتبحث فيه بدون إنترنت.",
        "fa": "راهنمای %(region)s را به زبان %(language)s روی این دستگاه ذخیره کنید تا بدون اینترنت آن را بخوانید و در آن جستجو کنید.",
        "uk": "Збережіть путівник «%(region)s» (%(language)s) на цьому пристрої, щоб читати його й шукати в ньому без інтернету.",
        "ru": "Сохраните путеводитель «%(region)s» (%(language)s) на этом устройстве, чтобы читать его и искать в нём без интернета.",
        "tr": "%(region)s rehberini %(language)s olarak bu cihaza kaydedin; internet olmadan okuyabilir ve içinde arama yapabilirsiniz.",
    },
    "Saving for offline use needs JavaScript.": {
        "de": "Zum Offline-Speichern wird JavaScript benötigt.",
        "ar": "الحفظ للاستخدام بدون إنترنت يحتاج إلى JavaScript.",
        "fa": "برای ذخیره برای استفاده بدون اینترنت به JavaScript نیاز است.",
        "uk": "Щоб зберегти для читання без інтернету, потрібен JavaScript.",
        "ru": "Чтобы сохранить для чтения без интернета, нужен JavaScript.",
        "tr": "Çevrimdışı kullanım için kaydetmek JavaScript gerektirir.",
    },
    "Update now": {
        "de": "Jetzt aktualisieren",
        "ar": "تحديث الآن",
        "fa": "همین حالا به‌روزرسانی کنید",
        "uk": "Оновити зараз",
        "ru": "Обновить сейчас",
        "tr": "Şimdi güncelle",
    },
    "Remove from this device": {
        "de": "Von diesem Gerät entfernen",
        "ar": "إزالة من هذا الجهاز",
        "fa": "حذف از این دستگاه",
        "uk": "Видалити з цього пристрою",
        "ru": "Удалить с этого устройства",
        "tr": "Bu cihazdan kaldır",
    },
    "Working out the size…": {
        "de": "Die Größe wird ermittelt…",
        "ar": "جارٍ حساب الحجم…",
        "fa": "در حال محاسبه حجم…",
        "uk": "Обчислюємо розмір…",
        "ru": "Вычисляем размер…",
        "tr": "Boyut hesaplanıyor…",
    },
    "Download size: %(size)s": {
        "de": "Downloadgröße: %(size)s",
        "ar": "حجم التنزيل: %(size)s",
        "fa": "حجم دانلود: %(size)s",
        "uk": "Розмір завантаження: %(size)s",
        "ru": "Размер загрузки: %(size)s",
        "tr": "İndirme boyutu: %(size)s",
    },
    "%(done)s of %(total)s": {
        "de": "%(done)s von %(total)s",
        "ar": "%(done)s من %(total)s",
        "fa": "%(done)s از %(total)s",
        "uk": "%(done)s з %(total)s",
        "ru": "%(done)s из %(total)s",
        "tr": "%(done)s / %(total)s",
    },
    "Saved on this device: %(size)s, %(date)s": {
        "de": "Auf diesem Gerät gespeichert: %(size)s, %(date)s",
        "ar": "محفوظ على هذا الجهاز: %(size)s، %(date)s",
        "fa": "ذخیره‌شده روی این دستگاه: %(size)s، %(date)s",
        "uk": "Збережено на цьому пристрої: %(size)s, %(date)s",
        "ru": "Сохранено на этом устройстве: %(size)s, %(date)s",
        "tr": "Bu cihaza kaydedildi: %(size)s, %(date)s",
    },
    "Updating…": {
        "de": "Wird aktualisiert…",
        "ar": "جارٍ التحديث…",
        "fa": "در حال به‌روزرسانی…",
        "uk": "Оновлюємо…",
        "ru": "Обновляем…",
        "tr": "Güncelleniyor…",
    },
    "Removed from this device.": {
        "de": "Von diesem Gerät entfernt.",
        "ar": "تمت الإزالة من هذا الجهاز.",
        "fa": "از این دستگاه حذف شد.",
        "uk": "Видалено з цього пристрою.",
        "ru": "Удалено с этого устройства.",
        "tr": "Bu cihazdan kaldırıldı.",
    },
    "This guide does not fit: all saved guides together may use at most %(limit)s. Remove another saved guide first.": {
        "de": "Dieser Wegweiser passt nicht: Alle gespeicherten Wegweiser zusammen dürfen höchstens %(limit)s belegen. Entfernen Sie zuerst einen anderen gespeicherten Wegweiser.",
        "ar": "هذا الدليل لا يتسع: يمكن لكل الأدلة المحفوظة معًا أن تستخدم %(limit)s على الأكثر. احذف دليلًا محفوظًا آخر أولًا.",
        "fa": "این راهنما جا نمی‌شود: همه راهنماهای ذخیره‌شده روی هم حداکثر %(limit)s جا می‌گیرند. اول یک راهنمای ذخیره‌شده دیگر را حذف کنید.",
        "uk": "Цей путівник не вміщається: усі збережені путівники разом можуть займати щонайбільше %(limit)s. Спершу видаліть інший збережений путівник.",
        "ru": "Этот путеводитель не помещается: все сохранённые путеводители вместе могут занимать не более %(limit)s. Сначала удалите другой сохранённый путеводитель.",
        "tr": "Bu rehber sığmıyor: kayıtlı tüm rehberler birlikte en fazla %(limit)s yer kaplayabilir. Önce kayıtlı başka bir rehberi kaldırın.",
    },
    "There is not enough free storage on this device.": {
        "de": "Auf diesem Gerät ist nicht genug Speicherplatz frei.",
        "ar": "لا توجد مساحة تخزين كافية على هذا الجهاز.",
        "fa": "فضای خالی کافی روی این دستگاه نیست.",
        "uk": "На цьому пристрої недостатньо вільного місця.",
        "ru": "На этом устройстве недостаточно свободного места.",
        "tr": "Bu cihazda yeterli boş alan yok.",
    },
    "Saving did not work. Please check the connection and try again.": {
        "de": "Das Speichern hat nicht geklappt. Bitte prüfen Sie die Verbindung und versuchen Sie es noch einmal.",
        "ar": "لم ينجح الحفظ. يرجى التحقق من الاتصال والمحاولة مرة أخرى.",
        "fa": "ذخیره انجام نشد. لطفاً اتصال را بررسی کنید و دوباره امتحان کنید.",
        "uk": "Не вдалося зберегти. Будь ласка, перевірте з’єднання і спробуйте ще раз.",
        "ru": "Не удалось сохранить. Пожалуйста, проверьте подключение и попробуйте ещё раз.",
        "tr": "Kaydetme başarısız oldu. Lütfen bağlantıyı kontrol edip tekrar deneyin.",
    },
    "Connect to the internet to save this guide.": {
        "de": "Verbinden Sie sich mit dem Internet, um diesen Wegweiser zu speichern.",
        "ar": "اتصل بالإنترنت لحفظ هذا الدليل.",
        "fa": "برای ذخیره این راهنما به اینترنت وصل شوید.",
        "uk": "Підключіться до інтернету, щоб зберегти цей путівник.",
        "ru": "Подключитесь к интернету, чтобы сохранить этот путеводитель.",
        "tr": "Bu rehberi kaydetmek için internete bağlanın.",
    },
    "This browser cannot save guides for offline use.": {
        "de": "Dieser Browser kann Wegweiser nicht zum Offline-Lesen speichern.",
        "ar": "لا يستطيع هذا المتصفح حفظ الأدلة للاستخدام بدون إنترنت.",
        "fa": "این مرورگر نمی‌تواند راهنماها را برای استفاده بدون اینترنت ذخیره کند.",
        "uk": "Цей браузер не може зберігати путівники для читання без інтернету.",
        "ru": "Этот браузер не может сохранять путеводители для чтения без интернета.",
        "tr": "Bu tarayıcı rehberleri çevrimdışı kullanım için kaydedemiyor.",
    },
    "Without internet, only guides saved on this device can be searched.": {
        "de": "Ohne Internet können Sie nur in Wegweisern suchen, die auf diesem Gerät gespeichert sind.",
        "ar": "بدون إنترنت يمكن البحث فقط في الأدلة المحفوظة على هذا الجهاز.",
        "fa": "بدون اینترنت فقط می‌توان در راهنماهای ذخیره‌شده روی این دستگاه جستجو کرد.",
        "uk": "Без інтернету можна шукати лише в путівниках, збережених на цьому пристрої.",
        "ru": "Без интернета искать можно только в путеводителях, сохранённых на этом устройстве.",
        "tr": "İnternet olmadan yalnızca bu cihaza kaydedilmiş rehberlerde arama yapılabilir.",
    },
    # Read aloud, share, QR code and print (tools.html)
    "Read aloud": {
        "de": "Vorlesen",
        "ar": "القراءة بصوت عالٍ",
        "fa": "خواندن با صدای بلند",
        "uk": "Читати вголос",
        "ru": "Читать вслух",
        "tr": "Sesli oku",
    },
    "Pause": {"de": "Pause", "ar": "إيقاف مؤقت", "fa": "مکث", "uk": "Пауза", "ru": "Пауза", "tr": "Duraklat"},
    "Continue": {
        "de": "Weiter",
        "ar": "متابعة",
        "fa": "ادامه",
        "uk": "Продовжити",
        "ru": "Продолжить",
        "tr": "Devam et",
    },
    "Previous sentence": {
        "de": "Vorheriger Satz",
        "ar": "الجملة السابقة",
        "fa": "جمله قبلی",
        "uk": "Попереднє речення",
        "ru": "Предыдущее предложение",
        "tr": "Önceki cümle",
    },
    "Next sentence": {
        "de": "Nächster Satz",
        "ar": "الجملة التالية",
        "fa": "جمله بعدی",
        "uk": "Наступне речення",
        "ru": "Следующее предложение",
        "tr": "Sonraki cümle",
    },
    "Stop reading": {
        "de": "Vorlesen beenden",
        "ar": "إيقاف القراءة",
        "fa": "توقف خواندن",
        "uk": "Зупинити читання",
        "ru": "Остановить чтение",
        "tr": "Okumayı durdur",
    },
    "Share": {
        "de": "Teilen",
        "ar": "مشاركة",
        "fa": "اشتراک‌گذاری",
        "uk": "Поділитися",
        "ru": "Поделиться",
        "tr": "Paylaş",
    },
    "QR code": {"de": "QR-Code", "ar": "رمز QR", "fa": "کد QR", "uk": "QR-код", "ru": "QR-код", "tr": "QR kodu"},
    "Print": {"de": "Drucken", "ar": "طباعة", "fa": "چاپ", "uk": "Друкувати", "ru": "Печать", "tr": "Yazdır"},
    "This device has no voice for %(language)s. You can install one in your phone's settings.": {
        "de": "Dieses Gerät hat keine Stimme für %(language)s. Sie können eine in den Einstellungen Ihres Handys installieren.",
        "ar": "لا يوجد على هذا الجهاز صوت للغة %(language)s. يمكنك تثبيت صوت من إعدادات هاتفك.",
        "fa": "این دستگاه صدایی برای زبان %(language)s ندارد. می‌توانید یک صدا در تنظیمات گوشی خود نصب کنید.",
        "uk": "На цьому пристрої немає голосу для мови «%(language)s». Ви можете встановити його в налаштуваннях телефона.",
        "ru": "На этом устройстве нет голоса для языка «%(language)s». Вы можете установить его в настройках телефона.",
        "tr": "Bu cihazda %(language)s için ses yok. Telefonunuzun ayarlarından bir ses yükleyebilirsiniz.",
    },
    "Link copied.": {
        "de": "Link kopiert.",
        "ar": "تم نسخ الرابط.",
        "fa": "پیوند کپی شد.",
        "uk": "Посилання скопійовано.",
        "ru": "Ссылка скопирована.",
        "tr": "Bağlantı kopyalandı.",
    },
    "Copy this link:": {
        "de": "Kopieren Sie diesen Link:",
        "ar": "انسخ هذا الرابط:",
        "fa": "این پیوند را کپی کنید:",
        "uk": "Скопіюйте це посилання:",
        "ru": "Скопируйте эту ссылку:",
        "tr": "Bu bağlantıyı kopyalayın:",
    },
    "The QR code could not be made. Please try again when you are online.": {
        "de": "Der QR-Code konnte nicht erstellt werden. Bitte versuchen Sie es noch einmal, wenn Sie online sind.",
        "ar": "تعذّر إنشاء رمز QR. يرجى المحاولة مرة أخرى عندما تكون متصلًا بالإنترنت.",
        "fa": "کد QR ساخته نشد. لطفاً وقتی به اینترنت وصل هستید دوباره امتحان کنید.",
        "uk": "Не вдалося створити QR-код. Будь ласка, спробуйте ще раз, коли будете онлайн.",
        "ru": "Не удалось создать QR-код. Пожалуйста, попробуйте ещё раз, когда будете в сети.",
        "tr": "QR kodu oluşturulamadı. Lütfen çevrimiçi olduğunuzda tekrar deneyin.",
    },
    "QR code for this page": {
        "de": "QR-Code für diese Seite",
        "ar": "رمز QR لهذه الصفحة",
        "fa": "کد QR این صفحه",
        "uk": "QR-код цієї сторінки",
        "ru": "QR-код этой страницы",
        "tr": "Bu sayfanın QR kodu",
    },
    "Scan the code with the camera of another phone to open this page there.": {
        "de": "Scannen Sie den Code mit der Kamera eines anderen Handys, um diese Seite dort zu öffnen.",
        "ar": "امسح الرمز بكاميرا هاتف آخر لفتح هذه الصفحة عليه.",
        "fa": "کد را با دوربین یک گوشی دیگر اسکن کنید تا این صفحه روی آن باز شود.",
        "uk": "Відскануйте код камерою іншого телефона, щоб відкрити там цю сторінку.",
        "ru": "Отсканируйте код камерой другого телефона, чтобы открыть там эту страницу.",
        "tr": "Bu sayfayı başka bir telefonda açmak için kodu o telefonun kamerasıyla tarayın.",
    },
    "Close": {"de": "Schließen", "ar": "إغلاق", "fa": "بستن", "uk": "Закрити", "ru": "Закрыть", "tr": "Kapat"},
}

ADMIN_DE = {
    "Arrival": "Ankommen",
    "Housing": "Wohnen",
    "Work": "Arbeit",
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
    "Exactly one language must have no source language (the one the region writes in); found %(n)d.": "Genau eine Sprache darf keine Ausgangssprache haben (die, in der die Region schreibt); gefunden: %(n)d.",
    "“%(code)s” is translated from “%(source)s”, which the region does not offer.": "„%(code)s“ wird aus „%(source)s“ übersetzt, einer Sprache, die die Region nicht anbietet.",
    "imprint": "Impressum",
    "imprints": "Impressen",
    # Events
    "list of events": "Veranstaltungsliste",
    "Give only the rule, e.g. FREQ=WEEKLY;BYDAY=TU (the start is the event's start).": "Geben Sie nur die Regel an, z. B. FREQ=WEEKLY;BYDAY=TU (der Beginn ist der Beginn der Veranstaltung).",
    "This is not a valid RFC 5545 rule: %(problem)s": "Das ist keine gültige Regel nach RFC 5545: %(problem)s",
    "description": "Beschreibung",
    "start": "Beginn",
    "end": "Ende",
    "place": "Ort",
    "online meeting": "Online-Treffen",
    "repeats": "Wiederholung",
    "RFC 5545 rule, e.g. FREQ=WEEKLY;BYDAY=TU or FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z": "Regel nach RFC 5545, z. B. FREQ=WEEKLY;BYDAY=TU oder FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T000000Z",
    "event": "Veranstaltung",
    "An event cannot end before it starts.": "Eine Veranstaltung kann nicht enden, bevor sie beginnt.",
    # Places
    "e.g. office, counselling, school": "z. B. office, counselling, school",
    "colour": "Farbe",
    "Give the colour as #RRGGBB.": "Geben Sie die Farbe als #RRGGBB an.",
    "place category": "Ortskategorie",
    "place categories": "Ortskategorien",
    "list of places": "Ortsliste",
    "Opening hours are a list of seven days, Monday first.": "Die Öffnungszeiten sind eine Liste von sieben Tagen, beginnend mit Montag.",
    "Each day of the opening hours is an object.": "Jeder Tag der Öffnungszeiten ist ein Objekt.",
    "Opening times are HH:MM, and a slot ends after it starts.": "Öffnungszeiten haben die Form HH:MM, und ein Zeitfenster endet nach seinem Beginn.",
    "category": "Kategorie",
    "street and number": "Straße und Hausnummer",
    "e-mail": "E-Mail",
    "phone": "Telefon",
    "appointment booking": "Terminbuchung",
    "opening hours": "Öffnungszeiten",
    "Monday first.": "Beginnend mit Montag.",
    "Contact": "Kontakt",
    # News
    "list of news": "Nachrichtenliste",
    "channel": "Kanal",
    "news item": "Nachricht",
    # Feedback (the admin's inbox)
    "Helpful": "Hilfreich",
    "Not helpful": "Nicht hilfreich",
    "Page": "Seite",
    "Region": "Region",
    "Event": "Veranstaltung",
    "Map": "Karte",
    "Offer": "Angebot",
    "about": "betrifft",
    "about (slug)": "betrifft (Slug)",
    "rating": "Bewertung",
    "comment": "Kommentar",
    "search query": "Suchanfrage",
    "received": "eingegangen",
    "read": "gelesen",
    "feedback": "Rückmeldung",
    # The APIs answer errors in English (they are for the developers of apps); German for completeness.
    "This region has not published this in this language.": "Diese Region hat das in dieser Sprache nicht veröffentlicht.",
    "The window ends before it starts.": "Der Zeitraum endet, bevor er beginnt.",
    "Unknown kind of feedback “%(kind)s”.": "Unbekannte Art von Rückmeldung „%(kind)s“.",
    "The rating must be “up” or “down”.": "Die Bewertung muss „up“ oder „down“ sein.",
    "Give a rating or a comment.": "Geben Sie eine Bewertung oder einen Kommentar an.",
    "The comment is too long (at most %(max)d characters).": "Der Kommentar ist zu lang (höchstens %(max)d Zeichen).",
    "“depth” must be a whole number.": "„depth“ muss eine ganze Zahl sein.",
    "“depth” must not be negative.": "„depth“ darf nicht negativ sein.",
    "Name the page with “url” or “id”.": "Geben Sie die Seite mit „url“ oder „id“ an.",
    "This region has not published an imprint in this language.": "Diese Region hat in dieser Sprache kein Impressum veröffentlicht.",
    "“page” and “size” must be whole numbers.": "„page“ und „size“ müssen ganze Zahlen sein.",
    "“page” starts at 1 and “size” is between 1 and %(max)d.": "„page“ beginnt bei 1, und „size“ liegt zwischen 1 und %(max)d.",
    "There is no news item “%(id)s”.": "Die Nachricht „%(id)s“ gibt es nicht.",
    "The request body is not valid JSON.": "Der Inhalt der Anfrage ist kein gültiges JSON.",
    "Send the feedback as a JSON object.": "Senden Sie die Rückmeldung als JSON-Objekt.",
    "Send feedback with POST.": "Senden Sie Rückmeldungen mit POST.",
    "Say which page the feedback is about (“slug”).": "Geben Sie an, welche Seite die Rückmeldung betrifft („slug“).",
    "“%(slug)s” is the address of a list in the web app; please choose another slug.": (
        "„%(slug)s“ ist die Adresse einer Liste in der Web-App; bitte wählen Sie einen anderen Kurznamen."
    ),
}


def wanted(entry: polib.POEntry, language: str):
    """The translation this script has for ``entry``: a string, plural forms, or None."""
    if language == "en":
        return [entry.msgid, entry.msgid_plural] if entry.msgid_plural else entry.msgid
    translated = READER.get(entry.msgid, {}).get(language)
    if translated is None and language == "de":
        translated = ADMIN_DE.get(entry.msgid)
    return translated


def plural_count(catalogue: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def plural_forms(entry: polib.POEntry, language: str, translated, count: int) -> dict[int, str]:
    if isinstance(translated, str):
        forms = [translated] * count
    elif isinstance(translated, dict):
        if sorted(translated) != list(range(len(translated))):
            raise ValueError(f"{language}: {entry.msgid!r}: plural forms must be numbered 0, 1, …")
        forms = [translated[index] for index in range(len(translated))]
    else:
        forms = list(translated)
    if language in FRACTION_FORM and len(forms) == count + 1:
        forms = forms[:count]
    elif language in FRACTION_FORM and len(forms) == count - 1:
        forms.append(forms[-1])
    if len(forms) != count:
        raise ValueError(f"{language}: {entry.msgid!r} has {len(forms)} plural forms, the catalogue {count}")
    return dict(enumerate(forms))


def check_placeholders(entry: polib.POEntry, language: str, texts: list[str]) -> None:
    expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
    for text in texts:
        if sorted(PLACEHOLDER.findall(text)) != expected:
            raise ValueError(f"{language}: {text!r} must have the placeholders of {entry.msgid!r}")


def fill(language: str) -> int:
    po_path = HERE / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(po_path))
    count = plural_count(catalogue)
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        translated = wanted(entry, language)
        if translated:
            if entry.msgid_plural:
                entry.msgstr_plural = plural_forms(entry, language, translated, count)
                check_placeholders(entry, language, list(entry.msgstr_plural.values()))
            else:
                entry.msgstr = translated
                check_placeholders(entry, language, [translated])
            filled += 1
        elif entry.fuzzy:
            # msgmerge's guess from a similar msgid: not a translation anyone wrote.
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        else:
            continue
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save()
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    return filled


def is_newcomer_facing(entry: polib.POEntry) -> bool:
    return entry.msgid in READER or any(path.startswith(NEWCOMER_SOURCES) for path, _ in entry.occurrences)


def missing() -> list[tuple[str, str]]:
    """Newcomer-facing entries still untranslated or fuzzy, as (language, msgid)."""
    gaps = []
    for language in READER_LANGUAGES:
        for entry in polib.pofile(str(HERE / language / "LC_MESSAGES" / "django.po")):
            if not entry.obsolete and is_newcomer_facing(entry) and (entry.fuzzy or not entry.translated()):
                gaps.append((language, entry.msgid))
    return gaps


if __name__ == "__main__":
    for po in sorted(HERE.glob("*/LC_MESSAGES/django.po")):
        language = po.parent.parent.name
        print(language, fill(language))
    gaps = missing()
    for language, msgid in gaps:
        print(f"untranslated for newcomers: {language}: {msgid!r}")
    print(f"{len(gaps)} newcomer-facing entries untranslated or fuzzy")
    sys.exit(1 if gaps else 0)
