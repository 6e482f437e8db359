"""How easy a German or Leichte Sprache (``de-si``) page is to read.

Two established formulas give a page its score, computed by the ``textstat`` package:

* **Flesch reading ease after Amstad** (0–100, higher is easier; everyday German newspapers reach
  about 50–60, texts in Leichte Sprache should reach 70 or more),
* **Wiener Sachtextformel** (first variant; about the school year a reader needs, 4–15, lower is easier).

Next to the scores, small German-specific rules point to the passages an editor can improve: long
sentences, long compound words, passive voice, hard numbers, negations, foreign words and
abbreviations. Each finding carries the passage as character offsets into the page's plain text, so
the editor can highlight it. Leichte Sprache gets stricter limits and more hints than standard German.

``record(page)`` stores the score of a published page (``ReadabilityScore``), so a region can list
its hardest pages first; ``analyse_page(page)`` checks any version, e.g. the draft in the editor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import lxml.etree
import lxml.html
from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Page

from wegweiser.regions.models import RegionPage
from wegweiser.regions.tenancy import region_copies, region_of_page

from .models import ReadabilityScore

GERMAN = "de"
LEICHTE_SPRACHE = "de-si"
#: The languages whose pages get a readability score.
LANGUAGES = (GERMAN, LEICHTE_SPRACHE)

WARNING = "warning"
HINT = "hint"

#: Most words a sentence should have.
SENTENCE_LIMIT = {GERMAN: 20, LEICHTE_SPRACHE: 15}
#: Most letters a word (or each part of a word written with a hyphen or a Mediopunkt) should have.
WORD_LIMIT = {GERMAN: 20, LEICHTE_SPRACHE: 14}
#: Texts with fewer words get scores that say little (one long word moves them a lot).
SHORT_TEXT = 50
#: What a page should reach: Amstad at least, Wiener Sachtextformel at most.
TARGETS = {GERMAN: (60.0, 10.0), LEICHTE_SPRACHE: (70.0, 6.0)}

#: What each rule is called in the legend, and the colour class of its highlight.
RULES: dict[str, Any] = {
    "sentence": gettext_lazy("Long sentence"),
    "word": gettext_lazy("Long word"),
    "passive": gettext_lazy("Passive voice"),
    "number": gettext_lazy("Number"),
    "negation": gettext_lazy("Negation"),
    "foreign": gettext_lazy("Foreign word or abbreviation"),
}

# --------------------------------------------------------------------------------------------------
# Plain text with sentence boundaries
# --------------------------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "dt", "dd", "figcaption"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTAINER_TAGS = {"ul", "ol", "dl", "div", "section", "article", "figure", "table", "tbody", "thead", "tr", "td", "th"}
_HIDDEN_TAGS = {"script", "style", "template"}
_SPACES = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"[^\W_]+(?:[-'’·‧][^\W_]+)*")
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:[-·‧][^\W\d_]+)*")
_BOUNDARY = re.compile(r"[.!?…]+[\"'»«“”‘’)\]]*\s+")
#: Words that end with a full stop without ending the sentence (lower case, without the stop).
_ABBREVIATIONS = {
    "abs", "abt", "allg", "art", "bd", "bspw", "bzgl", "bzw", "ca", "dr", "evtl", "etc", "ff", "gem", "ggf",
    "hl", "hr", "hrsg", "inkl", "jh", "kap", "lt", "max", "mind", "min", "mio", "mrd", "nr", "o", "od", "prof",
    "s", "sog", "st", "std", "str", "tel", "u", "usw", "vgl", "z", "zzgl", "zz", "zzt",
}  # fmt: skip


def _words(text: str) -> frozenset[str]:
    """A set of words written one after another, separated by spaces and line breaks."""
    return frozenset(text.split())


#: Nouns that often follow an ordinal number ("im 2. Stock"), so the full stop before them ends no sentence.
_AFTER_ORDINALS = _words(
    """
    Stock Etage Obergeschoss OG Klasse Lebensjahr Geburtstag Jahr Jahrhundert Monat Woche Tag Quartal Mal
    Halbjahr Schuljahr Semester Platz Advent Weihnachtstag Feiertag Kapitel Teil Stufe Hälfte
    """
)


@dataclass(frozen=True)
class Block:
    """A heading, paragraph or list item of the page, as a range of the plain text."""

    kind: str  # "title", "heading", "paragraph" or "item"
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading, a list item, a line) as a range of the plain text."""

    start: int
    end: int
    words: int


