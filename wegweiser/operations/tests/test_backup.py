"""``manage.py backup`` and ``restore``: a round trip through the real database (SQLite or PostgreSQL), the media
and snapshot storages, and the refusals that leave everything as it was."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage
from wagtail.images.models import Image

from wegweiser.accounts.models import SecurityEvent
from wegweiser.content.models import TopicPage
from wegweiser.operations import backup
from wegweiser.publishing import snapshots
from wegweiser.publishing.models import Snapshot, snapshot_storage
from wegweiser.publishing.serving import forget_cached_etags
from wegweiser.regions.models import RegionPage

NEW_PAGE_URL = "/musterstadt/de/ankommen/wohnsitz-anmelden/meldebescheinigung-aus-dem-backup/"


def png() -> ImageFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), (11, 92, 173)).save(buffer, "PNG")
    return ImageFile(buffer, name="stadtplan-backup.png")


def pages_document(region: RegionPage) -> bytes:
    snapshot = Snapshot.objects.get(key=snapshots.region_key(region.id, "de", "pages"))
    with snapshot_storage().open(snapshot.storage_name(), "rb") as stored:
        return stored.read()


def test_a_restored_backup_serves_the_content_media_and_snapshots_of_its_time(tmp_path, client, django_db_blocker):
    """Runs outside a test transaction (a restore replaces the whole database, and pg_dump sees committed data
    only); the demo as it was is restored at the end, so later tests find it unchanged."""
    with django_db_blocker.unblock():
        pristine = tmp_path / "pristine.tar.gz"
        call_command("backup", output=str(pristine), stdout=io.StringIO())
        try:
            region = RegionPage.objects.get(slug="musterstadt", locale__language_code="de")
            parent = TopicPage.objects.descendant_of(region).get(slug="wohnsitz-anmelden", locale__language_code="de")
            image = Image.objects.create(title="Stadtplan aus dem Backup", file=png())
            image_bytes = image.file.open("rb").read()
            body = (
                "<p>Die Meldebescheinigung bekommen Sie im Bürgeramt.</p>"
                f'<embed embedtype="image" id="{image.id}" format="fullwidth" alt="Stadtplan"/>'
            )
            page = parent.add_child(
                instance=TopicPage(title="Meldebescheinigung", slug="meldebescheinigung-aus-dem-backup", body=body)
            )
            page.save_revision().publish()
            snapshots.rebuild_region(region)
            forget_cached_etags()
            assert "Meldebescheinigung" in client.get(NEW_PAGE_URL).content.decode()
            published = pages_document(region)

            archive = tmp_path / "site.tar.gz"
            output = io.StringIO()
            call_command("backup", output=str(archive), stdout=output)
            assert "Backed up" in output.getvalue()
            assert SecurityEvent.objects.filter(action="backup.created").exists()

            # Things change after the backup: the page and the image go, the snapshots follow.
            TopicPage.objects.get(id=page.id).delete()
            Image.objects.get(id=image.id).delete()
            snapshots.rebuild_region(region)
            snapshots.remove_old_files()
            forget_cached_etags()
            assert client.get(NEW_PAGE_URL).status_code == 404

            with pytest.raises(CommandError, match="not empty"):
                call_command("restore", str(archive))
            assert not TopicPage.objects.filter(slug="meldebescheinigung-aus-dem-backup").exists()

            call_command("restore", str(archive), force=True, stdout=io.StringIO())

            restored = TopicPage.objects.get(slug="meldebescheinigung-aus-dem-backup")
            assert restored.live and restored.title == "Meldebescheinigung"
            restored_image = Image.objects.get(title="Stadtplan aus dem Backup")
            with restored_image.file.open("rb") as stored:
                assert stored.read() == image_bytes
            assert pages_document(region) == published
            response = client.get(NEW_PAGE_URL)
            assert response.status_code == 200
            assert "Die Meldebescheinigung bekommen Sie im Bürgeramt." in response.content.decode()
            assert SecurityEvent.objects.filter(action="backup.restored").exists()
        finally:
            call_command("restore", str(pristine), force=True, stdout=io.StringIO())
        assert not TopicPage.objects.filter(slug="meldebescheinigung-aus-dem-backup").exists()
        assert not Image.objects.filter(title="Stadtplan aus dem Backup").exists()


def forget_backup_events() -> None:
    """Backups outside a test transaction record committed events; later tests expect the demo's security log."""
    SecurityEvent.objects.filter(action="backup.created").delete()


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory, django_db_blocker) -> Path:
    """One backup of the demo, shared by the tests of refusals (they never restore it)."""
    with django_db_blocker.unblock():
        path = tmp_path_factory.mktemp("backups") / "demo.tar.gz"
        call_command("backup", output=str(path), stdout=io.StringIO())
        forget_backup_events()
    return path


