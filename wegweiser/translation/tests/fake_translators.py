"""Local stand-ins for DeepL and LibreTranslate: real HTTP servers on 127.0.0.1 speaking their APIs.

They check the API key like the real services, keep HTML markup (DeepL's ``tag_handling: html``,
LibreTranslate's ``format: html``) and leave elements with ``translate="no"`` alone, as both real
services do. Everything else they "translate" word by word: known words from a small dictionary,
all other words and numbers reversed, and digits written as Arabic-Indic digits for Arabic and
Persian. So a phone number, e-mail or web address that was not protected comes back mangled.

``fake.answers`` is a queue of HTTP statuses to answer with before translating normally (e.g.
``[429]`` then OK, ``[456]`` quota exceeded, ``[500]``); ``fake.requests`` lists what was received.
"""

from __future__ import annotations

import html
import json
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: German and English words the fakes know, per target language.
DICTIONARY: dict[str, dict[str, str]] = {
    "ar": {
        "fragen": "أسئلة",
        "rufen": "اتصلوا",
        "sie": "",
        "uns": "بنا",
        "an": "",
        "oder": "أو",
        "schreiben": "اكتبوا",
        "besuchen": "زوروا",
        "die": "",
        "kita": "الحضانة",
        "seite": "صفحة",
        "mehr": "المزيد",
        "unter": "على",
        "telefon": "هاتف",
    },
    "tr": {
        "fragen": "sorular",
        "rufen": "arayın",
        "sie": "",
        "uns": "bizi",
        "an": "",
        "oder": "veya",
        "schreiben": "yazın",
        "besuchen": "ziyaret edin",
        "die": "",
        "kita": "kreş",
        "seite": "sayfa",
        "mehr": "daha fazla",
        "unter": "adresinde",
    },
    "fa": {"questions": "پرسش‌ها", "call": "تماس بگیرید", "or": "یا", "write": "بنویسید", "to": "به"},
    "en": {"fragen": "questions", "rufen": "call", "oder": "or", "schreiben": "write", "an": "to"},
}
_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def fake_translate_text(text: str, target: str) -> str:
    """Word by word: dictionary words translated, every other word or number reversed."""
    words = DICTIONARY.get(target, {})

    def replace(match: re.Match) -> str:
        word = match.group()
        known = words.get(word.lower())
        return known if known is not None else word[::-1]

    translated = _WORD.sub(replace, text)
    if target in ("ar", "fa"):
        translated = translated.translate(_ARABIC_DIGITS)
    return translated


