"""XLIFF 1.2 and 2.0 files as translation agencies and their tools (CAT tools) read and write them.

A file holds an item's text in one language pair: one ``<file>`` element per item, one unit per
segment (a title, a paragraph, a list item). Inline markup of a segment (links, bold, line breaks)
becomes placeholders that translators move but do not change: ``<g>``/``<x/>`` in XLIFF 1.2,
``<pc>``/``<ph/>`` in XLIFF 2.0. A placeholder's id says which element it stands for: the link
``<a id="a1">`` keeps its id ``a1``, a bare ``<b>`` becomes ``b-1``, a line break ``br-1``; so the
text maps back to the segment's markup without any lookup.

Each ``<file>`` names Wegweiser, the region, the item and both languages
(``wegweiser:<region>:<translation key>:<source>:<target>``) and each unit carries a fingerprint of
the source text it was made from, so a file from elsewhere, for another region or from an older
source text is recognised. Files are read without loading DTDs, expanding entities or touching the
network, and only up to a size limit.

This module only knows the format; ``exchange`` matches files with items and their segments.
"""

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

from wegweiser.regions.languages import BY_CODE

XLIFF_12 = "1.2"
XLIFF_20 = "2.0"
VERSIONS = (XLIFF_12, XLIFF_20)
NS_12 = "urn:oasis:names:tc:xliff:document:1.2"
NS_20 = "urn:oasis:names:tc:xliff:document:2.0"
#: Wegweiser's own attributes (the source fingerprint, the format version of our identifiers).
NS_WEGWEISER = "urn:wegweiser:xliff"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
TOOL_ID = "wegweiser"
TOOL_NAME = "Wegweiser"
TOOL_VERSION = "1"
#: Files larger than this are refused before they are parsed (``WEGWEISER_XLIFF_MAX_BYTES`` overrides).
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: Inline elements a segment may contain (wagtail-localize's list); ``br`` is the only empty one.
INLINE_TAGS = ("a", "abbr", "acronym", "b", "code", "em", "i", "strong", "br")
_LINK_ID = re.compile(r"a\d+")
_SYNTHETIC_ID = re.compile(r"([a-z]+)-\d+")
#: How each element is described to CAT tools: XLIFF 1.2 ``ctype``, XLIFF 2.0 ``type`` and ``subType``.
_CTYPE_12 = {"a": "link", "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "br": "lb"}
_TYPE_20 = {
    "a": ("link", None),
    "b": ("fmt", "xlf:b"),
    "strong": ("fmt", "xlf:b"),
    "i": ("fmt", "xlf:i"),
    "em": ("fmt", "xlf:i"),
    "code": ("fmt", None),
    "br": ("fmt", "xlf:lb"),
}
#: XLIFF 1.2 target states that say the text still waits for a person (not yet a reviewed translation).
_UNREVIEWED_12 = {"new", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation"}
_UNREVIEWED_20 = {"initial"}


class XliffError(ValueError):
    """A file cannot be read as an XLIFF file from Wegweiser; the message says why."""


@dataclass(frozen=True)
class FileId:
    """What a ``<file>`` is for: a region's item translated from one language into another."""

    region: str
    translation_key: str
    source_language: str
    target_language: str

    def __str__(self) -> str:
        return ":".join([TOOL_ID, self.region, self.translation_key, self.source_language, self.target_language])

    @classmethod
    def parse(cls, value: str) -> "FileId | None":
        """The identifier of a ``<file>`` written by Wegweiser, or None for anything else."""
        parts = (value or "").split(":")
        if len(parts) != 5 or parts[0] != TOOL_ID or not all(parts[1:]):
            return None
        return cls(*parts[1:])


@dataclass(frozen=True)
class Unit:
    """One segment: its source text, the translation if any, both as string values (inline HTML).

    ``reviewed`` is false when the file says the target still waits for a person (a machine
    translation, or a text marked as needing review). ``error`` says why a unit's text could not
    be read; such a unit has no target.
    """

    id: str
    source: str
    target: str | None = None
    reviewed: bool = True
    source_hash: str | None = None
    note: str = ""
    error: str | None = None


@dataclass(frozen=True)
class ItemFile:
    """One ``<file>`` element: one item's segments in one language pair."""

    identifier: str  # FileId as a string for our files; whatever the file says otherwise
    source_language: str  # as written in the file (BCP 47 tag)
    target_language: str
    units: tuple[Unit, ...]
    title: str = ""

    @property
    def file_id(self) -> FileId | None:
        return FileId.parse(self.identifier)


@dataclass(frozen=True)
class Document:
    version: str
    files: tuple[ItemFile, ...] = field(default_factory=tuple)
    text: str = ""  # the document as read, re-serialised (UTF-8, no XML declaration)


def source_hash(source: str) -> str:
    """A fingerprint of a segment's source text, to notice a translation made from an older text."""
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def language_tag(code: str) -> str:
    """The BCP 47 tag written into files for one of our language codes (``de-si`` → ``de-DE-x-ls``)."""
    language = BY_CODE.get(code)
    return language.bcp47_tag if language else code


def language_code(value: str) -> str | None:
    """Our language code for a tag or code found in a file, or None if we do not know it."""
    wanted = (value or "").strip().lower().replace("_", "-")
    for language in BY_CODE.values():
        if wanted in (language.code.lower(), language.bcp47_tag.lower()):
            return language.code
    return None


def max_bytes() -> int:
    return int(getattr(settings, "WEGWEISER_XLIFF_MAX_BYTES", DEFAULT_MAX_BYTES))


# Writing


def build(version: str, files: Iterable[ItemFile]) -> bytes:
    """An XLIFF document of the given version holding the files (all of one language pair for 2.0)."""
    files = list(files)
    if version == XLIFF_12:
        root = _build_12(files)
    elif version == XLIFF_20:
        root = _build_20(files)
    else:
        raise ValueError(f"Unknown XLIFF version {version!r}")
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


#: Elements whose content is text (and inline markup): indentation must not touch them.
_LEAVES = {"source", "target", "note", "tool"}


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the file's structure for people reading it, leaving texts exactly as they are."""
    if etree.QName(element).localname in _LEAVES or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


def _build_12(files: list[ItemFile]) -> etree._Element:
    q = _qualifier(NS_12)
    root = etree.Element(q("xliff"), nsmap={None: NS_12, "ww": NS_WEGWEISER}, version=XLIFF_12)
    for item in files:
        file = etree.SubElement(
            root,
            q("file"),
            {
                "original": item.identifier,
                "source-language": item.source_language,
                "target-language": item.target_language,
                "datatype": "html",
                "tool-id": TOOL_ID,
            },
        )
        header = etree.SubElement(file, q("header"))
        etree.SubElement(header, q("tool"), {"tool-id": TOOL_ID, "tool-name": TOOL_NAME, "tool-version": TOOL_VERSION})
        if item.title:
            etree.SubElement(header, q("note")).text = item.title
        body = etree.SubElement(file, q("body"))
        for unit in item.units:
            element = etree.SubElement(body, q("trans-unit"), {"id": unit.id, "resname": unit.note or unit.id})
            element.set(XML_SPACE, "preserve")
            element.set(f"{{{NS_WEGWEISER}}}source-hash", source_hash(unit.source))
            _write_inline(etree.SubElement(element, q("source")), unit.source, XLIFF_12)
            if unit.target is not None:
                target = etree.SubElement(element, q("target"))
                if unit.reviewed:
                    target.set("state", "translated")
                else:
                    target.set("state", "needs-review-translation")
                    target.set("state-qualifier", "mt-suggestion")
                _write_inline(target, unit.target, XLIFF_12)
    return root


def _build_20(files: list[ItemFile]) -> etree._Element:
    q = _qualifier(NS_20)
    pairs = {(item.source_language, item.target_language) for item in files}
    if len(pairs) > 1:
        raise ValueError("An XLIFF 2.0 document holds one language pair")
    source_language, target_language = next(iter(pairs)) if pairs else ("", "")
    root = etree.Element(q("xliff"), nsmap={None: NS_20, "ww": NS_WEGWEISER}, version=XLIFF_20)
    root.set("srcLang", source_language)
    if target_language:
        root.set("trgLang", target_language)
    for item in files:
        file = etree.SubElement(root, q("file"), {"id": item.identifier})
        file.set(f"{{{NS_WEGWEISER}}}tool", f"{TOOL_ID}/{TOOL_VERSION}")
        if item.title:
            notes = etree.SubElement(file, q("notes"))
            etree.SubElement(notes, q("note"), {"category": "item"}).text = item.title
        for unit in item.units:
            element = etree.SubElement(file, q("unit"), {"id": unit.id, "name": unit.note or unit.id})
            element.set(XML_SPACE, "preserve")
            element.set(f"{{{NS_WEGWEISER}}}source-hash", source_hash(unit.source))
            segment = etree.SubElement(element, q("segment"))
            if unit.target is None:
                segment.set("state", "initial")
            elif unit.reviewed:
                segment.set("state", "translated")
            else:
                segment.set("state", "initial")
                segment.set("subState", "wegweiser:machine")
            _write_inline(etree.SubElement(segment, q("source")), unit.source, XLIFF_20)
            if unit.target is not None:
                _write_inline(etree.SubElement(segment, q("target")), unit.target, XLIFF_20)
    return root


def _qualifier(namespace: str):
    return lambda tag: f"{{{namespace}}}{tag}"


def inline_ids(value: str) -> list[str]:
    """The placeholder ids of a string value's inline elements in order (``a1``, ``b-1``, ``br-1``)."""
    ids: list[str] = []
    _walk_value(BeautifulSoup(value, "html.parser"), Counter(), lambda element, id_: ids.append(id_))
    return ids


def _walk_value(soup, counter: Counter, visit) -> None:
    for child in soup.children:
        if isinstance(child, Tag):
            visit(child, _placeholder_id(child, counter))
            _walk_value(child, counter, visit)


def _placeholder_id(element: Tag, counter: Counter) -> str:
    """A link keeps its wagtail-localize id; other elements are numbered per kind (``b-1``, ``b-2``)."""
    own = element.get("id")
    if element.name == "a" and isinstance(own, str) and _LINK_ID.fullmatch(own):
        return own
    counter[element.name] += 1
    return f"{element.name}-{counter[element.name]}"


def _write_inline(parent: etree._Element, value: str, version: str) -> None:
    """Write a string value's text into ``parent``, inline elements as placeholders."""
    ns = NS_12 if version == XLIFF_12 else NS_20
    counter: Counter = Counter()

    def append_text(element: etree._Element, text: str) -> None:
        if not text:
            return
        if len(element):
            last = element[-1]
            last.tail = (last.tail or "") + text
        else:
            element.text = (element.text or "") + text

    def write(into: etree._Element, soup) -> None:
        for child in soup.children:
            if isinstance(child, NavigableString):
                append_text(into, str(child))
            elif isinstance(child, Tag):
                id_ = _placeholder_id(child, counter)
                into.append(_placeholder(ns, version, child.name, id_))
                write(into[-1], child)

    write(parent, BeautifulSoup(value, "html.parser"))


def _placeholder(ns: str, version: str, name: str, id_: str) -> etree._Element:
    void = name == "br"
    if version == XLIFF_12:
        element = etree.Element(f"{{{ns}}}{'x' if void else 'g'}", id=id_)
        element.set("ctype", _CTYPE_12.get(name, f"x-html-{name}"))
        return element
    element = etree.Element(f"{{{ns}}}{'ph' if void else 'pc'}", id=id_)
    kind, sub_kind = _TYPE_20.get(name, ("other", None))
    element.set("type", kind)
    if sub_kind:
        element.set("subType", sub_kind)
    if void:
        element.set("disp", f"<{name}>")
    else:
        element.set("dispStart", f"<{name}>")
        element.set("dispEnd", f"</{name}>")
    return element


# Reading


#: A document type declaration in the encodings an XML file may use; refused before parsing.
_DOCTYPE_MARKERS = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def safe_parser() -> etree.XMLParser:
    """A parser that loads no DTD, expands no entities and never opens a network connection."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse(data: bytes) -> Document:
    """Read an XLIFF 1.2 or 2.0 document; raises ``XliffError`` saying what is wrong with it."""
    if len(data) > max_bytes():
        raise XliffError(
            _("The file is too large (%(size)s MB; at most %(limit)s MB).")
            % {"size": f"{len(data) / 1_000_000:.1f}", "limit": f"{max_bytes() / 1_000_000:.1f}"}
        )
    if not data.strip():
        raise XliffError(_("The file is empty."))
    if any(marker in data for marker in _DOCTYPE_MARKERS):
        raise XliffError(_("The file declares a document type (DTD); XLIFF files must not have one."))
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as error:
        raise XliffError(_("The file is not well-formed XML: %(error)s") % {"error": error.msg or error}) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise XliffError(_("The file declares a document type (DTD); XLIFF files must not have one."))
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise XliffError(_("The file uses entities; XLIFF files must not."))
    namespace = etree.QName(root).namespace
    if etree.QName(root).localname != "xliff" or namespace not in (NS_12, NS_20):
        raise XliffError(_("The file is not an XLIFF file."))
    version = root.get("version", "")
    text = etree.tostring(root, encoding="unicode")
    if namespace == NS_12 and version == XLIFF_12:
        return Document(XLIFF_12, tuple(_read_12(file) for file in root.iterchildren(f"{{{NS_12}}}file")), text)
    if namespace == NS_20 and version.startswith("2."):
        source, target = root.get("srcLang", ""), root.get("trgLang", "")
        files = tuple(_read_20(file, source, target) for file in root.iterchildren(f"{{{NS_20}}}file"))
        return Document(XLIFF_20, files, text)
    raise XliffError(_("XLIFF version %(version)s is not supported; use 1.2 or 2.0.") % {"version": version or "?"})


def _read_12(file: etree._Element) -> ItemFile:
    q = _qualifier(NS_12)
    units = []
    for element in file.iter(q("trans-unit")):
        source = element.find(q("source"))
        target = element.find(q("target"))
        units.append(
            _unit(
                element,
                source,
                target,
                XLIFF_12,
                reviewed=target is None or target.get("state", "translated") not in _UNREVIEWED_12,
            )
        )
    header_note = file.find(f"{q('header')}/{q('note')}")
    return ItemFile(
        identifier=file.get("original", ""),
        source_language=file.get("source-language", ""),
        target_language=file.get("target-language", ""),
        units=tuple(units),
        title=(header_note.text or "") if header_note is not None else "",
    )


def _read_20(file: etree._Element, source_language: str, target_language: str) -> ItemFile:
    q = _qualifier(NS_20)
    units = []
    for element in file.iter(q("unit")):
        segments = list(element.iterchildren(q("segment")))
        if len(segments) != 1:
            units.append(
                Unit(
                    id=element.get("id", ""),
                    source="",
                    error=_("The unit must have exactly one segment (it has %(n)d); do not split or join units.")
                    % {"n": len(segments)},
                )
            )
            continue
        segment = segments[0]
        target = segment.find(q("target"))
        units.append(
            _unit(
                element,
                segment.find(q("source")),
                target,
                XLIFF_20,
                reviewed=target is None or segment.get("state", "translated") not in _UNREVIEWED_20,
            )
        )
    note = file.find(f"{q('notes')}/{q('note')}")
    return ItemFile(
        identifier=file.get("id", ""),
        source_language=source_language,
        target_language=target_language,
        units=tuple(units),
        title=(note.text or "") if note is not None else "",
    )


def _unit(
    element: etree._Element,
    source: etree._Element | None,
    target: etree._Element | None,
    version: str,
    reviewed: bool,
) -> Unit:
    id_ = element.get("id", "")
    fingerprint = element.get(f"{{{NS_WEGWEISER}}}source-hash")
    name = element.get("resname" if version == XLIFF_12 else "name", "")
    try:
        source_value = _read_inline(source, version) if source is not None else ""
        target_value = _read_inline(target, version) if target is not None else None
    except XliffError as error:
        return Unit(id=id_, source="", note=name, source_hash=fingerprint, error=str(error))
    if target_value is not None and not target_value.strip():
        target_value = None
    return Unit(id_, source_value, target_value, reviewed, fingerprint, name)


def _read_inline(parent: etree._Element, version: str) -> str:
    """The string value (inline HTML) of a source or target, placeholders turned back into elements."""
    ns = NS_12 if version == XLIFF_12 else NS_20
    paired, void = ("g", "x") if version == XLIFF_12 else ("pc", "ph")
    parts: list[str] = [html.escape(parent.text or "", quote=False)]
    for child in parent:
        if not isinstance(child.tag, str):  # comments and processing instructions carry no text
            parts.append(html.escape(child.tail or "", quote=False))
            continue
        qname = etree.QName(child)
        local = qname.localname if qname.namespace == ns else None
        if local == "mrk":  # an annotation around text, not markup
            parts.append(_read_inline(child, version))
        elif local == "cp" and version == XLIFF_20:
            try:
                parts.append(html.escape(chr(int(child.get("hex", ""), 16)), quote=False))
            except ValueError:
                raise XliffError(_("A <cp> element has no valid hex code.")) from None
        elif local in (paired, void):
            name, start = _element_for(child.get("id", ""))
            if (name == "br") != (local == void):
                raise XliffError(
                    _("The placeholder %(id)s has the wrong kind of element (<%(element)s>).")
                    % {"id": child.get("id", ""), "element": local}
                )
            if name == "br":
                parts.append("<br/>")
            else:
                parts.append(f"{start}{_read_inline(child, version)}</{name}>")
        else:
            raise XliffError(
                _("Unsupported inline element <%(element)s>; keep the placeholders as they are in the source.")
                % {"element": qname.localname}
            )
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def _element_for(id_: str) -> tuple[str, str]:
    """The element a placeholder id stands for, and its start tag in the string value."""
    if _LINK_ID.fullmatch(id_):
        return "a", f'<a id="{id_}">'
    match = _SYNTHETIC_ID.fullmatch(id_)
    if match and match.group(1) in INLINE_TAGS:
        return match.group(1), f"<{match.group(1)}>"
    raise XliffError(_("Unknown placeholder id “%(id)s”.") % {"id": id_})