@dataclass
class PlainText:
    """A page's text as readers read it: title and body without markup, cut into blocks and sentences."""

    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)

    def add_block(self, kind: str, content: str) -> None:
        lines = [_SPACES.sub(" ", line).strip() for line in content.split("\n")]
        content = "\n".join(line for line in lines if line)
        if not content:
            return
        if self.text:
            self.text += "\n\n"
        start = len(self.text)
        self.text += content
        self.blocks.append(Block(kind, start, len(self.text)))
        for sentence_start, sentence_end in split_sentences(content):
            piece = content[sentence_start:sentence_end]
            self.sentences.append(Sentence(start + sentence_start, start + sentence_end, len(_WORD.findall(piece))))

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of one block as (start, end) offsets; every line of the block ends a sentence.

    A full stop after an abbreviation (``z. B.``, ``bzw.``, ``Nr.``), a single letter or a day or
    month number (``am 3. Mai``) does not end a sentence, nor does one followed by a lower-case word.
    """
    spans = []
    line_start = 0
    for line in text.split("\n"):
        start = 0
        for match in _BOUNDARY.finditer(line):
            before = line[: match.start()]
            after = line[match.end() :]
            if line[match.start()] == "." and not _ends_sentence(before, after):
                continue
            end = match.end() - (len(match.group()) - len(match.group().rstrip()))
            spans.append((line_start + start, line_start + end))
            start = match.end()
        if line[start:].strip():
            spans.append((line_start + start, line_start + len(line.rstrip())))
        line_start += len(line) + 1
    return spans


def _ends_sentence(before: str, after: str) -> bool:
    last = re.search(r"(\w+)$", before)
    if last is None:
        return True
    word = last.group(1)
    if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    following = re.match(r"\w+", after)
    next_word = following.group() if following else ""
    # "am 3. Mai", "im 2. Stock", "1. 2. 2026" go on; "Raum 5. Dann …" ends.
    ordinal = next_word in MONTHS or next_word in _AFTER_ORDINALS or next_word[:1].isdigit()
    if word.isdigit() and len(word) <= 2 and ordinal:
        return False
    return not (after and after[0].islower())


def plain_text(title: str, body_html: str = "") -> PlainText:
    """The readers' text of a page: its title, then every heading, paragraph and list item of its body."""
    result = PlainText()
    result.add_block("title", title or "")
    if body_html and body_html.strip():
        try:
            root = lxml.html.fragment_fromstring(body_html, create_parent="div")
        except (lxml.etree.ParserError, ValueError):  # not HTML after all: read it as text
            result.add_block("paragraph", body_html)
        else:
            _collect_blocks(root, result)
    return result


def _collect_blocks(element, result: PlainText) -> None:
    loose = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCK_TAGS:
            _flush(loose, result)
            kind = "heading" if tag in _HEADING_TAGS else "item" if tag in {"li", "dt", "dd"} else "paragraph"
            result.add_block(kind, _inline_text(child))
            for nested in child:
                if nested.tag in {"ul", "ol"}:  # a list inside a list item: its items follow
                    _collect_blocks(nested, result)
        elif tag in _CONTAINER_TAGS:
            _flush(loose, result)
            _collect_blocks(child, result)
        elif tag == "br":
            loose.append("\n")
        elif tag and tag not in _HIDDEN_TAGS:
            loose.append(_inline_text(child))
        loose.append(child.tail or "")
    _flush(loose, result)


def _flush(loose: list[str], result: PlainText) -> None:
    result.add_block("paragraph", "".join(loose))
    loose.clear()


def _inline_text(element) -> str:
    """An element's text with ``<br>`` as a line break; nested lists are left to their own blocks."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in _HIDDEN_TAGS and tag not in {"ul", "ol"}:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --------------------------------------------------------------------------------------------------
# Findings and rules
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A passage to improve: which rule, where (offsets into the plain text), how serious, and why."""

    rule: str
    start: int
    end: int
    severity: str = WARNING
    kind: str = ""  # which message of the rule, e.g. "percent" for the number rule
    params: dict[str, Any] = field(default_factory=dict)
    sentence: int = 0

    @property
    def message(self) -> str:
        """What is wrong and what to do instead, in the editor's language."""
        template = MESSAGES.get((self.rule, self.kind)) or MESSAGES[(self.rule, "")]
        return str(template) % self.params if self.params else str(template)

    @property
    def label(self) -> str:
        return str(RULES[self.rule])

    def shifted(self, offset: int, sentence: int) -> Finding:
        return Finding(
            self.rule, self.start + offset, self.end + offset, self.severity, self.kind, self.params, sentence
        )

    def as_dict(self, text: str) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "passage": text[self.start : self.end],
            "params": self.params,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            data["rule"],
            data["start"],
            data["end"],
            data.get("severity", WARNING),
            data.get("kind", ""),
            data.get("params") or {},
            data.get("sentence", 0),
        )


