"""Backing up and restoring an installation: the database, uploaded media and the published snapshots in one file.

The archive (``.tar.gz``) holds the database as its own tools copy it exactly, every file of the ``default``
storage (images, documents) under ``media/`` and every file of the ``snapshots`` storage under ``published/``
(through Django's storage API, so S3-compatible storage works as well as local files), and ``manifest.json``
last: format, Wegweiser version, time, database vendor, applied migrations, and the size and SHA-256 of every
other member. A restore checks all of that before it changes anything.

The database copy:

- SQLite: the online backup API of sqlite3 (consistent while the site runs), restored the same way;
- PostgreSQL: ``pg_dump --format=custom``, restored with ``pg_restore --clean --single-transaction`` (both must
  be on PATH, from the same or a newer major version than the server: Debian's ``postgresql-client``).

Both give back exactly what was stored (ids, sequences, everything), which ``dumpdata``/``loaddata`` does not
for Wagtail's page tree and is many times slower. An archive restores into the same database vendor only.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "wegweiser-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Storages in the archive: member prefix -> storage alias.
STORAGE_PREFIXES = {"media": "default", "published": "snapshots"}
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1024 * 1024
#: Replace the tables in one transaction: a failing restore leaves the database as it was.
RESTORE_OPTIONS = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]


class BackupError(Exception):
    """Something that stops a backup or restore; the message says what to do."""


@dataclass
class Manifest:
    data: dict[str, Any]

    @property
    def vendor(self) -> str:
        return self.data["database"]["vendor"]

    @property
    def checksums(self) -> dict[str, dict[str, Any]]:
        return self.data["members"]


@dataclass
class Summary:
    path: Path
    database_vendor: str
    files: dict[str, int] = field(default_factory=dict)
    size: int = 0


# --- Backing up ---------------------------------------------------------------------------------------------------


def wegweiser_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as pyproject:
            return tomllib.load(pyproject)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def create_backup(path: Path) -> Summary:
    """Write the archive to ``path`` (through a temporary file beside it, so a failed backup leaves no half
    archive behind); readable by its owner only, since it holds password hashes and personal data."""
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    members: dict[str, dict[str, Any]] = {}
    summary = Summary(path=path, database_vendor=vendor)
    descriptor, partial_name = tempfile.mkstemp(prefix=".backup-", suffix=".partial", dir=path.parent)
    partial = Path(partial_name)
    try:
        with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            with tempfile.TemporaryDirectory() as scratch:
                dump = Path(scratch) / DATABASE_FILES[vendor]
                dump_database(dump)
                with dump.open("rb") as source:
                    members[dump.name] = add_member(archive, dump.name, source)
            for prefix, alias in STORAGE_PREFIXES.items():
                storage = storages[alias]
                count = 0
                for name in stored_files(storage):
                    with storage.open(name, "rb") as source:
                        members[f"{prefix}/{name}"] = add_member(archive, f"{prefix}/{name}", source)
                    count += 1
                summary.files[prefix] = count
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "wegweiser_version": wegweiser_version(),
                "created_at": timezone.now().isoformat(),
                "database": {"vendor": vendor, "file": DATABASE_FILES[vendor]},
                "migrations": applied_migrations(),
                "files": summary.files,
                "members": members,
            }
            encoded = json.dumps(manifest, indent=1, sort_keys=True).encode()
            add_member(archive, MANIFEST, io.BytesIO(encoded))
        partial.chmod(0o600)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    summary.size = path.stat().st_size
    return summary


def add_member(archive: tarfile.TarFile, name: str, source: IO[bytes]) -> dict[str, Any]:
    """Copy ``source`` into the archive as ``name`` (through a spooled copy: tar needs the size first)."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=16 * CHUNK) as spool:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        info = tarfile.TarInfo(name)
        info.size = spool.tell()
        info.mtime = int(timezone.now().timestamp())
        info.mode = 0o600
        spool.seek(0)
        archive.addfile(info, spool)
    return {"size": info.size, "sha256": digest.hexdigest()}


