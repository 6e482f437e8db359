"""Machine translation: a first draft of a page in a new language, in seconds, at a known cost.

A region switches machine translation on, picks a provider per language (DeepL, a LibreTranslate
server, …) and sets a monthly word budget. Translating an item sends only its segments that have
no translation yet, stores the results as machine translations (so the item shows "machine
translated" until a person reviews it) and records the words used against the region's budget.

The providers are configured by the operator in ``settings.MACHINE_TRANSLATION_PROVIDERS``::

    MACHINE_TRANSLATION_PROVIDERS = {
        "deepl": {"class": "deepl", "url": "https://api.deepl.com", "api_key": "…"},
        "libretranslate": {"class": "libretranslate", "url": "https://lt.example.org", "api_key": ""},
    }

``class`` is ``"deepl"``, ``"libretranslate"`` or the dotted path of a ``Provider`` subclass; the
other keys are passed to it (``label``, ``timeout``, ``retries``, ``backoff`` for all of them).

What must survive translation unchanged is protected before a text is sent
(:func:`protect`): every inline element (links, bold) gets a numbered ``id`` so we can check it
came back, and phone numbers, e-mail addresses and web addresses are wrapped in
``<span translate="no" class="notranslate">``. Both DeepL (HTML tag handling) and LibreTranslate
(``format: html``) leave such elements untranslated, the text stays visible to the engine so the
sentence around it is translated in context, and :func:`restore` puts back the *original* literal
whatever the provider returned inside the span. If any protected piece is missing, doubled or
unbalanced, that segment is not stored.
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from typing import Any, NamedTuple

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.module_loading import import_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.actions.copy_for_translation import ParentNotTranslatedError
from wagtail.models import Page
from wagtail_localize.models import Translation

from wegweiser.regions.languages import BY_CODE
from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_of_page

from . import segments as seg
from .models import MachineTranslationSettings, MachineTranslationUsage

logger = logging.getLogger(__name__)

#: Segments sent to a provider in one request (DeepL accepts at most 50 texts per request).
BATCH_SIZE = 50


class MachineTranslationError(Exception):
    """Machine translation cannot be done (switched off, over budget, provider error); the message says why."""


class ProtectionError(ValueError):
    """A provider's answer lost or broke a link, markup, phone number, e-mail or web address."""


def language_name(code: str) -> str:
    language = BY_CODE.get(code)
    return f"{language.english_name} ({code})" if language else code


# ---------------------------------------------------------------------------------------------
# Protecting links, markup, phone numbers, e-mail and web addresses
# ---------------------------------------------------------------------------------------------

_TRAILING = ".,;:!?)]}»«“”\"'’"
_LITERAL = re.compile(
    r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>(?:https?://|www\.)[^\s<>\"]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:de|at|ch|eu|com|org|net|info|example)\b(?:/[^\s<>\"]*)?)"
    r"|(?P<phone>(?<![\w+(])\(?(?:\+\d{1,3}|0)\d*\)?(?:[ /\-–]?\(?\d+\)?)*)",
    re.IGNORECASE,
)
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 6, 16


def literals_in(text: str) -> list[tuple[int, int]]:
    """Where a plain text has phone numbers, e-mail addresses or web addresses: ``[(start, end)]``."""
    found = []
    for match in _LITERAL.finditer(text):
        start, end = match.span()
        if match.lastgroup == "phone":
            digits = sum(char.isdigit() for char in match.group())
            if not _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS:
                continue
        while end > start and text[end - 1] in _TRAILING:  # "… www.example.de." — the dot ends the sentence
            end -= 1
        if text[start] == "(" and ")" not in text[start:end]:
            start += 1
        if end > start:
            found.append((start, end))
    return found


@dataclass
class Protected:
    """A segment as it is sent to a provider, and what to put back afterwards."""

    html: str
    tags: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (tag name, original start tag)
    literals: dict[str, str] = field(default_factory=dict)  # id → original (escaped) text


class _Protector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Protected("")
        self.out: list[str] = []

    def _tag(self, tag: str) -> str:
        ident = f"t{len(self.result.tags) + 1}"
        self.result.tags[ident] = (tag, self.get_starttag_text() or f"<{tag}>")
        return ident

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f'<{tag} id="{self._tag(tag)}">')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(f'<{tag} id="{self._tag(tag)}"/>')

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        position = 0
        for start, end in literals_in(data):
            self.out.append(html.escape(data[position:start], quote=False))
            literal = html.escape(data[start:end], quote=False)
            ident = f"k{len(self.result.literals) + 1}"
            self.result.literals[ident] = literal
            self.out.append(f'<span translate="no" class="notranslate" id="{ident}">{literal}</span>')
            position = end
        self.out.append(html.escape(data[position:], quote=False))


