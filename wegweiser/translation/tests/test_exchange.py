"""XLIFF exchange with translation agencies: export, check, preview, apply; refused files change nothing."""

import copy
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from lxml import etree
from translate.storage import xliff as tt_xliff
from translate.storage import xliff2 as tt_xliff2
from wagtail.models import Page
from wagtail_localize.models import StringTranslation

from wegweiser.content.models import TopicPage
from wegweiser.translation import exchange, xliff
from wegweiser.translation import segments as seg
from wegweiser.translation.models import TextVersion, TranslationImport


@pytest.fixture
def editor(db):
    return get_user_model().objects.get(username="musterstadt-editor")


@pytest.fixture
def topic(musterstadt) -> TopicPage:
    """A German topic page whose text has a link and bold text (“Ankommen in Musterstadt”)."""
    for page in TopicPage.objects.descendant_of(musterstadt).filter(locale__language_code="de").order_by("path"):
        sources = [segment.source for segment in seg.segments(seg.translation_job(page, "ar"))]
        if any('<a id="a1">' in source and "<b>" in source for source in sources):
            return page
    pytest.skip("the demo has no page with a link and bold text")


def copy_in(item: Page, language: str) -> Page:
    """The item's copy in a language, which the test expects to exist."""
    found = seg.item_in(item, language)
    assert found is not None, f"{item} has no copy in {language}"
    return found


def export_xml(region, items, language: str, version: str) -> bytes:
    return exchange.export(region, items, [language], version, as_zip=False).content


def linked_unit(root) -> etree._Element:
    """The first unit whose source has a link placeholder."""
    for unit in root.iter(f"{{{xliff.NS_12}}}trans-unit", f"{{{xliff.NS_20}}}unit"):
        source = next(unit.iter(f"{{{xliff.NS_12}}}source", f"{{{xliff.NS_20}}}source"))
        if any(child.get("id") == "a1" for child in source):
            return unit
    raise AssertionError("no linked unit")


def set_target(unit: etree._Element, text: str, keep_inline_from_source: bool = False) -> None:
    """Give a unit a new target: plain text, or the source's placeholders with their text replaced."""
    ns = etree.QName(unit).namespace
    holder = unit if ns == xliff.NS_12 else unit.find(f"{{{ns}}}segment")
    source = holder.find(f"{{{ns}}}source")
    target = holder.find(f"{{{ns}}}target")
    if target is None:
        target = etree.SubElement(holder, f"{{{ns}}}target")
    for child in list(target):
        target.remove(child)
    target.text = text
    if keep_inline_from_source:
        for child in source:
            placeholder = copy.deepcopy(child)
            if placeholder.text:
                placeholder.text = f"[{text}]"
            placeholder.tail = " "
            target.append(placeholder)


def import_and_publish(region, data: bytes, user, publish=True):
    stored = exchange.store(region, user, "back.xlf", exchange.read_upload("back.xlf", data))
    return exchange.apply(stored, user, publish=publish)


def state_of(*pages: Page) -> tuple:
    """What a refused import must leave alone: imports, segment translations, the pages' texts."""
    texts = []
    for page in pages:
        for copy_ in Page.objects.filter(translation_key=page.translation_key).order_by("pk"):
            latest = copy_.get_latest_revision()
            texts.append((copy_.pk, copy_.title, latest.pk if latest else None))
    translations = sorted(StringTranslation.objects.values_list("pk", "data", "translation_type"))
    return TranslationImport.objects.count(), translations, texts


# Export


@pytest.mark.django_db
def test_export_marks_the_items_in_translation_and_holds_their_segments_and_translations(musterstadt, topic):
    data = export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12)
    (item,) = xliff.parse(data).files
    assert item.file_id == xliff.FileId("musterstadt", str(topic.translation_key), "de", "ar")
    job = seg.translation_job(topic, "ar")
    keyed = exchange.keyed_segments(job)
    assert [unit.id for unit in item.units] == list(keyed)
    assert [(unit.source, unit.target) for unit in item.units] == [(s.source, s.target) for s in keyed.values()]
    assert len({unit.id for unit in item.units}) == len(item.units) > 3, "every paragraph is a unit of its own"
    assert TextVersion.objects.get(translation_key=topic.translation_key, language="ar").in_translation