MESSAGES: dict[tuple[str, str], Any] = {
    ("sentence", ""): gettext_lazy(
        "This sentence has %(words)d words. Aim for at most %(limit)d: one statement per sentence."
    ),
    ("word", ""): gettext_lazy("Long word (%(letters)d letters). Use a shorter word or split it with a hyphen."),
    ("word", "compound"): gettext_lazy("Compound of %(parts)d words. Split it (“%(split)s”) or use a simpler word."),
    ("passive", ""): gettext_lazy("Passive voice. Say who does it: “The office checks your application.”"),
    ("number", ""): gettext_lazy("Large number without grouping. Write %(grouped)s, or say “about …” or “many”."),
    ("number", "percent"): gettext_lazy("Percentages are hard to picture. Say “half”, “1 in 4” or “many”."),
    ("number", "roman"): gettext_lazy("Roman numeral. Write %(arabic)s instead."),
    ("number", "date"): gettext_lazy("Write the date with the name of the month: %(written)s."),
    ("negation", ""): gettext_lazy("Negation. Say it positively if you can."),
    ("negation", "double"): gettext_lazy("Double negation. Say it positively."),
    ("foreign", ""): gettext_lazy("Foreign word. Use “%(suggestion)s” instead."),
    ("foreign", "abbreviation"): gettext_lazy("Abbreviation. Write it out: “%(suggestion)s”."),
}

Rule = Callable[[str, str], Iterable[Finding]]


def check_sentence_length(sentence: str, language: str) -> Iterator[Finding]:
    """A sentence with more words than the limit (20 in German, 15 in Leichte Sprache)."""
    words = len(_WORD.findall(sentence))
    limit = SENTENCE_LIMIT[language]
    if words > limit:
        yield Finding("sentence", 0, len(sentence), WARNING, params={"words": words, "limit": limit})


# Parts of compound words frequent in municipal texts; a word made of three of them (or two in
# Leichte Sprache) is hard to read in one piece.
_COMPOUND_PARTS = _words(
    """
    abend abfall bahnhof deutschland jobcenter kindergarten krankenhaus wochenende abgabe abschluss agentur
    akte alt amt amts angebot angelegenheit anmeldung anerkennung anspruch antrag anträge anzeige arbeit
    arbeitgeber arbeitnehmer arzt ärzte asyl aufenthalt aufnahme ausbildung ausgabe auskunft ausland ausländer
    ausweis auto bahn bank bau bedarf behandlung behörde beihilfe beitrag beratung berater bereich beruf berufs
    bescheid bescheinigung bestätigung besuch betreuung betrieb bewerbung bezug bildung brief bürger büro
    dienst dienste datum deutsch eingang einkommen einrichtung eintrag einwohner eltern empfang ende erlaubnis
    ersatz erziehung fach fahr fahrt fall familie familien ferien form formular frage frau frauen freizeit
    frist führer führung gebühr gebühren geber geburt geld gemeinde gericht gesetz gesundheit gewerbe grund
    gruppe gut hand haus haushalt heim hilfe hilfen hochschule integration jahr jahres job jugend kammer karte
    kasse kinder kind kita klasse kosten kranken krankheit kreis kurs land landes lehr leistung leistungen
    leiter lohn markt melde meldung miet miete mieter mittel monat nachweis nahme nehmer not nummer ordnung ort
    pass person personal pflege pflicht plan platz post praxis prüfung rat rathaus recht rechts regel reise
    rente rück sache schein schul schule schutz schwanger sozial sprach sprache sprechstunde stadt stand stelle
    steuer stunde tag teil teilnahme termin träger übersetzung unterhalt unterkunft unterlagen unterricht
    unterstützung urkunde verein verfahren vergabe verkehr verlängerung vermittlung versicherung vertrag
    verwaltung vorsorge wahl welt wert wesen wohn wohnung woche wochen zahl zahlung zeit zentrum zeugnis zulage
    zulassung zuschuss zuständigkeit
    """
)
_LINKS = ("", "s", "es", "n", "en", "e", "er")
_ENDINGS = ("", "e", "en", "n", "s", "es", "er", "ern", "nen")


