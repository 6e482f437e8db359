"""The task worker killed (``kill -9``) in the middle of a snapshot rebuild: readers keep the previous complete
documents, and once a worker runs again the interrupted rebuild is queued again and finishes.

The real ``manage.py db_worker`` and a real web server run as subprocesses on a copy of the test database (a
SQLite file, or a PostgreSQL database made from the test database as template), with snapshots in a temporary
directory. ``SNAPSHOT_WRITE_DELAY`` slows each file the worker writes, so that the test can kill it while a
rebuild is under way: once the first file of the new version is stored and before the documents are switched.
"""

import json
import signal
import threading
import time
import urllib.error
import urllib.request
from contextlib import suppress
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from wegweiser.publishing import snapshots
from wegweiser.publishing.models import Snapshot, snapshot_storage
from wegweiser.publishing.testing import copy_of_test_database, manage, serving, started, stop, wait_for

NEW_TITLE = "Neuer Titel nach dem Absturz"

#: Run in the copy (``manage.py shell -c``): a German page of Musterstadt gets a new title and is published,
#: which queues a rebuild of its documents (the task backend is the database one here).
PUBLISH_CODE = f"""
from wegweiser.content.models import TopicPage
from wegweiser.regions.models import RegionPage
region = RegionPage.objects.get(slug="musterstadt", locale__language_code="de")
page = TopicPage.objects.live().descendant_of(region).filter(locale__language_code="de").order_by("path").first()
page.title = {NEW_TITLE!r}
page.save_revision().publish()
print(page.id)
"""
#: Run in the copy: the snapshot rebuild tasks, oldest first, as JSON.
TASKS_CODE = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.filter(task_path="wegweiser.publishing.tasks.rebuild_snapshots").order_by("enqueued_at")
print(json.dumps([[str(r.id), r.status, r.args_kwargs] for r in rows]))
"""


def test_a_file_cut_short_by_a_killed_worker_is_written_again(db):
    """Local storage writes a file in place: a worker killed while writing leaves it short under its final name.
    The next rebuild must not take it for the stored version."""
    built = snapshots.Built("test/cut-short", "pages", json.dumps({"title": "x" * 2000}).encode())
    name = snapshot_storage().save(f"snapshots/test/cut-short-{built.etag}.json", ContentFile(built.raw[:100]))
    try:
        snapshots.store([built])
        with snapshot_storage().open(name) as stored:
            assert stored.read() == built.raw
    finally:
        for suffix in ("", ".gz", ".br"):
            with suppress(Exception):
                snapshot_storage().delete(f"snapshots/test/cut-short-{built.etag}.json{suffix}")
    assert Snapshot.objects.get(key="test/cut-short").size == len(built.raw)


#: Served as computed from the stored document (events: the occurrences from today), with an ETag of their own.
DERIVED = {"events"}


class Reader:
    """A newcomer's app: the manifest of Musterstadt in German, then every document it lists, over HTTP."""

    def __init__(self, base: str):
        self.base = base

    def get(self, path: str) -> tuple[str, bytes]:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.headers["ETag"].removeprefix("W/").strip('"'), response.read()

    def snapshot(self) -> dict[str, tuple[str, dict | list]]:
        """Every document by name: (its ETag, the document). Each must be complete JSON and served with the ETag
        the manifest names: one generation, not a mix (while nothing is switched between the two requests)."""
        _, body = self.get("/api/v1/regions/musterstadt/de/manifest/")
        documents = {}
        for listed in json.loads(body)["documents"]:
            etag, content = self.get(listed["url"])
            if listed["document"] not in DERIVED:
                assert etag == listed["etag"], (listed["document"], etag, listed["etag"])
            documents[listed["document"]] = (listed["etag"], json.loads(content))
        return documents

    def pages_only(self) -> dict[str, tuple[str, list]]:
        """The page list alone, with its ETag: one request, so a switch cannot fall between two."""
        etag, content = self.get("/api/v1/regions/musterstadt/de/pages/")
        return {"pages": (etag, json.loads(content))}