@pytest.mark.django_db
def test_persian_is_exported_from_english_with_bcp47_tags(musterstadt, topic):
    data = export_xml(musterstadt, [topic], "fa", xliff.XLIFF_20)
    root = etree.fromstring(data)
    assert (root.get("srcLang"), root.get("trgLang")) == ("en", "fa")
    leichte = export_xml(musterstadt, [topic], "de-si", xliff.XLIFF_20)
    assert etree.fromstring(leichte).get("trgLang") == "de-DE-x-ls"


@pytest.mark.django_db
def test_a_selection_that_cannot_be_exported_is_refused_with_reasons(musterstadt, musterland):
    other_item = exchange.region_items(musterland).first()
    before = TextVersion.objects.filter(in_translation=True).count()
    with pytest.raises(exchange.ExchangeError) as refused:
        exchange.export(musterstadt, [other_item], ["ar", "fr"], xliff.XLIFF_12, as_zip=True)
    assert any("not an item of this region" in message for message in refused.value.messages)
    assert any("does not translate into “fr”" in message for message in refused.value.messages)
    assert TextVersion.objects.filter(in_translation=True).count() == before


# Round trips


@pytest.mark.django_db
@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_round_trip_arabic_translation_with_a_link_is_published(
    musterstadt, topic, version, editor, django_capture_on_commit_callbacks
):
    root = etree.fromstring(export_xml(musterstadt, [topic], "ar", version))
    title = next(root.iter(f"{{{xliff.NS_12}}}trans-unit", f"{{{xliff.NS_20}}}unit"))
    set_target(title, f"عنوان جديد {version}")
    set_target(linked_unit(root), "اتصل بنا", keep_inline_from_source=True)

    targets_before = {key: s.target for key, s in exchange.keyed_segments(seg.translation_job(topic, "ar")).items()}
    with django_capture_on_commit_callbacks(execute=True):
        preview = import_and_publish(musterstadt, etree.tostring(root, xml_declaration=True, encoding="UTF-8"), editor)

    assert preview.change_count == 2
    targets_after = {key: s.target for key, s in exchange.keyed_segments(seg.translation_job(topic, "ar")).items()}
    changed = {key for key in targets_after if targets_after[key] != targets_before[key]}
    assert changed == {change.unit for entry in preview.items for change in entry.changes}, "the preview was exact"
    arabic = copy_in(topic, "ar")
    assert arabic.title == f"عنوان جديد {version}" and arabic.live and not arabic.has_unpublished_changes
    assert arabic.live_revision_id == arabic.latest_revision_id, "published"
    assert not TextVersion.objects.get(translation_key=topic.translation_key, language="ar").in_translation
    body = str(arabic.body)
    assert "[اتصل بنا]" in body
    german_link = etree.HTML(str(topic.body)).xpath("//a/@href")[0]
    assert german_link in etree.HTML(body).xpath("//a[contains(., 'اتصل بنا')]/@href"), "the link kept its target"
    assert "<b>[اتصل بنا]</b>" in body
    kinds = {segment.context: segment.kind for segment in seg.segments(seg.translation_job(topic, "ar"))}
    assert kinds["title"] == seg.MANUAL


@pytest.mark.django_db
def test_round_trip_into_leichte_sprache_saved_as_draft(musterstadt, topic, editor):
    root = etree.fromstring(export_xml(musterstadt, [topic], "de-si", xliff.XLIFF_20))
    title = next(root.iter(f"{{{xliff.NS_20}}}unit"))
    set_target(title, "Ankommen in Muster-Stadt")
    before = seg.item_in(topic, "de-si")  # may not exist yet
    live_revision = before.live_revision_id if before else None

    import_and_publish(musterstadt, etree.tostring(root), editor, publish=False)

    page = copy_in(topic, "de-si")
    assert page.get_latest_revision().as_object().title == "Ankommen in Muster-Stadt"
    assert page.has_unpublished_changes
    assert page.live_revision_id == live_revision, "a draft is not published"