@lru_cache(maxsize=4096)
def compound_parts(word: str) -> tuple[str, ...]:
    """The known parts of a compound word, fewest first (``Kindergeldantrag`` → kinder, geld, antrag).

    Empty when the word cannot be built entirely from known parts, linking letters and endings.
    """
    word = word.lower()
    size = len(word)
    # best[i]: the fewest parts that build word[:i] (and among those, the fewest linking letters).
    best: dict[int, tuple[tuple[str, ...], int]] = {0: ((), 0)}
    for start in range(size):
        if start not in best:
            continue
        parts_so_far, links_so_far = best[start]
        for end in range(start + 2, size + 1):
            part = word[start:end]
            if part not in _COMPOUND_PARTS:
                continue
            for link in _LINKS if end < size else ("",):
                stop = end + len(link)
                if word[end:stop] != link or stop > size:
                    continue
                candidate = (parts_so_far + (part,), links_so_far + len(link))
                if stop not in best or (len(candidate[0]), candidate[1]) < (len(best[stop][0]), best[stop][1]):
                    best[stop] = candidate
    for ending in _ENDINGS:
        position = size - len(ending)
        if position > 0 and word.endswith(ending) and position in best and best[position][0]:
            return best[position][0]
    return ()


def check_long_words(sentence: str, language: str) -> Iterator[Finding]:
    """Words too long to read at once; parts joined with a hyphen or a Mediopunkt count on their own.

    In German a compound of three or more parts is flagged; in Leichte Sprache one of two parts
    (``Bürgeramt``) gets a hint to write it as ``Bürger-Amt`` or ``Bürger·amt``.
    """
    limit = WORD_LIMIT[language]
    for match in _LETTER_WORD.finditer(sentence):
        offset = match.start()
        for part in re.split(r"([-·‧])", match.group()):
            if part in {"-", "·", "‧"} or not part:
                offset += len(part)
                continue
            start, end = offset, offset + len(part)
            offset = end
            parts = compound_parts(part) if part[0].isupper() or language == LEICHTE_SPRACHE else ()
            if len(parts) >= 3 or (language == LEICHTE_SPRACHE and len(parts) == 2 and len(part) >= 10):
                split = _split_as_written(part, parts)
                severity = WARNING if len(parts) >= 3 else HINT
                yield Finding("word", start, end, severity, "compound", {"parts": len(parts), "split": split})
            elif len(part) > limit:
                yield Finding("word", start, end, WARNING, params={"letters": len(part), "limit": limit})


def _split_as_written(word: str, parts: tuple[str, ...]) -> str:
    """``Kindergeldantrag`` with parts (kinder, geld, antrag) → ``Kinder-Geld-Antrag``."""
    pieces = []
    position = 0
    lower = word.lower()
    for index, part in enumerate(parts):
        found = lower.index(part, position)
        if index:
            pieces.append(word[position:found])  # linking letters belong to the piece before
        piece = word[found : found + len(part)]
        pieces.append(("-" if index else "") + piece[0].upper() + piece[1:])
        position = found + len(part)
    pieces.append(word[position:])
    return "".join(pieces)


_WERDEN = re.compile(
    r"(?<![\w-])(?:werde|wirst|wird|werden|werdet|wurde|wurdest|wurden|wurdet|würde|würdest|würden|würdet|worden)(?![\w-])",
    re.IGNORECASE,
)
_PARTICIPLE = re.compile(
    r"(?<![\w-])(?:"
    r"[a-zäöüß]*ge[a-zäöüß]{2,}(?:t|en)"  # geprüft, angemeldet, ausgegeben
    r"|(?:be|ver|er|ent|zer|emp|miss|über|unter|hinter|wider)[a-zäöüß]{2,}t"  # beantragt, verlängert
    r"|[a-zäöüß]{3,}iert"  # informiert, registriert
    r"|(?:unterschrieben|beschrieben|verschoben|vergeben|bezogen|erhoben|entschieden|verboten|übernommen"
    r"|betrieben|erlassen|verliehen|bewiesen|entlassen|verlassen|beworben|verwiesen|angewiesen)"
    r")(?![\w-])"
)
#: Infinitives that look like participles ("Das wird gelten" is future, not passive).
_PASSIVE_CLAUSE = re.compile(r"[,;:?!–—]| - ")
_NOT_PARTICIPLES = _words(
    """
    gelten gewinnen gehören genießen gewöhnen gestalten gebrauchen gefallen gelingen geschehen gewähren
    genehmigen gestatten gedenken geraten gedulden gehorchen geleiten gewährleisten bereit bekannt
    """
)


def check_passive(sentence: str, language: str) -> Iterator[Finding]:
    """Passive voice: a form of "werden" with a past participle in the same clause (``wird geprüft``,
    ``ist … worden``); "Sie werden krank" or "Das wird gelten" are no passive.
    """
    for clause_start, clause in _clauses(sentence, _PASSIVE_CLAUSE):
        participles = [m for m in _PARTICIPLE.finditer(clause) if m.group().lower() not in _NOT_PARTICIPLES]
        if not participles:
            continue
        for werden in _WERDEN.finditer(clause):
            nearest = min(participles, key=lambda m: abs(m.start() - werden.start()))
            if nearest.start() == werden.start():
                continue
            start, end = min(werden.start(), nearest.start()), max(werden.end(), nearest.end())
            yield Finding("passive", clause_start + start, clause_start + end, WARNING)