def protect(value: str) -> Protected:
    """The segment's text with its markup numbered and its phone numbers, e-mail and web addresses fenced off."""
    parser = _Protector()
    parser.feed(value)
    parser.close()
    parser.result.html = "".join(parser.out)
    return parser.result


_VOID = {"br", "hr", "img", "wbr"}


class _Restorer(HTMLParser):
    def __init__(self, protected: Protected) -> None:
        super().__init__(convert_charrefs=True)
        self.protected = protected
        self.out: list[str] = []
        self.open: list[str] = []
        self.seen: list[str] = []
        self.skipping = 0  # depth inside a protected span: its content is replaced by the original

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skipping:
            self.skipping += 0 if closed or tag in _VOID else 1
            return
        ident = dict(attrs).get("id") or ""
        if ident in self.protected.literals and tag == "span":
            self.seen.append(ident)
            self.out.append(self.protected.literals[ident])
            if not closed:
                self.skipping = 1
        elif ident in self.protected.tags and self.protected.tags[ident][0] == tag:
            self.seen.append(ident)
            self.out.append(self.protected.tags[ident][1])
            if not closed and tag not in _VOID:
                self.open.append(tag)
        else:
            raise ProtectionError(_("the translation added markup (<%(tag)s>)") % {"tag": tag})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= 1
            return
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            raise ProtectionError(_("the translation's markup is not balanced (</%(tag)s>)") % {"tag": tag})
        self.open.pop()
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))


def restore(translated: str, protected: Protected) -> str:
    """The provider's translation with the original markup and literals back; raises ``ProtectionError``.

    Every numbered element and every fenced-off literal must come back exactly once.
    """
    parser = _Restorer(protected)
    parser.feed(translated)
    parser.close()
    if parser.open or parser.skipping:
        raise ProtectionError(_("the translation's markup is not balanced"))
    expected = sorted([*protected.tags, *protected.literals])
    if sorted(parser.seen) != expected:
        lost = sorted(set(expected) - set(parser.seen))
        originals = [protected.literals.get(ident) or protected.tags[ident][1] for ident in lost]
        if lost:
            message = _("the translation lost %(what)s") % {"what": ", ".join(html.unescape(o) for o in originals)}
        else:
            message = _("the translation repeats a link, markup or address")
        raise ProtectionError(message)
    return "".join(parser.out).strip()


# ---------------------------------------------------------------------------------------------
# Providers
# ---------------------------------------------------------------------------------------------