def titles(documents) -> set[str]:
    return {page["title"] for page in documents["pages"][1]}


def rebuild_tasks(environment) -> list:
    """The copy's snapshot rebuild tasks, oldest first: [id, status, arguments]."""
    return json.loads(manage(environment, "shell", "-c", TASKS_CODE).strip().splitlines()[-1])


@pytest.fixture
def environment(django_db_blocker, tmp_path):
    copy = copy_of_test_database(tmp_path, SNAPSHOT_REBUILD_STALE_SECONDS="1", SNAPSHOT_WATCHDOG_SECONDS="1")
    with django_db_blocker.unblock(), copy as env:
        # The copy's snapshot rows name files in the test process's memory: build them as files for the copy.
        manage(env, "rebuild_snapshots")
        yield env


def test_killing_the_worker_during_a_rebuild_keeps_the_previous_documents(environment, tmp_path):
    published = Path(environment["SNAPSHOT_ROOT"])
    worker_log = tmp_path / "worker.log"
    worker = None
    with serving(environment, tmp_path / "server.log") as base:
        reader = Reader(base)
        before = reader.snapshot()
        assert NEW_TITLE not in titles(before)
        files_before = set(published.rglob("*.json*"))

        manage(environment, "shell", "-c", PUBLISH_CODE)
        queued = rebuild_tasks(environment)
        assert queued and {status for _, status, _ in queued} == {"READY"}
        try:
            # The worker writes each file of the new version slowly; once the first is stored, it is killed outright.
            worker = started(
                environment,
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                log=worker_log,
                SNAPSHOT_WRITE_DELAY="0.5",
            )
            wait_for(
                lambda: set(published.rglob("*.json*")) - files_before, "the rebuild's first file", worker_log, worker
            )
            worker.send_signal(signal.SIGKILL)
            worker.wait()

            # Readers get the previous documents, complete and all of one generation; the task stays "running".
            assert reader.snapshot() == before
            interrupted = [task for task in rebuild_tasks(environment) if task[1] == "RUNNING"]
            assert len(interrupted) == 1

            # A new worker: the watchdog finds the rebuild whose worker died and queues it again; it finishes.
            seen: list[str] = []
            stop_reading = threading.Event()

            def keep_reading():
                """A reader meanwhile: every page list it gets is complete, the old one or the new one."""
                while not stop_reading.is_set():
                    with suppress(urllib.error.URLError):
                        etag, body = reader.get("/api/v1/regions/musterstadt/de/pages/")
                        json.loads(body)
                        seen.append(etag)
                    time.sleep(0.05)

            watcher = threading.Thread(target=keep_reading)
            watcher.start()
            worker = started(environment, "db_worker", "--interval", "0.2", "--no-startup-delay", log=worker_log)
            try:
                after = wait_for(
                    lambda: NEW_TITLE in titles(documents := reader.pages_only()) and documents,
                    "the rebuild after the restart",
                    worker_log,
                    worker,
                )
            finally:
                stop_reading.set()
                watcher.join()
            reader_after = reader.snapshot()
            wait_for(
                lambda: all(status not in {"READY", "RUNNING"} for _, status, _ in rebuild_tasks(environment)),
                "every rebuild to finish",
                worker_log,
            )
        finally:
            if worker is not None:
                stop(worker)
    assert after["pages"][0] != before["pages"][0]
    # Once the rebuild is done, every document of the region is again of one generation, the new one.
    assert reader_after == {**reader_after, "pages": after["pages"]}
    tasks = {task_id: (status, arguments) for task_id, status, arguments in rebuild_tasks(environment)}
    [(interrupted_id, _, arguments)] = interrupted
    assert tasks[interrupted_id][0] == "FAILED"
    again = [task_id for task_id, (status, args) in tasks.items() if args == arguments and task_id != interrupted_id]
    assert again and all(tasks[task_id][0] == "SUCCESSFUL" for task_id in again)  # queued again, the same arguments
    assert seen and set(seen) <= {before["pages"][0], after["pages"][0]}