def _clauses(sentence: str, separators: re.Pattern) -> Iterator[tuple[int, str]]:
    """The parts of a sentence between separators (commas, semicolons…), each with its offset."""
    start = 0
    for match in separators.finditer(sentence):
        yield start, sentence[start : match.start()]
        start = match.end()
    yield start, sentence[start:]


_LARGE_NUMBER = re.compile(r"(?<![\d.,/+\-–])[1-9]\d{4,}(?![\d]|[.,/\-–]\d)")
_PERCENT = re.compile(r"(?<![\w])\d+(?:[.,]\d+)?\s?(?:%|Prozent(?![a-zäöüß]))")
_ROMAN = re.compile(r"(?<![\w\-·])(?=[MDCLXVI])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})(?![\w\-·])")
#: Capital letters that are Roman numerals by form but mean something else.
_NOT_ROMAN = frozenset(
    {"CD", "CC", "CV", "DC", "MC", "MD", "CM", "MM", "DM", "CI", "DI", "MI", "LI", "XL", "MDL", "LCD"}
)
_ROMAN_AFTER = re.compile(r"(?:SGB|Teil|Kapitel|Band|Stufe|Abschnitt|Buch|Phase|Klasse|Gruppe|Nr\.?)\s$")
_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}|\d{2}))?(?![\d])")
_POSTCODE_BEFORE = re.compile(r"(?:^|[,:;]\s*|PLZ\s*)$")
MONTHS = [
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
]  # fmt: skip


def check_numbers(sentence: str, language: str) -> Iterator[Finding]:
    """Numbers that are hard to read: long ones without grouping, percentages, Roman numerals, and
    in Leichte Sprache dates written with digits only (``01.02.2026``).

    Phone numbers and postcodes (five digits after a comma or at the start, before a place name)
    are left alone.
    """
    for match in _LARGE_NUMBER.finditer(sentence):
        digits = match.group()
        before, after = sentence[: match.start()], sentence[match.end() :]
        if len(digits) == 5 and _POSTCODE_BEFORE.search(before) and re.match(r"\s+[A-ZÄÖÜ]", after):
            continue
        if re.search(r"(?:Tel\.?|Telefon|Fax|Handy|Mobil|IBAN|BIC|\+|\d)[\s\d/()\-–:.]*$", before, re.IGNORECASE):
            continue  # part of a phone number or bank account
        grouped = f"{int(digits):,}".replace(",", ".")
        yield Finding("number", match.start(), match.end(), WARNING, params={"grouped": grouped})
    for match in _PERCENT.finditer(sentence):
        severity = WARNING if language == LEICHTE_SPRACHE else HINT
        yield Finding("number", match.start(), match.end(), severity, "percent")
    for match in _ROMAN.finditer(sentence):
        numeral = match.group()
        if not numeral or numeral in _NOT_ROMAN:
            continue
        if len(numeral) == 1 and not _ROMAN_AFTER.search(sentence[: match.start()]):
            continue
        yield Finding("number", match.start(), match.end(), WARNING, "roman", {"arabic": str(roman_value(numeral))})
    if language == LEICHTE_SPRACHE:
        for match in _DATE.finditer(sentence):
            day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            written = f"{day}. {MONTHS[month - 1]}" + (f" {year if len(year) == 4 else '20' + year}" if year else "")
            yield Finding("number", match.start(), match.end(), WARNING, "date", {"written": written})