class _HtmlTranslator(HTMLParser):
    """Keeps tags as they are, translates text outside ``translate="no"`` elements.

    With ``drop_untranslated`` it loses those elements altogether, as a faulty service might.
    """

    def __init__(self, target: str, drop_untranslated: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.target = target
        self.drop = drop_untranslated
        self.out: list[str] = []
        self.untranslated = 0  # depth inside translate="no"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.untranslated or dict(attrs).get("translate") == "no":
            self.untranslated += 1
        if not (self.drop and self.untranslated):
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not (self.drop and self.untranslated):
            self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not (self.drop and self.untranslated):
            self.out.append(f"</{tag}>")
        if self.untranslated:
            self.untranslated -= 1

    def handle_data(self, data: str) -> None:
        if self.drop and self.untranslated:
            return
        text = data if self.untranslated else fake_translate_text(data, self.target)
        self.out.append(html.escape(text, quote=False))


def fake_translate_html(value: str, target: str, drop_untranslated: bool = False) -> str:
    parser = _HtmlTranslator(target, drop_untranslated)
    parser.feed(value)
    parser.close()
    return "".join(parser.out)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeServer:
    """A small HTTP server in a thread; subclasses answer the requests."""

    api_key: str = "test-key"
    answers: list[int] = field(default_factory=list)
    #: Lose the elements marked ``translate="no"`` (a faulty service), to prove such answers are refused.
    drop_untranslated: bool = False
    requests: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake._receive(self, "GET")

            def do_POST(self) -> None:
                fake._receive(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def translations_requested(self) -> list[Received]:
        return [request for request in self.requests if request.method == "POST"]

    def _receive(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        path = handler.path
        self.requests.append(Received(method, path, {k.lower(): v for k, v in handler.headers.items()}, body))
        status, answer, headers = self.answer(method, path, {k.lower(): v for k, v in handler.headers.items()}, body)
        payload = json.dumps(answer, ensure_ascii=False).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)

    def answer(self, method: str, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError


#: Target languages the fake DeepL accepts (as DeepL does in 2025) and its beta languages.
DEEPL_TARGETS = {"AR", "BG", "DE", "EN-GB", "EN-US", "ES", "FR", "IT", "PL", "RO", "RU", "TR", "UK"}
DEEPL_SOURCES = {"AR", "BG", "DE", "EN", "ES", "FR", "IT", "PL", "RO", "RU", "TR", "UK"}
DEEPL_BETA = {"FA", "CKB"}


class FakeDeepL(FakeServer):
    """``POST /v2/translate`` of DeepL's API v2 (JSON body), with its status codes 403, 429, 456."""

    def answer(self, method: str, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        if method != "POST" or path != "/v2/translate":
            return 404, {"message": "Not found"}, {}
        if headers.get("authorization") != f"DeepL-Auth-Key {self.api_key}":
            return 403, {"message": "Authorization failure, check auth_key"}, {}
        if self.answers:
            status = self.answers.pop(0)
            messages = {429: "Too many requests", 456: "Quota exceeded", 500: "Internal server error"}
            return status, {"message": messages.get(status, "Error")}, {"Retry-After": "0"} if status == 429 else {}
        if not isinstance(body, dict) or not isinstance(body.get("text"), list):
            return 400, {"message": "Parameter 'text' not specified."}, {}
        beta = DEEPL_BETA if body.get("enable_beta_languages") else set()
        target, source = body.get("target_lang", ""), body.get("source_lang", "")
        if target not in DEEPL_TARGETS | beta:
            return 400, {"message": "Value for 'target_lang' not supported."}, {}
        if source not in DEEPL_SOURCES | beta:
            return 400, {"message": "Value for 'source_lang' not supported."}, {}
        if body.get("tag_handling") != "html":  # without tag handling, markup would be translated as text
            return 400, {"message": "This fake only translates HTML."}, {}
        language = target.split("-")[0].lower()
        translations = [
            {"detected_source_language": source, "text": fake_translate_html(text, language, self.drop_untranslated)}
            for text in body["text"]
        ]
        return 200, {"translations": translations}, {}


#: Languages of the fake LibreTranslate server, each with the languages it translates into.
LIBRETRANSLATE_LANGUAGES = {
    "de": ["en", "ar", "tr", "uk", "ru"],
    "en": ["de", "ar", "tr", "uk", "ru", "fa"],
}


class FakeLibreTranslate(FakeServer):
    """``GET /languages`` and ``POST /translate`` of LibreTranslate (JSON body, ``q`` a list)."""

    def answer(self, method: str, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        if method == "GET" and path == "/languages":
            languages = [
                {"code": code, "name": code, "targets": sorted({code, *targets})}
                for code, targets in LIBRETRANSLATE_LANGUAGES.items()
            ]
            return 200, languages, {}
        if method != "POST" or path != "/translate":
            return 404, {"error": "Not Found"}, {}
        if not isinstance(body, dict) or body.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}, {}
        if self.answers:
            status = self.answers.pop(0)
            messages = {429: "Too many request limits violations", 500: "Internal error"}
            return status, {"error": messages.get(status, "Error")}, {}
        source, target, texts = body.get("source"), body.get("target"), body.get("q")
        if source not in LIBRETRANSLATE_LANGUAGES:
            return 400, {"error": f"{source} is not supported"}, {}
        if target not in LIBRETRANSLATE_LANGUAGES[source]:
            return 400, {"error": f"{target} is not supported"}, {}
        if body.get("format") != "html":
            return 400, {"error": "This fake only translates HTML."}, {}
        if isinstance(texts, str):
            return 200, {"translatedText": fake_translate_html(texts, target, self.drop_untranslated)}, {}
        if not isinstance(texts, list):
            return 400, {"error": "Invalid request: missing q parameter"}, {}
        return (
            200,
            {"translatedText": [fake_translate_html(text, target, self.drop_untranslated) for text in texts]},
            {},
        )