def stored_files(storage: Storage, directory: str = ""):
    """Every file name in a storage, depth first (the storage API has no recursive listing)."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from stored_files(storage, f"{directory}/{sub}" if directory else sub)


def dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    else:
        run_postgresql_tool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)])


def run_postgresql_tool(program: str, arguments: list[str]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} was not found on PATH: install PostgreSQL's client programs "
            "(Debian: apt install postgresql-client) in the same or a newer major version than the server."
        )
    options = connection.settings_dict
    _, environment = connection.client.settings_to_cmd_args_env(options, [])
    command = [executable]
    if options.get("HOST"):
        command += ["--host", str(options["HOST"])]
    if options.get("PORT"):
        command += ["--port", str(options["PORT"])]
    if options.get("USER"):
        command += ["--username", str(options["USER"])]
    command += ["--no-password", *arguments, "--dbname", str(options["NAME"])]
    result = subprocess.run(
        command, env={**os.environ, **(environment or {})}, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise BackupError(f"{program} failed: {last_line}")


def remove_old_backups(directory: Path, keep: int) -> list[Path]:
    """Keep the newest ``keep`` archives this command wrote into ``directory``; returns those removed."""
    archives = sorted(directory.glob("wegweiser-*.tar.gz"), key=lambda archive: archive.stat().st_mtime)
    removed = archives[: max(0, len(archives) - keep)]
    for archive in removed:
        archive.unlink()
    return removed


# --- Restoring ----------------------------------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest:
    """Check the whole archive (manifest, every checksum, no unexpected member) without changing anything."""
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            members = {member.name: member for member in archive.getmembers()}
            if MANIFEST not in members:
                raise BackupError(f"{path} is not a Wegweiser backup: it has no {MANIFEST}.")
            manifest_file = archive.extractfile(members[MANIFEST])
            try:
                data = json.loads(manifest_file.read()) if manifest_file else None
            except ValueError:
                data = None
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise BackupError(f"{path} is not a Wegweiser backup: its {MANIFEST} is not one of ours.")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{path} has backup format {data.get('format_version')!r}; this version of Wegweiser reads "
                    f"format {FORMAT_VERSION}."
                )
            manifest = Manifest(data)
            expected = set(manifest.checksums) | {MANIFEST}
            unexpected = sorted(set(members) - expected)
            if unexpected:
                raise BackupError(f"{path} is damaged: it holds {unexpected[0]!r}, which its manifest does not list.")
            for name, recorded in manifest.checksums.items():
                member = members.get(name)
                if member is None or not member.isfile() or not safe_member_name(name):
                    raise BackupError(f"{path} is damaged: {name!r} is missing.")
                if checksum(archive, member) != recorded["sha256"]:
                    raise BackupError(f"{path} is damaged: {name!r} does not match its checksum.")
            if manifest.data["database"]["file"] not in members:
                raise BackupError(f"{path} is damaged: it has no database copy.")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{path} cannot be read as a backup archive ({error}): it is damaged or not a backup."
        ) from error
    except (KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"{path} is not a Wegweiser backup: its manifest lacks {error}.") from error
    return manifest


def safe_member_name(name: str) -> bool:
    parts = name.split("/")
    return (
        not name.startswith("/")
        and ".." not in parts
        and (name in DATABASE_FILES.values() or parts[0] in STORAGE_PREFIXES)
    )


def checksum(archive: tarfile.TarFile, member: tarfile.TarInfo) -> str:
    digest = hashlib.sha256()
    stream = archive.extractfile(member)
    assert stream is not None
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def check_restorable(manifest: Manifest, force: bool) -> None:
    """Refuse what would not work or would overwrite content unasked, before anything changes."""
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"The backup holds a {manifest.vendor} database; this installation uses {connection.vendor}. "
            "Restore it into an installation with the same database."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.data["migrations"].items()
        for name in names
        if (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise BackupError(
            f"The backup comes from a newer version of Wegweiser ({manifest.data['wegweiser_version']}; migration "
            f"{unknown[0]} is unknown here): install that version first."
        )
    if not force and database_has_content():
        raise BackupError("The database is not empty: restoring would replace its content. Add --force to do so.")


def database_has_content() -> bool:
    """A database is empty when nothing is migrated yet, or it has no users and no pages beyond the two that
    Wagtail's migrations create."""
    if "django_migrations" not in connection.introspection.table_names():
        return False
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    return get_user_model().objects.exists() or Page.objects.count() > 2


def restore_backup(path: Path, *, force: bool = False) -> Manifest:
    manifest = read_manifest(path)
    check_restorable(manifest, force)
    with tarfile.open(path, mode="r:gz") as archive, tempfile.TemporaryDirectory() as scratch:
        database_member = archive.getmember(manifest.data["database"]["file"])
        database_member.name = Path(database_member.name).name
        archive.extract(database_member, scratch, filter="data")
        load_database(Path(scratch) / database_member.name)
        for prefix, alias in STORAGE_PREFIXES.items():
            restore_storage(archive, manifest, prefix, storages[alias])
    forget_what_was_cached()
    return manifest


def load_database(dump: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # pg_restore drops and creates the tables; no open transaction of ours may hold them
        run_postgresql_tool(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(dump),
            ],
        )
    connection.close()


def restore_storage(archive: tarfile.TarFile, manifest: Manifest, prefix: str, storage: Storage) -> None:
    """Make the storage hold exactly the archived files: write each, remove the ones the backup did not have."""
    archived = {name.removeprefix(f"{prefix}/") for name in manifest.checksums if name.startswith(f"{prefix}/")}
    for name in sorted(archived):
        stream = archive.extractfile(f"{prefix}/{name}")
        assert stream is not None
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"The storage stored {name!r} as {saved!r}; restore it again with --force.")
    for name in list(stored_files(storage)):
        if name not in archived:
            storage.delete(name)


def forget_what_was_cached() -> None:
    """Caches hold what the database said before (content types, sites, snapshot ETags, counters)."""
    from django.contrib.contenttypes.models import ContentType

    from wegweiser.publishing.serving import forget_cached_etags

    ContentType.objects.clear_cache()
    forget_cached_etags()
    for alias in settings.CACHES:
        caches[alias].clear()


def default_archive_path(directory: Path) -> Path:
    return directory / f"wegweiser-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