@pytest.mark.django_db
@pytest.mark.parametrize("version", xliff.VERSIONS)
def test_a_file_translated_with_translate_toolkit_imports_back(musterstadt, topic, version, editor):
    reader = tt_xliff.xlifffile if version == xliff.XLIFF_12 else tt_xliff2.Xliff2File
    store = reader.parsestring(export_xml(musterstadt, [topic], "uk", version))
    units = store.getunits()
    sources = {unit.getid().split("\x04")[-1]: unit for unit in units}
    job = seg.translation_job(topic, "uk")
    keyed = exchange.keyed_segments(job)
    assert set(sources) == set(keyed), "translate-toolkit sees our units"
    linked_id = next(key for key, segment in keyed.items() if '<a id="a1">' in segment.source)
    sources["title"].target = "Прибуття до Мустерштадта"
    rich = copy.deepcopy(sources[linked_id].rich_source)

    def translate(elem):
        for index, part in enumerate(elem.sub):
            if isinstance(part, str):
                elem.sub[index] = "Українською" if part.strip() else part
            else:
                translate(part)

    translate(rich[0])
    sources[linked_id].rich_target = rich

    preview = import_and_publish(musterstadt, bytes(store), editor)

    assert preview.change_count == 2
    ukrainian = copy_in(topic, "uk")
    assert ukrainian.title == "Прибуття до Мустерштадта"
    assert etree.HTML(str(ukrainian.body)).xpath("//a[. = 'Українською']/@href"), "the link survived"


@pytest.mark.django_db
def test_reviewing_a_machine_translation_makes_it_manual(musterstadt, topic, editor):
    job = seg.translation_job(topic, "tr")
    seg.fill(job, {"title": "Musterstadt'a varış"}, kind=seg.MACHINE, tool="test")
    data = export_xml(musterstadt, [topic], "tr", xliff.XLIFF_12)
    assert b'state="needs-review-translation"' in data
    reviewed = data.replace(b'state="needs-review-translation"', b'state="translated"', 1)

    stored = exchange.store(musterstadt, editor, "tr.xlf", [("tr.xlf", reviewed)])
    preview = exchange.preview_of(stored)
    assert [(c.unit, c.confirms_machine) for entry in preview.items for c in entry.changes] == [("title", True)]
    exchange.apply(stored, editor, publish=True)
    assert seg.segments(seg.translation_job(topic, "tr"))[0].kind == seg.MANUAL


@pytest.mark.django_db
def test_an_import_is_applied_once(musterstadt, topic, editor):
    root = etree.fromstring(export_xml(musterstadt, [topic], "ru", xliff.XLIFF_12))
    set_target(next(root.iter(f"{{{xliff.NS_12}}}trans-unit")), "Прибытие")
    stored = exchange.store(musterstadt, editor, "ru.xlf", [("ru.xlf", etree.tostring(root))])
    exchange.apply(stored, editor, publish=True)
    stored.refresh_from_db()
    assert stored.applied_at is not None
    job = seg.translation_job(topic, "ru")
    seg.fill(job, {"title": "Прибытие в Мустерштадт"})
    seg.save(job)
    with pytest.raises(exchange.ExchangeError, match="applied already"):
        exchange.apply(stored, editor, publish=True)
    assert copy_in(topic, "ru").title == "Прибытие в Мустерштадт"


# Refused files change nothing


def _tamper(data: bytes, change) -> bytes:
    root = etree.fromstring(data)
    change(root)
    return etree.tostring(root)


def _file_element(root):
    return next(root.iter(f"{{{xliff.NS_12}}}file", f"{{{xliff.NS_20}}}file"))


def _first_unit(root):
    return next(root.iter(f"{{{xliff.NS_12}}}trans-unit", f"{{{xliff.NS_20}}}unit"))


