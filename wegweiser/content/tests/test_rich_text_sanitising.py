"""The one HTML sanitiser (``wegweiser.content.rich_text``), checked with generated documents that mix the markup
Wagtail's rich text uses with the usual XSS payloads, obfuscated the ways browsers forgive."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wegweiser.content.rich_text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitise_rich_text

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL_ATTRIBUTES = {"href", "src", "url", "action", "formaction", "xlink:href", "data", "poster"}

# -- Generated documents -----------------------------------------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,-أبتثجح", max_size=20)
dangerous_tags = st.sampled_from(
    ["script", "style", "iframe", "object", "svg", "math", "img", "form", "input", "base", "meta", "link", "frame",
     "frameset", "video", "audio", "source", "template", "noscript", "textarea", "xmp", "plaintext", "details",
     "marquee", "isindex", "applet", "body", "html", "title", "SCRIPT", "ScRiPt", "sVg"]
)  # fmt: skip
schemes = st.sampled_from(["javascript", "JaVaScRiPt", "vbscript", "data", "livescript", "file", "jar"])
# Characters browsers strip or ignore inside a URL's scheme, as they are or as entities.
noise = st.sampled_from(["", "\t", "\n", "\r", " ", "\x00", "\x01", "\x0b", "&#9;", "&#x0A;", "&#10;", "&Tab;",
                         "&NewLine;", "&#0000106", "&#x6A", "%20", "\u200b", "\ufeff"])  # fmt: skip


@st.composite
def obfuscated_url(draw) -> str:
    scheme = draw(schemes)
    letters = []
    for letter in scheme:
        coded = draw(st.sampled_from([letter, f"&#{ord(letter)};", f"&#x{ord(letter):x};", f"&#0{ord(letter)}"]))
        letters.append(draw(noise) + coded)
    payload = draw(st.sampled_from(["alert(1)", "text/html,<script>alert(1)</script>", "msgbox(1)", "//x"]))
    return draw(noise) + "".join(letters) + draw(st.sampled_from([":", "&colon;", "&#58;", "&#x3a;"])) + payload


def quoted(value: str, quote: str) -> str:
    return f"{quote}{value}{quote}" if quote else value.replace(" ", "")


@st.composite
def event_handler(draw) -> str:
    name = draw(st.sampled_from(["onclick", "ONERROR", "OnLoad", "onmouseover", "onfocus", "onanimationstart"]))
    quote = draw(st.sampled_from(['"', "'", "", "`"]))
    separator = draw(st.sampled_from([" ", "/", "\n", "\t", "  "]))
    return f"{separator}{name}={quoted('alert(1)', quote)}"


MARKUP_DECLARATIONS = [
    "<!--", "-->", "<!-- <script>alert(1)</script> -->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?php echo 1 ?>",
    "<!--[if IE]><script>x</script><![endif]-->",
]  # fmt: skip
SAFE_ADDRESSES = ["https://example.org/a?b=1", "http://x.de/", "mailto:a@b.de", "tel:+4930123", "/de/seite/"]
#: Payloads that end where they end: no unclosed comment, raw-text element or <plaintext> taking what follows.
CLOSED_KINDS = (0, 1, 2, 5, 6, 8, 9)


@st.composite
def payload(draw, kinds: tuple[int, ...] = tuple(range(10))) -> str:
    kind = draw(st.sampled_from(kinds))
    text = draw(words)
    if kind == 0:
        tag = draw(dangerous_tags.filter(lambda tag: kinds != CLOSED_KINDS or tag != "plaintext"))
        return f"<{tag}{draw(event_handler())}>{text}</{tag}>"
    if kind == 1:
        return f'<a href="{draw(obfuscated_url())}"{draw(event_handler())}>{text}</a>'
    if kind == 2:
        quote = draw(st.sampled_from(['"', "'", ""]))
        return f"<a href={quoted(draw(obfuscated_url()), quote)}>{text}</a>"
    if kind == 3:
        return f"<{draw(dangerous_tags)} src={draw(obfuscated_url())}>"  # unclosed
    if kind == 4:
        return draw(st.sampled_from(MARKUP_DECLARATIONS))
    if kind == 5:
        return f"<p style=\"background:url('javascript:alert(1)')\" class=x{draw(event_handler())}>{text}</p>"
    if kind == 6:
        return f'<svg><a xlink:href="{draw(obfuscated_url())}"><text>{text}</text></a><script>alert(1)</script></svg>'
    if kind == 7:
        return f"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>{text}</style></mglyph></table></math>"
    if kind == 8:
        return f'<a href="https://example.org/\x01x" title=\'"><script>alert(1)</script>\'>{text}</a>'
    return f'<embed embedtype="media" url="{draw(obfuscated_url())}"{draw(event_handler())}/>'


@st.composite
def allowed_markup(draw) -> str:
    text = draw(words)
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return f"<p>{text}</p>"
    if kind == 1:
        tag = draw(st.sampled_from(["b", "i", "strong", "em", "h2", "h3", "h4"]))
        return f"<{tag}>{text}</{tag}>"
    if kind == 2:
        href = draw(st.sampled_from(SAFE_ADDRESSES))
        return f'<a href="{href}">{text}</a>'
    if kind == 3:
        return f'<a linktype="page" id="{draw(st.integers(1, 999))}">{text}</a>'
    if kind == 4:
        return f"<ul><li>{text}</li></ul>"
    return f'<embed embedtype="contact" id="{draw(st.integers(1, 999))}"/>'


documents = st.lists(st.one_of(allowed_markup(), payload(), words), min_size=1, max_size=12).map("".join)

# -- What the output must be ---------------------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every element and attribute as a browser's tokenizer sees them (attribute values unescaped)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.found.append((tag, attrs))

    def handle_comment(self, data):
        self.comments.append(data)

    def unknown_decl(self, data):
        self.comments.append(data)


def elements(document: str) -> Elements:
    parser = Elements()
    parser.feed(document)
    parser.close()
    return parser


def scheme_of(url: str) -> str | None:
    """The scheme as a browser's URL parser reads it: C0 controls and spaces around it stripped, tabs and newlines
    anywhere removed (WHATWG URL); we also drop other control characters inside, to be on the safe side."""
    compact = "".join(character for character in url.strip("".join(map(chr, range(33)))) if character not in "\t\n\r")
    compact = "".join(character for character in compact if character >= " " and character != "\x7f")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", compact)
    return match.group(1).lower() if match else None


def assert_safe(cleaned: str) -> None:
    parsed = elements(cleaned)
    assert not parsed.comments, cleaned
    for tag, attributes in parsed.found:
        assert tag in ALLOWED_TAGS, f"<{tag}> in {cleaned!r}"
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), f"{tag}[{name}] in {cleaned!r}"
            assert not name.lower().startswith("on")
            if name in URL_ATTRIBUTES and value:
                assert scheme_of(value) in {None, *ALLOWED_URL_SCHEMES}, f"{value!r} in {cleaned!r}"
    assert "<script" not in cleaned.lower()


@BOUNDED
@given(documents)
def test_no_element_attribute_or_address_outside_the_allow_list_survives(document):
    assert_safe(sanitise_rich_text(document))


@BOUNDED
@given(documents)
def test_sanitising_is_idempotent(document):
    once = sanitise_rich_text(document)
    assert sanitise_rich_text(once) == once


@BOUNDED
@given(st.lists(allowed_markup(), min_size=1, max_size=8), st.lists(payload(CLOSED_KINDS), max_size=6), st.randoms())
def test_allowed_markup_and_its_text_survive_between_payloads(allowed, payloads, random):
    """Allowed blocks keep their markup and text whatever closed payloads stand between them."""
    pieces = [*allowed, *(f"<div>{p}</div>" for p in payloads)]
    random.shuffle(pieces)
    cleaned = sanitise_rich_text("".join(pieces))
    for block in allowed:
        expected = sanitise_rich_text(block)
        text = html.unescape(re.sub(r"<[^>]+>", "", expected)).strip()
        assert text in html.unescape(re.sub(r"<[^>]+>", "", cleaned)), (block, cleaned)
        if block.startswith(("<p>", "<ul>", "<embed")):
            assert expected in cleaned, (block, cleaned)


def test_known_payloads_are_defused():
    cases = {
        '<a href="jav&#x09;ascript:alert(1)">x</a>': "<a>x</a>",
        '<a href="&#1;javascript:alert(1)">x</a>': "<a>x</a>",
        '<A HREF=" javascript:1" OnClick=x>q</A>': "<a>q</a>",
        '<a href="data:text/html,<script>x</script>">x</a>': "<a>x</a>",
        '<embed embedtype="media" url="java\tscript:alert(1)"/>': '<embed embedtype="media"/>',
        "<p>a<script>alert(1)</script>b</p>": "<p>ab</p>",
        "<p>a<!-- <b>x</b> -->b</p>": "<p>ab</p>",
        '<p><img src=x onerror="alert(1)">ok</p>': "<p>ok</p>",
    }
    for dirty, clean in cases.items():
        assert sanitise_rich_text(dirty) == clean, dirty


def test_wagtail_markup_is_kept_as_it_is():
    stored = (
        '<h2>Anmelden</h2><p>Rufen Sie <a href="tel:+49301234">an</a> oder <a linktype="page" id="12">lesen</a>.'
        '</p><embed embedtype="contact" id="4"/><ul><li><b>Pass</b></li></ul>'
    )
    assert sanitise_rich_text(stored) == stored
