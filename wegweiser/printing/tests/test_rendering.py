"""The printed guide itself: read back out of the PDF with pypdf, in German and Arabic."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from wegweiser.demo.logos import shield
from wegweiser.printing.rendering import links_inside, printable_html, qr_code, render
from wegweiser.printing.selection import Entry, select
from wegweiser.publishing.documents import absolute_url

from .reading import ARABIC_RUN, contents, drawn_text, fonts, image_widths, reader, sheets, title_parts

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def guides(django_db_setup, django_db_blocker):
    """The whole Musterstadt guide in German and in Arabic, rendered once for the tests of this file."""
    with django_db_blocker.unblock():
        made = {}
        for language in ("de", "ar"):
            selection = select("musterstadt", language)
            made[language] = (selection, render(selection))
        return made


def test_the_cover_names_the_region_the_language_and_the_date(guides):
    selection, rendered = guides["de"]
    cover = sheets(rendered.pdf)[0]
    assert "Stadt Musterstadt" in cover
    assert "Wegweiser für Neuzugewanderte" in cover
    assert "Deutsch" in cover
    assert "Stand" in cover and str(int(selection.as_of[8:10])) in cover and selection.as_of[:4] in cover
    assert absolute_url("/musterstadt/de/") in cover
    # The region's logo (400 pixels wide, drawn by the demo) is on the cover.
    assert image_widths(rendered.pdf, 0) == [400]


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_contents_list_every_page_in_tree_order_with_the_sheet_it_is_on(guides, language):
    selection, rendered = guides[language]
    texts = sheets(rendered.pdf)
    titles = [entry.page["title"] for entry in selection.entries]
    assert len(titles) > 40 and len(set(titles)) == len(titles)
    numbers = contents(rendered.pdf, titles)
    # In tree order: a page never comes before the one listed above it.
    in_order = [numbers[title] for title in titles]
    assert in_order == sorted(in_order)
    assert in_order[0] > 2  # after the cover and the contents
    for title in titles:
        on_sheet = texts[numbers[title] - 1]
        for part in title_parts(title):
            assert part in on_sheet, (title, numbers[title])
    # Chapters (top-level topics) begin on a sheet of their own.
    for before, chapter in zip(selection.entries, selection.entries[1:], strict=False):
        if chapter.depth == 0:
            assert numbers[chapter.page["title"]] > numbers[before.page["title"]]


def test_arabic_text_comes_out_in_logical_order(guides):
    selection, rendered = guides["ar"]
    text = "\n".join(sheets(rendered.pdf))
    runs = [run.strip() for entry in selection.entries for run in ARABIC_RUN.findall(entry.page["title"])]
    assert len(runs) > 40
    for run in runs:
        assert run in text  # as written: first letter first, not mirrored or reversed
        if len(run) > 3:
            assert run[::-1] not in text
    assert reader(rendered.pdf).trailer["/Root"]["/Lang"] == "ar"  # type: ignore[index]
    # The cover and the contents are in Arabic too.
    assert "المحتويات" in text


def test_arabic_pages_are_laid_out_right_to_left(guides):
    """The "last updated" line is short: in Arabic it ends at the right margin, in German it begins at the left."""
    positions = {}
    for language, label in (("de", "Zuletzt aktualisiert"), ("ar", "آخر تحديث")):
        _selection, rendered = guides[language]
        sheet = 3
        pieces = [piece for piece in drawn_text(rendered.pdf, sheet) if label in piece.text]
        assert pieces, language
        positions[language] = pieces[0].x
    width = 595  # A4 in points
    assert positions["de"] < width * 0.2
    assert positions["ar"] > width * 0.5


def test_contact_cards_are_printed_with_their_pages(guides):
    selection, rendered = guides["de"]
    text = "\n".join(sheets(rendered.pdf))
    assert "Bürgerbüro – Meldestelle" in text
    assert "buergerbuero@musterstadt.example" in text
    numbers = contents(rendered.pdf, ["Wohnsitz anmelden"])
    assert "Bürgerbüro – Meldestelle" in "".join(sheets(rendered.pdf)[numbers["Wohnsitz anmelden"] - 1 :][:2])


def test_every_page_has_a_qr_code_of_its_address_in_the_web_app(guides):
    selection, _rendered = guides["de"]
    html = printable_html(selection)
    for entry in selection.entries:
        url = absolute_url(entry.page["path"])
        assert qr_code(url) in html
        assert f'href="{url}"' in html
    assert qr_code(absolute_url("/musterstadt/de/")) in html  # the cover's, to the whole guide


def test_german_words_are_hyphenated_and_fonts_cover_every_script(guides):
    selection, _ = guides["de"]
    words = "Aufenthaltserlaubnisverlängerungsantrag Krankenversicherungsbescheinigung Wohnberechtigungsschein " * 6
    page = {
        **selection.entries[0].page,
        "content": (
            f'<p style="width: 30mm">{words}</p>'
            '<p lang="ar" dir="rtl">مرحبا بكم في المدينة</p><p lang="fa" dir="rtl">ثبت نام در مهدکودک</p>'
            '<p lang="uk">Реєстрація місця проживання</p><p lang="ti">ምዝገባ መንበሪ ቦታ</p>'
        ),
    }
    single = select("musterstadt", "de", page_id=page["id"])
    single.entries = [Entry(page, 0)]
    pdf = render(single).pdf
    text = "\n".join(sheets(pdf))
    for words_in_script in (
        "مرحبا بكم في المدينة",
        "ثبت نام در مهدکودک",
        "Реєстрація місця проживання",
        "ምዝገባ መንበሪ ቦታ",
    ):
        assert words_in_script in text
    assert {"Noto-Sans", "Noto-Naskh-Arabic", "Noto-Sans-Ethiopic"} <= fonts(pdf)
    # Long compounds broken at their syllables (Pyphen's German dictionary), with a hyphen, in the narrow column.
    assert "\u2010" in text or "-\n" in text
    lines = [line.strip("\u2010-") for line in text.splitlines()]
    assert "Aufenthaltserlaubnisverlängerungsantrag" not in lines


def test_links_to_pages_in_the_printout_stay_inside_it():
    anchors = {"musterstadt/de/wohnen": "page-7"}
    content = '<a href="/musterstadt/de/wohnen/">Wohnen</a> <a href="https://example.org/">elsewhere</a>'
    assert links_inside(content, anchors) == '<a href="#page-7">Wohnen</a> <a href="https://example.org/">elsewhere</a>'


class Recording(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        Recording.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(shield("X", "#000000"))

    def log_message(self, *args):
        pass


def test_the_renderer_loads_only_our_own_static_and_media_files(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    outside = f"http://127.0.0.1:{server.server_port}"
    image = get_image_model().objects.create(
        title="Stadtplan", file=ImageFile(io.BytesIO(shield("S", "#0b5cad")), name="plan.png")
    )
    own = image.get_rendition("width-200").url
    try:
        selection = select("musterstadt", "de", page_id=select("musterstadt", "de").entries[0].page["id"])
        page = selection.entries[0].page
        selection.entries = [
            Entry(
                {
                    **page,
                    "content": (
                        f'<p><img src="{own}" alt="plan"></p>'
                        f'<p><img src="{outside}/tracker.png"></p><link rel="stylesheet" href="{outside}/x.css">'
                        '<p><img src="file:///etc/hostname"></p><p><img src="/media/../../etc/hostname"></p>'
                        '<p><img src="/musterstadt/de/"></p>'
                    ),
                },
                0,
            )
        ]
        rendered = render(selection)
    finally:
        server.shutdown()
    assert Recording.requests == []
    assert f"{outside}/tracker.png" in rendered.refused
    assert "file:///etc/hostname" in rendered.refused
    assert any(url.endswith("/etc/hostname") and url.startswith("http") for url in rendered.refused)
    assert absolute_url("/musterstadt/de/") in rendered.refused
    # Our own image is in the PDF beside the region's logo, and our stylesheet was loaded.
    assert sorted(image_widths(rendered.pdf, 0)) == [200, 400]
    assert not any("printing/guide.css" in url for url in rendered.refused)