def roman_value(numeral: str) -> int:
    """``XIV`` → 14."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for index, letter in enumerate(numeral):
        value = values[letter]
        following = values[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


_NEGATION = re.compile(
    r"(?<![\w-])(?:nicht|nichts|kein|keine|keinen|keinem|keiner|keines|nie|niemals|niemand|niemanden|niemandem"
    r"|weder|nirgends|nirgendwo|ohne)(?![\w-])",
    re.IGNORECASE,
)
_NEGATED_ADJECTIVE = re.compile(r"(?<![\w-])un[a-zäöüß]{4,}(?![\w-])")
_NOT_NEGATED = frozenset({"ungefähr", "unbedingt", "unterwegs", "unternehmen", "untersuchen", "unterschreiben"})
_CLAUSE = re.compile(r"[,;:–—()]| - ")


def check_negations(sentence: str, language: str) -> Iterator[Finding]:
    """Negations: two in one clause (``nicht ohne``, ``nicht unwichtig``) are always flagged; in
    Leichte Sprache every negation gets a hint, because readers easily miss a single "nicht".
    """
    in_double: set[int] = set()
    for clause_start, clause in _clauses(sentence, _CLAUSE):
        negations = [m for m in _NEGATION.finditer(clause) if not _only_emphasis(clause, m)]
        # "weder … noch" is one negation, however many parts it has.
        if any(m.group().lower() == "weder" for m in negations) and len(negations) > 1:
            negations = [m for m in negations if m.group().lower() != "weder"] or negations[:1]
        negated = [
            m
            for m in _NEGATED_ADJECTIVE.finditer(clause)
            if m.group() not in _NOT_NEGATED
            and not m.group().startswith(("unter", "unser", "und"))
            and negations
            and m.start() > negations[0].start()
        ]
        passages = sorted(negations + negated, key=lambda m: m.start())
        # Two different negations deny each other; "ohne Arbeit und ohne Wohnung" only lists.
        kinds = {_negation_kind(m.group()) for m in negations} | {"un" for _ in negated}
        if len(passages) >= 2 and len(kinds) >= 2:
            start, end = clause_start + passages[0].start(), clause_start + passages[-1].end()
            yield Finding("negation", start, end, WARNING, "double")
            in_double.update(clause_start + m.start() for m in negations)
    if language == LEICHTE_SPRACHE:
        for match in _NEGATION.finditer(sentence):
            if match.start() not in in_double:
                yield Finding("negation", match.start(), match.end(), HINT)


def _negation_kind(word: str) -> str:
    word = word.lower()
    return "kein" if word.startswith("kein") else "niemand" if word.startswith("niemand") else word


def _only_emphasis(clause: str, match: re.Match) -> bool:
    """``nicht nur … sondern auch`` adds rather than denies."""
    return match.group().lower() == "nicht" and clause[match.end() :].lstrip().lower().startswith("nur ")


# Foreign words and abbreviations in municipal texts, with a German way to say them. Abbreviations
# marked "si" are normal in German but should be written out in Leichte Sprache.
_FOREIGN_WORDS: dict[str, str] = {
    "account": "Konto", "app-store": "App-Laden", "babysitter": "Kinder-Betreuung", "call": "Anruf",
    "center": "Zentrum", "chat": "Gespräch im Internet", "check": "Prüfung", "checken": "prüfen",
    "checkliste": "Liste", "coaching": "Begleitung", "community": "Gemeinschaft", "counter": "Schalter",
    "deadline": "letzter Tag", "desk": "Schalter", "download": "herunterladen", "downloaden": "herunterladen",
    "einloggen": "anmelden", "event": "Veranstaltung", "feedback": "Rückmeldung", "flyer": "Faltblatt",
    "helpdesk": "Beratung", "highlight": "Höhepunkt", "homepage": "Internet-Seite", "hotline": "Telefon-Nummer",
    "info": "Information", "infos": "Informationen", "job": "Arbeit", "jobs": "Arbeit", "kids": "Kinder",
    "know-how": "Wissen", "location": "Ort", "login": "Anmeldung", "meeting": "Treffen",
    "newsletter": "Rundbrief", "offline": "ohne Internet", "online": "im Internet", "shop": "Laden",
    "shopping": "Einkaufen", "support": "Unterstützung", "team": "Gruppe", "ticket": "Fahrkarte",
    "tool": "Werkzeug", "training": "Kurs", "update": "neue Version", "upload": "hochladen",
    "website": "Internet-Seite", "welcome": "Willkommen", "workshop": "Kurs", "service": "Hilfe",
    "ad hoc": "sofort", "de facto": "tatsächlich", "in puncto": "bei", "per": "mit",
    "pro": "für jeden", "procedere": "Ablauf", "prozedere": "Ablauf", "status quo": "jetziger Stand",
    "via": "über",
}  # fmt: skip
_FOREIGN_ABBREVIATIONS: dict[str, tuple[str, bool]] = {
    "z. B.": ("zum Beispiel", False), "bzw.": ("oder", False), "ca.": ("ungefähr", False),
    "u. a.": ("unter anderem", False), "d. h.": ("das heißt", False), "usw.": ("und so weiter", False),
    "etc.": ("und so weiter", False), "ggf.": ("wenn nötig", False), "evtl.": ("vielleicht", False),
    "inkl.": ("mit", False), "zzgl.": ("und dazu", False), "i. d. R.": ("meistens", False),
    "o. ä.": ("oder Ähnliches", False), "sog.": ("so genannt", False), "vgl.": ("siehe", False),
    "bspw.": ("zum Beispiel", False), "u. U.": ("vielleicht", False), "bzgl.": ("über", False),
    "lt.": ("laut", False), "gem.": ("nach", False), "max.": ("höchstens", False), "mind.": ("mindestens", False),
    "Nr.": ("Nummer", True), "Tel.": ("Telefon", True), "Str.": ("Straße", True), "Abs.": ("Absatz", True),
    "Std.": ("Stunde", True), "Min.": ("Minute", True), "Mo.": ("Montag", True), "Di.": ("Dienstag", True),
    "Mi.": ("Mittwoch", True), "Do.": ("Donnerstag", True), "Fr.": ("Freitag", True),
}  # fmt: skip


def _abbreviation_pattern(abbreviation: str) -> str:
    pieces = [re.escape(piece) for piece in abbreviation.rstrip(".").split(". ")]
    return r"\.\s?".join(pieces) + r"\."


_FOREIGN = re.compile(
    r"(?<![\w])(?:"
    + "|".join(
        re.escape(word).replace(r"\ ", r"\s+") + ("s?" if len(word) > 3 and " " not in word else "")
        for word in sorted(_FOREIGN_WORDS, key=len, reverse=True)
    )
    + r")(?![\w])",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(_abbreviation_pattern(a) for a in sorted(_FOREIGN_ABBREVIATIONS, key=len, reverse=True))
    + r")",
)
_ABBREVIATION_KEYS = {re.sub(r"[\s.]", "", key).lower(): key for key in _FOREIGN_ABBREVIATIONS}


def check_foreign_words(sentence: str, language: str) -> Iterator[Finding]:
    """English and Latin words and abbreviations (``Meeting``, ``online``, ``per``, ``z. B.``, ``bzw.``)
    with a German word to use instead; some abbreviations are flagged in Leichte Sprache only.
    """
    for match in _FOREIGN.finditer(sentence):
        key = re.sub(r"\s+", " ", match.group().lower())
        suggestion = _FOREIGN_WORDS.get(key) or _FOREIGN_WORDS.get(key[:-1], "")
        severity = WARNING if language == LEICHTE_SPRACHE else HINT
        yield Finding("foreign", match.start(), match.end(), severity, params={"suggestion": suggestion})
    for match in _ABBREVIATION.finditer(sentence):
        abbreviation = _ABBREVIATION_KEYS.get(re.sub(r"[\s.]", "", match.group()).lower())
        if abbreviation is None or (abbreviation[0].isupper() and not match.group()[0].isupper()):
            continue
        suggestion, leichte_sprache_only = _FOREIGN_ABBREVIATIONS[abbreviation]
        if leichte_sprache_only and language != LEICHTE_SPRACHE:
            continue
        yield Finding("foreign", match.start(), match.end(), WARNING, "abbreviation", {"suggestion": suggestion})


#: The rules in the order the editor lists them.
CHECKS: list[Rule] = [
    check_sentence_length,
    check_long_words,
    check_passive,
    check_numbers,
    check_negations,
    check_foreign_words,
]


def check_sentence(sentence: str, language: str) -> list[Finding]:
    """All findings in one sentence, offsets relative to the sentence."""
    findings = [finding for rule in CHECKS for finding in rule(sentence, language)]
    return sorted(findings, key=lambda f: (f.start, -f.end))


# --------------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """A text's readability: both scores, its size, and the passages to improve."""

    language: str
    flesch_amstad: float
    wiener_sachtextformel: float
    sentences: int
    words: int
    findings: list[Finding]
    text: PlainText

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == WARNING)

    def details(self) -> dict[str, Any]:
        """What ``ReadabilityScore.details`` keeps: the size and every finding with its passage."""
        return {
            "sentences": self.sentences,
            "words": self.words,
            "findings": [finding.as_dict(self.text.text) for finding in self.findings],
        }


