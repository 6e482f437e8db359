"""XLIFF 1.2 and 2.0 files: what we write, what we read back, what translate-toolkit makes of them,
and files we refuse to read (malformed, too large, with a DTD or entities)."""

import copy

import pytest
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2

from wegweiser.translation import xliff

LINKED = 'Rufen Sie <a id="a1">07100 12-1040</a> an &amp; fragen Sie <b>nach</b> uns.<br/>Danke &lt;3'
UNITS = (
    xliff.Unit("title", "Ankommen in Musterstadt", "الوصول إلى مدينة Musterstadt", note="title"),
    xliff.Unit("body.1", LINKED, None, note="body"),
    xliff.Unit(
        "body.2", "Das <b>Integrationsbüro</b> hilft", "يساعد <b>مكتب الاندماج</b>", reviewed=False, note="body"
    ),
)
FILE_ID = xliff.FileId("musterstadt", "693fe4a2-986e-4960-989f-4f01dc23373b", "de", "ar")
ITEM = xliff.ItemFile(str(FILE_ID), "de-DE", "ar", UNITS, "Ankommen in Musterstadt (topic page)")

FOREIGN_12 = b"""<?xml version="1.0"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="index.html" source-language="de" target-language="ar" datatype="html">
    <body><trans-unit id="1"><source>Hallo</source><target>Salam</target></trans-unit></body>
  </file>
</xliff>"""


def reader(version: str):
    return tt_xliff.xlifffile if version == xliff.XLIFF_12 else tt_xliff2.Xliff2File


def tt_id(version: str, unit_id: str) -> str:
    """translate-toolkit names a 1.2 unit by its file and id, a 2.0 unit by its id."""
    return f"{FILE_ID}\x04{unit_id}" if version == xliff.XLIFF_12 else unit_id


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_a_file_reads_back_as_it_was_written(version):
    document = xliff.parse(xliff.build(version, [ITEM]))
    assert document.version == version
    (item,) = document.files
    assert item.file_id == FILE_ID
    assert (item.source_language, item.target_language, item.title) == ("de-DE", "ar", ITEM.title)
    assert [(u.id, u.source, u.target, u.reviewed) for u in item.units] == [
        (u.id, u.source, u.target, u.reviewed) for u in UNITS
    ]
    assert all(u.source_hash == xliff.source_hash(u.source) and u.error is None for u in item.units)


def test_inline_markup_becomes_placeholders_and_text_is_escaped():
    text_12 = xliff.build(xliff.XLIFF_12, [ITEM]).decode()
    assert '<g id="a1" ctype="link">07100 12-1040</g>' in text_12
    assert '<g id="b-1" ctype="bold">nach</g>' in text_12
    assert '<x id="br-1" ctype="lb"/>' in text_12
    assert "an &amp; fragen" in text_12 and "Danke &lt;3" in text_12
    text_20 = xliff.build(xliff.XLIFF_20, [ITEM]).decode()
    assert '<pc id="a1" type="link"' in text_20 and '<ph id="br-1" type="fmt" subType="xlf:lb"' in text_20
    assert 'srcLang="de-DE" trgLang="ar"' in text_20
    assert xliff.inline_ids(LINKED) == ["a1", "b-1", "br-1"]


def test_our_language_codes_become_bcp47_tags_and_both_read_back():
    assert xliff.language_tag("de-si") == "de-DE-x-ls"
    assert xliff.language_code("de-DE-x-ls") == "de-si" == xliff.language_code("de-si")
    assert xliff.language_code("DE-de") == "de"
    assert xliff.language_code("xx-YY") is None


def test_only_our_file_identifiers_are_recognised():
    assert xliff.FileId.parse(str(FILE_ID)) == FILE_ID
    assert xliff.FileId.parse("index.html") is None
    assert xliff.FileId.parse("wegweiser:musterstadt::de:ar") is None
    assert xliff.parse(FOREIGN_12).files[0].file_id is None


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_translate_toolkit_reads_our_units_sources_and_targets(version):
    store = reader(version).parsestring(xliff.build(version, [ITEM]))
    units = store.getunits()
    assert [unit.getid() for unit in units] == [tt_id(version, u.id) for u in UNITS]
    assert units[0].source == "Ankommen in Musterstadt" and units[0].target == "الوصول إلى مدينة Musterstadt"
    assert units[1].source == "Rufen Sie 07100 12-1040 an & fragen Sie nach uns.Danke <3"
    assert not units[1].target
    assert units[2].target == "يساعد مكتب الاندماج"
    placeables = [type(part).__name__ for part in units[1].rich_source[0].flatten()]
    if version == xliff.XLIFF_12:
        assert placeables.count("G") == 2 and placeables.count("X") == 1
    else:
        assert placeables.count("UnknownXML") == 3  # pc, pc, ph
    assert units[2].isfuzzy() is True  # a machine translation waits for review
    assert store.gettargetlanguage() == "ar" and store.getsourcelanguage() == "de-DE"