class Provider:
    """A machine translation service. Subclasses talk to one over HTTP.

    ``translate`` takes a batch of HTML fragments and returns their translations in the same order.
    """

    kind = ""
    label = ""

    def __init__(
        self,
        name: str,
        url: str = "",
        api_key: str = "",
        timeout: float = 30,
        retries: int = 2,
        backoff: float = 1.0,
        label: str = "",
        **options: Any,
    ) -> None:
        self.name = name
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.label = label or self.label or name
        self.options = options

    def __str__(self) -> str:
        return self.label

    def supports(self, source: str, target: str) -> bool:
        """Whether the provider translates from ``source`` into ``target`` (our language codes)."""
        raise NotImplementedError

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    # HTTP with retries ------------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Send a request; retries when the service says it is busy (429, 503), raises on network errors."""
        url = f"{self.url}{path}"
        for attempt in range(self.retries + 1):
            try:
                response = requests.request(method, url, timeout=self.timeout, **kwargs)
            except requests.Timeout:
                raise MachineTranslationError(
                    _("%(provider)s did not answer within %(seconds)s seconds.")
                    % {"provider": self.label, "seconds": f"{self.timeout:g}"}
                ) from None
            except requests.RequestException as error:
                logger.warning("%s at %s: %s", self.label, url, error)
                raise MachineTranslationError(
                    _("%(provider)s cannot be reached at %(url)s.") % {"provider": self.label, "url": self.url}
                ) from None
            if response.status_code not in (429, 503) or attempt == self.retries:
                return response
            time.sleep(self._wait(response, attempt))
        raise AssertionError("unreachable")

    def _wait(self, response: requests.Response, attempt: int) -> float:
        try:
            asked = float(response.headers.get("Retry-After", ""))
        except ValueError:
            asked = 0.0
        return min(max(asked, self.backoff * 2**attempt), 30.0)

    def _json(self, response: requests.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise MachineTranslationError(
                _("%(provider)s sent an answer that is not JSON (HTTP %(status)s).")
                % {"provider": self.label, "status": response.status_code}
            ) from None

    def _unexpected(self) -> MachineTranslationError:
        return MachineTranslationError(_("%(provider)s sent an unexpected answer.") % {"provider": self.label})


#: Our language code → DeepL source and target codes (DeepL's list of supported languages, 2025).
DEEPL_SOURCE = {
    "de": "DE",
    "en": "EN",
    "ar": "AR",
    "uk": "UK",
    "ru": "RU",
    "tr": "TR",
    "fr": "FR",
    "es": "ES",
    "it": "IT",
    "pl": "PL",
    "ro": "RO",
    "bg": "BG",
}
DEEPL_TARGET = {**DEEPL_SOURCE, "en": "EN-GB"}
#: Languages DeepL offers as beta (sent with ``enable_beta_languages``); ``"beta_languages": False`` turns them off.
DEEPL_BETA = {"fa": "FA", "ckb": "CKB"}
#: Leichte Sprache (de-si), Pashto, Kurmanji, Urdu, Tigrinya and Somali are not DeepL languages; an operator
#: can add codes DeepL gains later with ``"extra_languages": {"ps": "PS"}`` (sent as beta languages).


class DeepL(Provider):
    """DeepL's REST API (v2), https://api.deepl.com or https://api-free.deepl.com for free keys."""

    kind = "deepl"
    label = "DeepL"

    def __init__(self, name: str, url: str = "", api_key: str = "", **options: Any) -> None:
        if not url:
            url = "https://api-free.deepl.com" if api_key.endswith(":fx") else "https://api.deepl.com"
        super().__init__(name, url, api_key, **options)
        self.beta = dict(DEEPL_BETA) if options.get("beta_languages", True) else {}
        self.beta.update({code: value.upper() for code, value in (options.get("extra_languages") or {}).items()})

    def codes(self, source: str, target: str) -> tuple[str, str] | None:
        """DeepL's codes for the pair, or None if DeepL does not translate it."""
        source_code = DEEPL_SOURCE.get(source) or self.beta.get(source)
        target_code = DEEPL_TARGET.get(target) or self.beta.get(target)
        if not source_code or not target_code or source_code == target_code.split("-")[0]:
            return None
        return source_code, target_code

    def supports(self, source: str, target: str) -> bool:
        return self.codes(source, target) is not None

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        codes = self.codes(source, target)
        if codes is None:
            raise MachineTranslationError(_unsupported(self, source, target))
        body: dict[str, Any] = {
            "text": texts,
            "source_lang": codes[0],
            "target_lang": codes[1],
            "tag_handling": "html",
        }
        if source in self.beta or target in self.beta:
            body["enable_beta_languages"] = True
        if self.options.get("formality"):
            body["formality"] = self.options["formality"]
        response = self._request(
            "POST", "/v2/translate", json=body, headers={"Authorization": f"DeepL-Auth-Key {self.api_key}"}
        )
        if response.status_code != 200:
            raise self._error(response)
        try:
            translations = [item["text"] for item in self._json(response)["translations"]]
        except (KeyError, TypeError):
            raise self._unexpected() from None
        if len(translations) != len(texts):
            raise self._unexpected()
        return translations

    def _error(self, response: requests.Response) -> MachineTranslationError:
        status = response.status_code
        if status == 403:
            message = _("%(provider)s refused the API key (HTTP 403). Ask the operator to check it.")
        elif status == 456:
            message = _("The %(provider)s account has used up its quota (HTTP 456). Ask the operator to extend it.")
        elif status == 429:
            message = _("%(provider)s is receiving too many requests (HTTP 429). Try again in a few minutes.")
        elif status >= 500:
            message = _("%(provider)s is not available at the moment (HTTP %(status)s). Try again later.")
        else:
            try:
                detail = str(response.json().get("message", ""))
            except (ValueError, AttributeError):
                detail = ""
            message = _("%(provider)s refused the request (HTTP %(status)s): %(detail)s")
            return MachineTranslationError(message % {"provider": self.label, "status": status, "detail": detail})
        return MachineTranslationError(message % {"provider": self.label, "status": status})


#: Our codes LibreTranslate does not know under the same name; None: never offered.
LIBRETRANSLATE_CODES: dict[str, str | None] = {"de-si": None}


class LibreTranslate(Provider):
    """A LibreTranslate server (self-hosted or libretranslate.com); it says which languages it has."""

    kind = "libretranslate"
    label = "LibreTranslate"

    def code(self, language: str) -> str | None:
        return LIBRETRANSLATE_CODES.get(language, language)

    def languages(self) -> dict[str, set[str]]:
        """The server's languages, each with the languages it translates into (asked once an hour)."""
        key = f"wegweiser:libretranslate-languages:{self.url}"
        found = cache.get(key)
        if found is None:
            response = self._request("GET", "/languages")
            if response.status_code != 200:
                raise self._error(response)
            try:
                found = {item["code"]: set(item.get("targets") or []) for item in self._json(response)}
            except (KeyError, TypeError):
                raise self._unexpected() from None
            cache.set(key, found, 3600)
        return found

    def supports(self, source: str, target: str) -> bool:
        source_code, target_code = self.code(source), self.code(target)
        if not source_code or not target_code or source_code == target_code:
            return False
        return target_code in self.languages().get(source_code, set())

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        source_code, target_code = self.code(source), self.code(target)
        if not source_code or not target_code:
            raise MachineTranslationError(_unsupported(self, source, target))
        body = {"q": texts, "source": source_code, "target": target_code, "format": "html"}
        if self.api_key:
            body["api_key"] = self.api_key
        response = self._request("POST", "/translate", json=body)
        if response.status_code != 200:
            raise self._error(response)
        try:
            translations = self._json(response)["translatedText"]
        except (KeyError, TypeError):
            raise self._unexpected() from None
        if isinstance(translations, str):
            translations = [translations]
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise self._unexpected()
        return [str(text) for text in translations]

    def _error(self, response: requests.Response) -> MachineTranslationError:
        status = response.status_code
        try:
            detail = str(response.json().get("error", ""))
        except (ValueError, AttributeError):
            detail = ""
        if status == 403:
            message = _("%(provider)s refused the API key (HTTP 403): %(detail)s")
        elif status == 429:
            message = _("%(provider)s is receiving too many requests (HTTP 429). Try again in a few minutes.")
        elif status >= 500:
            message = _("%(provider)s is not available at the moment (HTTP %(status)s). Try again later.")
        else:
            message = _("%(provider)s refused the request (HTTP %(status)s): %(detail)s")
        return MachineTranslationError(message % {"provider": self.label, "status": status, "detail": detail})


PROVIDER_KINDS: dict[str, type[Provider]] = {"deepl": DeepL, "libretranslate": LibreTranslate}


def _unsupported(provider: Provider, source: str, target: str) -> str:
    return _("%(provider)s cannot translate from %(source)s into %(target)s.") % {
        "provider": provider.label,
        "source": language_name(source),
        "target": language_name(target),
    }


def provider_names() -> list[str]:
    """The providers the operator configured, by name."""
    return list(getattr(settings, "MACHINE_TRANSLATION_PROVIDERS", {}) or {})


def get_provider(name: str) -> Provider:
    """The configured provider called ``name``; raises ``MachineTranslationError`` if there is none."""
    config = dict((getattr(settings, "MACHINE_TRANSLATION_PROVIDERS", {}) or {}).get(name) or {})
    if not config:
        raise MachineTranslationError(
            _("The machine translation provider “%(name)s” is not configured on this server.") % {"name": name}
        )
    kind = str(config.pop("class", name))
    cls = PROVIDER_KINDS.get(kind.lower())
    if cls is None:
        try:
            cls = import_string(kind)
        except ImportError:
            raise MachineTranslationError(
                _("The machine translation provider “%(name)s” names an unknown class “%(class)s”.")
                % {"name": name, "class": kind}
            ) from None
    return cls(name, **config)


# ---------------------------------------------------------------------------------------------
# Region settings, budget and usage
# ---------------------------------------------------------------------------------------------


class BudgetStatus(NamedTuple):
    used: int
    budget: int
    left: int


def settings_of(region: RegionPage) -> MachineTranslationSettings:
    """The region's machine translation settings (unsaved defaults if it never set any)."""
    region = region.canonical
    found = MachineTranslationSettings.objects.filter(region=region).first()
    return found or MachineTranslationSettings(region=region)


def month_start(now: datetime | None = None) -> datetime:
    """The start of the current calendar month in the server's time zone."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def budget_status(region: RegionPage) -> BudgetStatus:
    """Words machine translated for the region this calendar month, its monthly budget, and what is left."""
    region = region.canonical
    used = (
        MachineTranslationUsage.objects.filter(region=region, created_at__gte=month_start()).aggregate(
            words=Sum("words")
        )["words"]
        or 0
    )
    budget = settings_of(region).monthly_word_budget
    return BudgetStatus(used, budget, max(budget - used, 0))


def provider_name_for(config: MachineTranslationSettings, language: str) -> str:
    """The provider chosen for a language: its own choice, else the region's default ("" for none)."""
    return (config.providers or {}).get(language) or config.default_provider or ""


# ---------------------------------------------------------------------------------------------
# Translating an item
# ---------------------------------------------------------------------------------------------


@dataclass
class Result:
    """What one machine translation did: words sent (and counted against the budget), segments stored."""

    words: int
    segments: int
    provider: str = ""
    failed: list[tuple[str, str]] = field(default_factory=list)  # (segment text, why it was not stored)
    page: Page | None = None
    published: bool = False  # False: saved as a draft, for someone allowed to publish


def _distinct(missing: Sequence[seg.Segment]) -> list[seg.Segment]:
    """One segment per (context, source): a paragraph repeated in a field is translated (and paid) once."""
    seen: set[tuple[str, str]] = set()
    found = []
    for segment in missing:
        if (segment.context, segment.source) not in seen:
            seen.add((segment.context, segment.source))
            found.append(segment)
    return found


def _texts_for_provider(missing: Sequence[seg.Segment]) -> tuple[list[str], list[Protected | None]]:
    texts: list[str] = []
    shields: list[Protected | None] = []
    for segment in missing:
        if segment.context == "slug":  # a URL part: sent as words, made a slug again afterwards
            texts.append(html.escape(segment.source.replace("-", " "), quote=False))
            shields.append(None)
        else:
            shield = protect(segment.source)
            texts.append(shield.html)
            shields.append(shield)
    return texts, shields


def _slug_from(translated: str, source_slug: str) -> str:
    """A URL part from a translated slug; the source's slug if the language's script makes none."""
    return slugify(html.unescape(strip_tags(translated))) or source_slug


def _store(translation: Translation, texts: list[tuple[seg.Segment, str]], user, tool: str) -> None:
    """Store checked machine translations, each for its own segment."""
    seg.fill(translation, {segment.key: text for segment, text in texts}, kind=seg.MACHINE, user=user, tool=tool)


def may_publish(user, item: Page, language: str) -> bool:
    """Whether the person may publish the item's copy in ``language`` (or create it, if it has none)."""
    if user is None or user.is_superuser:
        return True
    target = seg.item_in(item, language)
    if target is not None:
        return target.permissions_for_user(user).can_publish()
    parent = seg.item_in(item.get_parent(), language)
    return parent is not None and parent.permissions_for_user(user).can_publish_subpage()


def machine_translate(item: Page, language: str, user=None) -> Result:
    """Machine translate the item's untranslated segments into ``language`` and publish the result.

    Refuses (``MachineTranslationError``, nothing sent, nothing stored) when the region has machine
    translation switched off, no provider for the language, or not enough words left this month.
    Segments whose links, markup or addresses did not survive are left untranslated (``Result.failed``).
    The result is published if the person may publish it; otherwise it is saved as a draft.
    """
    region = region_of_page(item)
    if region is None:
        raise MachineTranslationError(_("“%(item)s” does not belong to a region.") % {"item": item.title})
    config = settings_of(region)
    if not config.enabled:
        raise MachineTranslationError(_("Machine translation is switched off for %(region)s.") % {"region": region})
    name = provider_name_for(config, language)
    if not name:
        raise MachineTranslationError(
            _("%(region)s has chosen no machine translation provider for %(language)s.")
            % {"region": region, "language": language_name(language)}
        )
    provider = get_provider(name)
    try:
        job = seg.translation_job(item, language)
    except seg.SegmentError as error:
        raise MachineTranslationError(str(error)) from None
    source = job.source.locale.language_code
    if seg.item_in(item, language) is None:
        parent = item.get_parent()
        if parent is not None and seg.item_in(parent, language) is None:
            raise MachineTranslationError(
                _("“%(item)s” cannot be created in %(language)s before the page above it exists in that language.")
                % {"item": item.title, "language": language_name(language)}
            )
    missing = _distinct(seg.missing(job))
    if not missing:
        return Result(0, 0, provider.label, page=seg.item_in(item, language))
    words = sum(segment.words for segment in missing)
    status = budget_status(region)
    if words > status.left:
        raise MachineTranslationError(
            _(
                "Translating “%(item)s” into %(language)s needs %(words)d words, but only %(left)d of the "
                "%(budget)d words of this month's machine translation budget are left."
            )
            % {
                "item": item.title,
                "language": language_name(language),
                "words": words,
                "left": status.left,
                "budget": status.budget,
            }
        )
    if not provider.supports(source, language):
        raise MachineTranslationError(_unsupported(provider, source, language))

    texts, shields = _texts_for_provider(missing)
    translated: list[str] = []
    sent_words = 0
    try:
        for start in range(0, len(texts), BATCH_SIZE):
            batch = texts[start : start + BATCH_SIZE]
            translated += provider.translate(batch, source, language)
            sent_words += sum(segment.words for segment in missing[start : start + BATCH_SIZE])
    finally:
        if sent_words:  # the provider counts what it translated, even if a later batch failed
            MachineTranslationUsage.objects.create(
                region=region, language=language, provider=provider.name, words=sent_words
            )

    good: list[tuple[seg.Segment, str]] = []
    failed: list[tuple[str, str]] = []
    for segment, shield, text in zip(missing, shields, translated, strict=True):
        try:
            if shield is None:
                good.append((segment, _slug_from(text, segment.source)))
            else:
                good.append((segment, seg.check_target(segment.source, restore(text, shield))))
        except (ProtectionError, seg.SegmentError) as error:
            failed.append((html.unescape(strip_tags(segment.source))[:80], str(error)))
    page = None
    publish = may_publish(user, item, language)
    if good:
        try:
            with transaction.atomic():
                _store(job, good, user=user, tool=provider.label)
                page = seg.save(job, user=user, publish=publish)
        except (ParentNotTranslatedError, ValidationError, PermissionDenied) as error:
            raise MachineTranslationError(
                _("The translation of “%(item)s” could not be saved: %(error)s")
                % {"item": item.title, "error": "; ".join(getattr(error, "messages", [str(error)]))}
            ) from None
    return Result(words, len(good), provider.label, failed, page, publish and page is not None)