def _rename_unit(root):
    set_target(_first_unit(root), "Neu")
    _first_unit(root).set("id", "body.99")


def _drop_link(root):
    set_target(linked_unit(root), "ohne Link")


def _other_region(root):
    file = _file_element(root)
    file.set("original", file.get("original").replace("musterstadt", "musterland"))
    set_target(_first_unit(root), "Neu")


def _unknown_item(root):
    file = _file_element(root)
    parts = file.get("original").split(":")
    parts[2] = "00000000-0000-0000-0000-000000000000"
    file.set("original", ":".join(parts))
    set_target(_first_unit(root), "Neu")


def _french(root):
    file = _file_element(root)
    file.set("original", file.get("original").replace(":ar", ":fr"))
    file.set("target-language", "fr")
    set_target(_first_unit(root), "Nouveau")


def _foreign(root):
    _file_element(root).set("original", "index.html")
    set_target(_first_unit(root), "Neu")


def _wrong_language_attribute(root):
    _file_element(root).set("target-language", "fa")
    set_target(_first_unit(root), "Neu")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        (_rename_unit, "“body.99” is not part of the item"),
        (_drop_link, "lacks the placeholders a1"),
        (_other_region, "for the region “musterland”"),
        (_unknown_item, "does not exist in this region"),
        (_french, "does not translate into “fr”"),
        (_foreign, "not exported by Wegweiser"),
        (_wrong_language_attribute, "language “fa” does not match"),
    ],
    ids=["unknown unit", "missing placeholder", "wrong region", "unknown item", "language", "foreign", "mismatch"],
)
def test_a_file_that_does_not_fit_is_refused_and_changes_nothing(musterstadt, topic, change, message, editor):
    data = _tamper(export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12), change)
    before = state_of(topic)
    with pytest.raises(exchange.ExchangeError) as refused:
        exchange.store(musterstadt, editor, "ar.xlf", exchange.read_upload("ar.xlf", data))
    assert any(message in text for text in refused.value.messages), refused.value.messages
    assert state_of(topic) == before


@pytest.mark.django_db
def test_a_file_made_from_an_older_source_text_is_refused(musterstadt, topic, editor):
    root = etree.fromstring(export_xml(musterstadt, [topic], "ar", xliff.XLIFF_20))
    set_target(_first_unit(root), "عنوان")
    german = topic.specific
    german.title = "Ankommen in Musterstadt – neu"
    german.save_revision().publish()
    before = state_of(topic)
    with pytest.raises(exchange.ExchangeError) as refused:
        exchange.store(musterstadt, editor, "ar.xlf", [("ar.xlf", etree.tostring(root))])
    assert any("has changed since the file was exported" in m for m in refused.value.messages), refused.value.messages
    assert state_of(topic) == before


@pytest.mark.django_db
def test_a_source_change_between_upload_and_confirmation_stops_the_import(musterstadt, topic, editor):
    root = etree.fromstring(export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12))
    set_target(_first_unit(root), "عنوان")
    stored = exchange.store(musterstadt, editor, "ar.xlf", [("ar.xlf", etree.tostring(root))])
    german = topic.specific
    german.title = "Ankommen – geändert"
    german.save_revision().publish()
    before = state_of(topic)
    with pytest.raises(exchange.ExchangeError, match="has changed since"):
        exchange.apply(stored, editor, publish=True)
    assert state_of(topic) == before
    stored.refresh_from_db()
    assert stored.applied_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data, message",
    [
        (b"<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file>", "not well-formed"),
        (b"Hallo", "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b"<xliff xmlns='urn:oasis:names:tc:xliff:document:1.2' version='1.2'>&b;</xliff>",
            "document type",
        ),
    ],
    ids=["malformed", "text", "entities"],
)
def test_a_broken_file_is_refused_and_nothing_is_stored(musterstadt, topic, data, message, editor):
    before = state_of(topic)
    with pytest.raises(exchange.ExchangeError) as refused:
        exchange.store(musterstadt, editor, "x.xlf", exchange.read_upload("x.xlf", data))
    assert any(message in text for text in refused.value.messages)
    assert state_of(topic) == before