def _translate_text(elem, translate):
    """Translate the plain text of a translate-toolkit rich string, keeping its placeables."""
    for index, part in enumerate(elem.sub):
        if isinstance(part, str):
            elem.sub[index] = translate(part)
        else:
            _translate_text(part, translate)


@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_a_file_written_by_translate_toolkit_reads_back_with_its_placeholders(version):
    store = reader(version).parsestring(xliff.build(version, [ITEM]))
    units = store.getunits()
    units[0].target = "Willkommen & <mehr>"
    rich = copy.deepcopy(units[1].rich_source)
    _translate_text(rich[0], lambda text: f"«{text}»" if text.strip() else text)
    units[1].rich_target = rich
    written = bytes(store)

    (item,) = xliff.parse(written).files
    assert item.file_id == FILE_ID
    by_id = {unit.id: unit for unit in item.units}
    assert by_id["title"].target == "Willkommen &amp; &lt;mehr&gt;"
    target = by_id["body.1"].target
    assert target is not None
    assert '<a id="a1">«07100 12-1040»</a>' in target and "<b>«nach»</b>" in target and "<br/>" in target
    assert xliff.inline_ids(target) == xliff.inline_ids(LINKED)
    assert by_id["body.1"].source_hash == xliff.source_hash(LINKED)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file>", "not well-formed"),
        (b"<html><body>Hallo</body></html>", "not an XLIFF file"),
        (b"<xliff version='1.1' xmlns='urn:oasis:names:tc:xliff:document:1.2'/>", "version 1.1"),
        (b"\xff\xfe\x00garbage", "not well-formed"),
    ],
)
def test_what_is_not_xliff_is_refused_with_a_reason(data, message):
    with pytest.raises(xliff.XliffError, match=message):
        xliff.parse(data)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="wegweiser:musterstadt:693fe4a2-986e-4960-989f-4f01dc23373b:de:ar" source-language="de-DE"
        target-language="ar"><body><trans-unit id="title"><source>x</source><target>&lol9;</target></trans-unit>
  </body></file>
</xliff>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="wegweiser:musterstadt:693fe4a2-986e-4960-989f-4f01dc23373b:de:ar" source-language="de-DE"
        target-language="ar"><body><trans-unit id="title"><source>x</source><target>&secret;</target></trans-unit>
  </body></file>
</xliff>"""

REMOTE_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE xliff SYSTEM "http://127.0.0.1:9/xliff.dtd">
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"/>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, REMOTE_DTD], ids=["bomb", "external", "dtd"])
def test_documents_with_a_dtd_or_entities_are_refused_unexpanded(data):
    with pytest.raises(xliff.XliffError, match="document type|entities") as refused:
        xliff.parse(data)
    assert "root:" not in str(refused.value) and "lollol" not in str(refused.value)


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["bomb", "external"])
def test_the_parser_itself_neither_expands_entities_nor_reads_files(data):
    """Behind the refusal of DTDs, the parser is safe on its own."""
    try:
        root = etree.fromstring(data, parser=xliff.safe_parser())
    except etree.XMLSyntaxError:
        return  # refused outright: fine
    text = "".join(root.itertext())
    assert "root:" not in text and "lollol" not in text


def test_a_file_above_the_size_limit_is_refused_before_parsing(settings):
    settings.WEGWEISER_XLIFF_MAX_BYTES = 1000
    data = xliff.build(xliff.XLIFF_12, [ITEM])
    assert len(data) > 1000
    with pytest.raises(xliff.XliffError, match="too large"):
        xliff.parse(data)


@pytest.mark.parametrize(
    "target, problem",
    [
        ('Anrufen <g id="7" ctype="link">hier</g>', "Unknown placeholder id “7”"),
        ('Anrufen <g id="br-1">hier</g>', "wrong kind of element"),
        ('Anrufen <bpt id="1">&lt;a&gt;</bpt>hier<ept id="1">&lt;/a&gt;</ept>', "Unsupported inline element <bpt>"),
    ],
)
def test_a_unit_with_placeholders_we_cannot_map_back_gets_an_error(target, problem):
    data = xliff.build(xliff.XLIFF_12, [ITEM]).decode()
    data = data.replace(
        '<target state="translated">الوصول إلى مدينة Musterstadt</target>', f"<target>{target}</target>"
    )
    (item,) = xliff.parse(data.encode()).files
    title = next(unit for unit in item.units if unit.id == "title")
    assert title.target is None and problem in (title.error or "")
    assert all(unit.error is None for unit in item.units if unit.id != "title")


def test_annotations_around_text_are_read_as_text():
    data = xliff.build(xliff.XLIFF_20, [ITEM]).decode()
    data = data.replace(
        "<target>الوصول إلى مدينة Musterstadt</target>",
        '<target>الوصول إلى <mrk id="m1" translate="no">Musterstadt</mrk></target>',
    )
    (item,) = xliff.parse(data.encode()).files
    assert item.units[0].target == "الوصول إلى Musterstadt"
