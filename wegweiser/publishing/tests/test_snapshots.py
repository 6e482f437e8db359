import gzip
import hashlib
import json

import brotli
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from wegweiser.content.models import TopicPage
from wegweiser.publishing import snapshots
from wegweiser.publishing.models import Snapshot, snapshot_storage
from wegweiser.publishing.serving import get_document
from wegweiser.publishing.snapshots import REGIONS_KEY, region_key
from wegweiser.regions.models import RegionPage

pytestmark = pytest.mark.django_db


def published(key: str):
    document = get_document(key)
    assert document is not None, f"{key} is not published"
    return document.data


def pages_of(region: RegionPage, language: str) -> list[dict]:
    return published(region_key(region.id, language, "pages"))


def titles(region: RegionPage, language: str) -> list[str]:
    return [page["title"] for page in pages_of(region, language)]


def etags(region: RegionPage) -> dict[str, str]:
    return dict(Snapshot.objects.filter(region=region).values_list("key", "etag"))


def topic(region: RegionPage, slug: str, language: str = "de") -> TopicPage:
    root = RegionPage.objects.get(translation_key=region.translation_key, locale__language_code=language)
    return TopicPage.objects.descendant_of(root).get(slug=slug, locale__language_code=language)


def test_loading_the_demo_published_every_region_language_and_the_region_list(musterstadt, musterland):
    keys = set(Snapshot.objects.values_list("key", flat=True))
    assert REGIONS_KEY in keys
    for region in (musterstadt, musterland):
        for language in region.language_tree().enabled_codes():
            assert region_key(region.id, language, "pages") in keys
            assert region_key(region.id, language, "imprint") in keys or language == "de-si"
    listed = [region["path"] for region in published(REGIONS_KEY)]
    assert listed == ["musterland", "musterstadt"]


def test_stored_files_are_the_document_compressed_and_named_by_their_hash(musterstadt):
    snapshot = Snapshot.objects.get(key=region_key(musterstadt.id, "ar", "pages"))
    raw = snapshot_storage().open(snapshot.storage_name()).read()
    assert hashlib.sha256(raw).hexdigest()[:32] == snapshot.etag
    assert gzip.decompress(snapshot_storage().open(snapshot.storage_name(suffix=".gz")).read()) == raw
    assert brotli.decompress(snapshot_storage().open(snapshot.storage_name(suffix=".br")).read()) == raw
    assert snapshot.size == len(raw) and snapshot.gzip_size < snapshot.size and snapshot.brotli_size < snapshot.size
    assert "الوصول" in raw.decode()  # Arabic stored as text, not escaped


def test_publishing_a_page_rebuilds_its_languages_and_nothing_else(
    musterstadt, musterland, django_capture_on_commit_callbacks
):
    before_stadt, before_land = etags(musterstadt), etags(musterland)
    page = topic(musterstadt, "ankommen")
    page.title = "Willkommen in Musterstadt"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert "Willkommen in Musterstadt" in titles(musterstadt, "de")
    changed = {key for key, etag in etags(musterstadt).items() if before_stadt[key] != etag}
    # The page's German title changed; its translations name the German page in available_languages,
    # whose path did not change, so only the German document is new.
    assert changed == {region_key(musterstadt.id, "de", "pages")}
    assert etags(musterland) == before_land


def test_a_new_slug_changes_every_language_that_links_to_the_page(musterstadt, django_capture_on_commit_callbacks):
    before = etags(musterstadt)
    page = topic(musterstadt, "ankommen")
    page.slug = "willkommen"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    after = etags(musterstadt)
    for language in ("de", "en", "ar", "fa"):
        assert (
            after[region_key(musterstadt.id, language, "pages")]
            != before[region_key(musterstadt.id, language, "pages")]
        )
    english = next(p for p in pages_of(musterstadt, "en") if p["id"] == topic(musterstadt, "arrival", "en").id)
    assert english["available_languages"]["de"]["path"] == "/musterstadt/de/willkommen/"


def test_unpublishing_removes_the_page_and_everything_below_it(musterstadt, django_capture_on_commit_callbacks):
    page = topic(musterstadt, "ankommen")
    below = {child.title for child in page.get_descendants()}
    assert below and below <= set(titles(musterstadt, "de"))
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    remaining = set(titles(musterstadt, "de"))
    assert page.title not in remaining and not (below & remaining)


def test_moving_a_page_changes_its_parent_in_the_documents(musterstadt, django_capture_on_commit_callbacks):
    page = topic(musterstadt, "ankommen").get_children().first().specific
    target = topic(musterstadt, "arbeit")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(target, pos="last-child")
    moved = next(p for p in pages_of(musterstadt, "de") if p["id"] == page.id)
    assert moved["parent"]["id"] == target.id
    assert moved["path"] == f"/musterstadt/de/arbeit/{page.slug}/"


def test_deleting_a_page_removes_it(musterstadt, django_capture_on_commit_callbacks):
    page = topic(musterstadt, "ankommen").get_children().first()
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert page.id not in [p["id"] for p in pages_of(musterstadt, "de")]


def test_changing_region_settings_rebuilds_the_region_list(musterstadt, django_capture_on_commit_callbacks):
    musterstadt.events_enabled = False
    musterstadt.title = "Musterstadt an der Rems"
    with django_capture_on_commit_callbacks(execute=True):
        musterstadt.save_revision().publish()
    region = next(r for r in published(REGIONS_KEY) if r["id"] == musterstadt.id)
    assert region["events"] is False
    assert region["name"] == "Stadt Musterstadt an der Rems"