def member_bytes(archive: tarfile.TarFile, name: str) -> bytes:
    stream = archive.extractfile(name)
    assert stream is not None
    return stream.read()


def test_the_manifest_describes_the_archive(demo_archive, db):
    with tarfile.open(demo_archive) as archive:
        manifest = json.loads(member_bytes(archive, "manifest.json"))
        names = set(archive.getnames())
    assert manifest["format"] == "wegweiser-backup"
    assert manifest["database"]["vendor"] in {"sqlite", "postgresql"}
    assert "0001_initial" in manifest["migrations"]["publishing"]
    assert manifest["files"]["published"] == len([name for name in names if name.startswith("published/")]) > 0
    assert set(manifest["members"]) | {"manifest.json"} == names
    assert all(len(member["sha256"]) == 64 for member in manifest["members"].values())
    assert demo_archive.stat().st_mode & 0o077 == 0


def rewrite(source: Path, target: Path, change) -> Path:
    """Copy an archive member by member, letting ``change(name, data)`` return new bytes (or None to leave out)."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, member_bytes(old, member.name))
            if data is not None:
                info = tarfile.TarInfo(member.name)
                info.size = len(data)
                new.addfile(info, io.BytesIO(data))
    return target


def a_changed_snapshot(name: str, data: bytes) -> bytes:
    return data + b" " if name.startswith("published/") and name.endswith(".json") else data


def a_foreign_manifest(name: str, data: bytes) -> bytes:
    return json.dumps({"format": "something-else"}).encode() if name == "manifest.json" else data


def a_newer_version(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"]["publishing"].append("9999_from_the_future")
    return json.dumps(manifest).encode()


def another_database(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["database"]["vendor"] = "oracle"
    return json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (a_changed_snapshot, "does not match its checksum"),
        (lambda name, data: None if name == "manifest.json" else data, "not a Wegweiser backup"),
        (a_foreign_manifest, "not a Wegweiser backup"),
        (lambda name, data: None if name.startswith("database.") else data, "is missing"),
        (a_newer_version, "newer version of Wegweiser"),
        (another_database, "holds a oracle database"),
    ],
)
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(demo_archive, tmp_path, change, message, db):
    broken = rewrite(demo_archive, tmp_path / "broken.tar.gz", change)
    pages, users = TopicPage.objects.count(), SecurityEvent.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(broken), force=True)
    assert (TopicPage.objects.count(), SecurityEvent.objects.count()) == (pages, users)


def test_a_truncated_or_unrelated_file_is_refused(demo_archive, tmp_path, db):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(demo_archive.read_bytes()[: demo_archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="damaged or not a backup"):
        call_command("restore", str(truncated), force=True)
    unrelated = tmp_path / "notes.tar.gz"
    unrelated.write_text("Einkaufsliste")
    with pytest.raises(CommandError, match="damaged or not a backup"):
        call_command("restore", str(unrelated), force=True)
    with pytest.raises(CommandError, match="There is no backup archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_backups_beyond_the_number_to_keep_are_removed(tmp_path, django_db_blocker):
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (tmp_path / f"wegweiser-{stamp}.tar.gz").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("stays")
    with django_db_blocker.unblock():
        call_command("backup", output=str(tmp_path), keep=2, stdout=io.StringIO())
        forget_backup_events()
    left = sorted(path.name for path in tmp_path.iterdir())
    assert len(left) == 3 and "notes.txt" in left and "wegweiser-20260103-010000.tar.gz" in left
    newest = max(tmp_path.glob("wegweiser-*.tar.gz"), key=lambda path: path.stat().st_mtime)
    assert backup.read_manifest(newest).vendor in {"sqlite", "postgresql"}
    with pytest.raises(CommandError, match="must end in .tar.gz"):
        call_command("backup", output=str(tmp_path / "backup.zip"))