@pytest.mark.django_db
def test_a_file_that_changes_nothing_is_not_stored(musterstadt, topic, editor):
    data = export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12)
    with pytest.raises(exchange.ExchangeError, match="changes nothing"):
        exchange.store(musterstadt, editor, "ar.xlf", [("ar.xlf", data)])
    assert not TranslationImport.objects.exists()


# Admin views


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.django_db
def test_export_page_preselects_and_downloads_a_zip_with_one_file_per_language(login, musterstadt, topic):
    client = login("musterstadt-editor")
    url = reverse("translation_exchange_export")
    page = client.get(url, {"region": "musterstadt", "items": str(topic.pk), "languages": "ar,uk"})
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(rf'value="{topic.pk}" id="id_items_\d+" checked', html)
    form = page.context["form"]
    assert form.initial["items"] == [str(topic.pk)] and sorted(form.initial["languages"]) == ["ar", "uk"]

    response = client.post(
        url,
        {
            "region": musterstadt.pk,
            "items": [topic.pk],
            "languages": ["ar", "uk"],
            "version": "2.0",
            "packaging": "zip",
        },
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert 'filename="musterstadt-xliff-2.0.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["musterstadt-ar.xlf", "musterstadt-uk.xlf"]
    for language in ("ar", "uk"):
        document = xliff.parse(archive.read(f"musterstadt-{language}.xlf"))
        assert document.version == "2.0"
        assert [f.file_id for f in document.files] == [
            xliff.FileId("musterstadt", str(topic.translation_key), "de", language)
        ]


@pytest.mark.django_db
def test_export_page_filters_items_by_kind(login, musterstadt):
    client = login("musterstadt-editor")
    page = client.get(reverse("translation_exchange_export"), {"kind": "event"})
    labels = [label for _value, label in page.context["form"].fields["items"].choices]
    assert labels and all("(event)" in label.lower() for label in labels)


@pytest.mark.django_db
def test_one_file_holds_one_language(login, musterstadt, topic):
    client = login("musterstadt-editor")
    response = client.post(
        reverse("translation_exchange_export"),
        {"items": [topic.pk], "languages": ["ar", "uk"], "version": "1.2", "packaging": "file"},
    )
    assert response.status_code == 200 and "one language" in response.content.decode()
    assert not TextVersion.objects.filter(translation_key=topic.translation_key, in_translation=True).exists()


@pytest.mark.django_db
def test_import_shows_a_preview_and_confirming_publishes(login, musterstadt, topic, django_capture_on_commit_callbacks):
    client = login("musterstadt-editor")
    root = etree.fromstring(export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12))
    set_target(_first_unit(root), "عنوان من الوكالة")
    upload = io.BytesIO(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    upload.name = "musterstadt-ar.xlf"

    response = client.post(reverse("translation_exchange_import"), {"region": musterstadt.pk, "file": upload})
    stored = TranslationImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "translation_exchange_preview", args=[stored.pk]
    )
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert "عنوان من الوكالة" in html and topic.title in html and 'value="publish"' in html
    assert copy_in(topic, "ar").title != "عنوان من الوكالة", "nothing changes before confirming"

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response["Location"], {"action": "publish"})
    assert confirmed.status_code == 302
    arabic = copy_in(topic, "ar")
    assert arabic.title == "عنوان من الوكالة" and arabic.live_revision_id == arabic.latest_revision_id
    stored.refresh_from_db()
    assert stored.applied_at is not None
    again = client.post(response["Location"], {"action": "publish"}, follow=True)
    assert "applied already" in again.content.decode()