def test_archiving_a_region_takes_it_off_the_read_path(musterland, django_capture_on_commit_callbacks):
    musterland.status = RegionPage.Status.ARCHIVED
    with django_capture_on_commit_callbacks(execute=True):
        musterland.save_revision().publish()
    assert "musterland" not in [r["path"] for r in published(REGIONS_KEY)]
    assert not Snapshot.objects.filter(region=musterland).exists()


def test_a_disabled_language_loses_its_documents(musterstadt):
    musterstadt.languages.filter(language="tr").update(enabled=False)
    snapshots.rebuild_region(RegionPage.objects.get(pk=musterstadt.pk))
    assert not Snapshot.objects.filter(region=musterstadt, language="tr").exists()
    assert Snapshot.objects.filter(region=musterstadt, language="uk").exists()


def test_a_reader_never_sees_a_half_written_version(musterstadt, monkeypatch):
    """If storing fails midway, the current version stays current and complete."""
    key = region_key(musterstadt.id, "de", "pages")
    before = Snapshot.objects.get(key=key)
    TopicPage.objects.filter(pk=topic(musterstadt, "ankommen").pk).update(title="Halb geschrieben")
    real_save = snapshot_storage().save

    def failing_save(name, content, **kwargs):
        if name.endswith(".br"):
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(snapshot_storage(), "save", failing_save)
    with pytest.raises(OSError):
        snapshots.rebuild_region(musterstadt, ["de"])
    assert Snapshot.objects.get(key=key).etag == before.etag
    assert "Halb geschrieben" not in titles(musterstadt, "de")


def test_the_previous_version_stays_readable_after_a_rebuild(musterstadt):
    key = region_key(musterstadt.id, "de", "pages")
    old = Snapshot.objects.get(key=key)
    TopicPage.objects.filter(pk=topic(musterstadt, "ankommen").pk).update(title="Neu")
    snapshots.rebuild_region(musterstadt, ["de"])
    new = Snapshot.objects.get(key=key)
    assert new.etag != old.etag and new.previous_etag == old.etag
    assert snapshot_storage().exists(old.storage_name()) and snapshot_storage().exists(old.storage_name(suffix=".gz"))


def test_old_versions_are_removed_once_no_reader_can_need_them(musterstadt, monkeypatch):
    key = region_key(musterstadt.id, "de", "pages")
    snapshot_storage().save(f"snapshots/{key}-0123456789abcdef.json", __import__("io").BytesIO(b"[]"))
    monkeypatch.setattr(snapshots, "KEEP_OLD_FILES", snapshots.timedelta(seconds=-1))
    removed = snapshots.remove_old_files()
    assert removed >= 1
    assert not snapshot_storage().exists(f"snapshots/{key}-0123456789abcdef.json")
    assert snapshot_storage().exists(Snapshot.objects.get(key=key).storage_name())


def test_rebuild_command_reports_and_changes_nothing_when_nothing_changed(capsys, musterstadt):
    call_command("rebuild_snapshots", "--region", "musterstadt")
    out = capsys.readouterr().out
    assert "0 written" in out and "unchanged" in out


def test_rebuild_command_rejects_an_unknown_region():
    with pytest.raises(CommandError, match="nowhere"):
        call_command("rebuild_snapshots", "--region", "nowhere")


def test_rebuild_command_rebuilds_what_changed_without_signals(capsys, musterstadt):
    Page.objects.filter(pk=topic(musterstadt, "ankommen").pk).update(title="Direkt geändert")
    call_command("rebuild_snapshots")
    assert "1 written" in capsys.readouterr().out
    assert "Direkt geändert" in titles(musterstadt, "de")


def test_documents_are_valid_json_in_integreat_shape(musterstadt):
    page = pages_of(musterstadt, "fa")[0]
    assert page["path"].startswith("/musterstadt/fa/")
    assert page["parent"] == {"id": 0, "url": None, "path": None}
    assert json.loads(json.dumps(page)) == page


def test_the_process_cache_keeps_within_its_budget(musterstadt, settings):
    from wegweiser.publishing import serving

    settings.SNAPSHOT_CACHE_BYTES = 300_000
    serving._documents.clear()
    for language in ("de", "en", "ar", "uk"):
        pages_of(musterstadt, language)
    assert 1 <= len(serving._documents) < 4
    assert pages_of(musterstadt, "de")[0]["path"] == "/musterstadt/de/ankommen/"


def test_the_language_an_editor_published_in_is_rebuilt_first(
    musterstadt, settings, django_capture_on_commit_callbacks
):
    """A page exists in many languages; its region's documents in all of them are rebuilt, the edited one first."""
    from django_tasks import task_backends
    from django_tasks.backends.dummy import DummyBackend
    from wagtail.models import Locale

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    german = TopicPage.objects.descendant_of(musterstadt).filter(locale__language_code="de").first()
    persian = german.get_translation(Locale.objects.get(language_code="fa"))
    persian.title += " (neu)"
    family = set(
        TopicPage.objects.filter(translation_key=german.translation_key).values_list("locale__language_code", flat=True)
    )
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.clear()  # what earlier tests in this process queued with the same settings
    with django_capture_on_commit_callbacks(execute=True):
        persian.save_revision().publish()
    queued = [result.args for result in backend.results if result.task.name == "rebuild_snapshots"]
    assert {region_id for region_id, _languages, _list in queued} == {musterstadt.id}
    # Persian first, then each other language on its own: the next change waits for one language at most.
    assert [languages for _region, languages, _list in queued] == [["fa"]] + [
        [code] for code in sorted(family - {"fa"})
    ]