def _for_formula(sentence: str) -> str:
    """A sentence as textstat counts it: one final full stop, no stops inside (``z. B.``, ``01.02.``)."""
    sentence = re.sub(r"(?<=\d)[.,](?=\d)", "", sentence)
    sentence = re.sub(r"[.!?…]+", " ", sentence).strip()
    return sentence + "." if sentence else ""


def analyse(text: str | PlainText, language: str) -> Analysis:
    """Scores and findings of a German (``de``) or Leichte Sprache (``de-si``) text.

    ``text`` is plain text (paragraphs separated by blank lines) or a page's ``PlainText``.
    """
    if language not in LANGUAGES:
        raise ValueError(f"Readability is checked for German and Leichte Sprache only, not {language!r}")
    if isinstance(text, str):
        plain = PlainText()
        for paragraph in re.split(r"\n\s*\n", text):
            plain.add_block("paragraph", paragraph)
    else:
        plain = text
    findings = []
    for index, sentence in enumerate(plain.sentences):
        for finding in check_sentence(plain.sentence_text(sentence), language):
            findings.append(finding.shifted(sentence.start, index))
    formula_text = " ".join(_for_formula(plain.sentence_text(s)) for s in plain.sentences)
    # Imported here: with nltk it takes 40 MB, which web processes serving readers need not carry.
    from textstat.textstat import textstatistics  # noqa: PLC0415

    # A textstat instance of our own: the module-level language setting is shared by all threads.
    statistics = textstatistics()
    statistics.set_lang("de")
    amstad = statistics.flesch_reading_ease(formula_text) if formula_text else 0.0
    wiener = statistics.wiener_sachtextformel(formula_text, 1) if formula_text else 0.0
    return Analysis(
        language=language,
        flesch_amstad=round(float(amstad), 1),
        wiener_sachtextformel=round(float(wiener), 1),
        sentences=len(plain.sentences),
        words=sum(sentence.words for sentence in plain.sentences),
        findings=findings,
        text=plain,
    )