@pytest.mark.django_db
def test_import_of_a_zip_from_the_agency(login, musterstadt, topic):
    client = login("musterstadt-editor")
    files = {}
    for language, title in (("ar", "عنوان"), ("uk", "Заголовок")):
        root = etree.fromstring(export_xml(musterstadt, [topic], language, xliff.XLIFF_20))
        set_target(_first_unit(root), title)
        files[f"musterstadt-{language}.xlf"] = etree.tostring(root)
    upload = io.BytesIO(_zip(files))
    upload.name = "back.zip"
    response = client.post(reverse("translation_exchange_import"), {"file": upload})
    assert response.status_code == 302
    client.post(response["Location"], {"action": "publish"})
    assert copy_in(topic, "ar").title == "عنوان" and copy_in(topic, "uk").title == "Заголовок"


@pytest.mark.django_db
def test_a_malformed_upload_gets_an_error_and_nothing_is_stored(login, musterstadt):
    client = login("musterstadt-editor")
    upload = io.BytesIO(b"<xliff><file>")
    upload.name = "broken.xlf"
    response = client.post(reverse("translation_exchange_import"), {"file": upload})
    assert response.status_code == 200 and "not well-formed" in response.content.decode()
    assert not TranslationImport.objects.exists()


@pytest.mark.django_db
def test_a_translator_may_save_drafts_but_not_publish(login, musterstadt, topic):
    client = login("musterstadt-translator")
    root = etree.fromstring(export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12))
    set_target(_first_unit(root), "مسودة")
    upload = io.BytesIO(etree.tostring(root))
    upload.name = "ar.xlf"
    response = client.post(reverse("translation_exchange_import"), {"file": upload})
    assert response.status_code == 302
    assert 'value="publish"' not in client.get(response["Location"]).content.decode()
    published_title = copy_in(topic, "ar").title
    latest = copy_in(topic, "ar").latest_revision_id
    client.post(response["Location"], {"action": "publish"})
    assert copy_in(topic, "ar").latest_revision_id == latest, "publishing is refused"
    assert TranslationImport.objects.get().applied_at is None
    client.post(response["Location"], {"action": "draft"})
    page = copy_in(topic, "ar")
    assert page.get_latest_revision().as_object().title == "مسودة" and page.has_unpublished_changes
    assert page.live_revision.as_object().title == published_title, "a draft is not published"


@pytest.mark.django_db
def test_another_regions_editor_can_neither_export_nor_import_this_regions_items(login, musterstadt, topic, editor):
    client = login("musterland-editor")
    export_url = reverse("translation_exchange_export")
    assert client.get(export_url, {"region": "musterstadt"}).status_code == 404
    assert client.get(export_url, {"region": musterstadt.pk}).status_code == 404
    page = client.get(export_url, {"items": str(topic.pk), "languages": "ar"})
    assert page.status_code == 200 and topic.title not in page.content.decode()
    refused = client.post(export_url, {"items": [topic.pk], "languages": ["ar"], "version": "1.2", "packaging": "zip"})
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    assert client.post(export_url, {"region": musterstadt.pk, "items": [topic.pk]}).status_code == 404

    root = etree.fromstring(export_xml(musterstadt, [topic], "ar", xliff.XLIFF_12))
    set_target(_first_unit(root), "عنوان")
    data = etree.tostring(root)
    before = state_of(topic)
    upload = io.BytesIO(data)
    upload.name = "ar.xlf"
    response = client.post(reverse("translation_exchange_import"), {"file": upload})
    assert response.status_code == 200 and "for the region “musterstadt”" in response.content.decode()
    assert state_of(topic) == before

    stored = exchange.store(musterstadt, editor, "ar.xlf", [("ar.xlf", data)])
    preview_url = reverse("translation_exchange_preview", args=[stored.pk])
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"action": "publish"}).status_code == 404
    stored.refresh_from_db()
    assert stored.applied_at is None


@pytest.mark.django_db
def test_an_observer_cannot_send_items_out(login, musterstadt, topic):
    client = login("musterstadt-observer")
    response = client.post(
        reverse("translation_exchange_export"),
        {"items": [topic.pk], "languages": ["ar"], "version": "1.2", "packaging": "file"},
    )
    assert response.status_code == 200 and "You may not edit" in response.content.decode()
    assert not TextVersion.objects.filter(translation_key=topic.translation_key, in_translation=True).exists()