def page_text(page: Page) -> PlainText:
    """The text readers see on a page (title and body) as plain text; events, places and news included."""
    return plain_text(page.title, str(getattr(page, "body", "") or ""))


def language_of(page: Page) -> str:
    return page.locale.language_code


def is_checked(page: Page) -> bool:
    """Whether the page gets a readability score: German or Leichte Sprache pages with a text body
    (topic pages, the imprint, events, places, news). Costs no query when the locale is loaded.
    """
    model = page.specific_class
    has_body = model is not None and any(field.name == "body" for field in model._meta.get_fields())
    return has_body and language_of(page) in LANGUAGES


def analyse_page(page: Page) -> Analysis:
    """The readability of this version of the page (pass a revision's object to check a draft)."""
    return analyse(page_text(page), language_of(page))


def record(page: Page) -> ReadabilityScore | None:
    """Store the readability of a published German or Leichte Sprache page; None for other pages (and a page
    unpublished since, e.g. in the same transaction, loses its score)."""
    if not is_checked(page):
        return None
    if not page.live:
        ReadabilityScore.objects.filter(page_id=page.pk).delete()
        return None
    region = region_of_page(page)
    if region is None:
        return None
    page = page.specific
    analysis = analyse_page(page)
    score, _created = ReadabilityScore.objects.update_or_create(
        page=page,
        defaults={
            "region": region,
            "language": analysis.language,
            "flesch_amstad": analysis.flesch_amstad,
            "wiener_sachtextformel": analysis.wiener_sachtextformel,
            "findings": len(analysis.findings),
            "details": analysis.details(),
        },
    )
    return score


@transaction.atomic
def record_region(region: RegionPage) -> int:
    """Check every published German and Leichte Sprache page of a region (e.g. content from before
    the check existed); returns how many pages got a score.
    """
    condition = None
    for copy in region_copies(region.canonical):
        if copy.locale.language_code in LANGUAGES:
            descendants = Page.objects.descendant_of(copy)
            condition = descendants if condition is None else condition | descendants
    if condition is None:
        return 0
    recorded = 0
    for page in condition.live().specific():
        if record(page) is not None:
            recorded += 1
    return recorded


# --------------------------------------------------------------------------------------------------
# What the scores mean
# --------------------------------------------------------------------------------------------------

_AMSTAD_LEVELS = [
    (90, gettext_lazy("very easy")),
    (80, gettext_lazy("easy")),
    (70, gettext_lazy("fairly easy")),
    (60, gettext_lazy("medium")),
    (50, gettext_lazy("fairly hard")),
    (30, gettext_lazy("hard")),
    (float("-inf"), gettext_lazy("very hard")),
]


def amstad_level(score: float) -> str:
    """How hard a Flesch-Amstad score reads, in words (``easy``, ``hard``…)."""
    return str(next(label for threshold, label in _AMSTAD_LEVELS if score >= threshold))


def wiener_level(score: float) -> str:
    """What a Wiener Sachtextformel score means: roughly the school year a reader needs."""
    if score < 4:
        return gettext("very easy")
    if score > 15:
        return gettext("very hard")
    return gettext("school year %(year)d") % {"year": round(score)}


def meets_target(analysis_or_score: Any) -> bool:
    """Whether a text reaches its language's target on both scores."""
    amstad, wiener = TARGETS[analysis_or_score.language]
    return analysis_or_score.flesch_amstad >= amstad and analysis_or_score.wiener_sachtextformel <= wiener
