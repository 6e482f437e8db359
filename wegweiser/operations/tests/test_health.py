"""``GET /health/``: 200 with every check passing, 503 naming the failing check; cheap, open, never cached."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from wegweiser.insights.models import View
from wegweiser.operations import health
from wegweiser.publishing.models import Snapshot
from wegweiser.publishing.snapshots import REGIONS_KEY


def waiting_task(queued_ago: timedelta = timedelta(0), run_after=None, **fields) -> DBTaskResult:
    """A task in the database queue, queued ``queued_ago``; without ``run_after`` one to run at once."""
    task = DBTaskResult.objects.create(
        task_path="wegweiser.events.tasks.import_due_calendars",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=run_after or get_date_max(),
        **fields,
    )
    DBTaskResult.objects.filter(id=task.id).update(enqueued_at=timezone.now() - queued_ago)
    return task


def test_a_healthy_installation_answers_200_without_login_and_uncached(client, db):
    views = View.objects.count()
    response = client.get("/health/")
    assert response.status_code == 200
    answer = response.json()
    assert answer["status"] == "ok"
    assert set(answer["checks"]) == {"database", "snapshots", "tasks", "disk"}
    assert answer["checks"]["snapshots"] == {"ok": True, "published": True}
    assert answer["checks"]["tasks"] == {"ok": True, "oldest_waiting_seconds": 0, "stuck": 0}
    assert "no-store" in response["Cache-Control"]
    assert response["X-Request-ID"]
    assert View.objects.count() == views  # monitoring is not reading


def test_the_answer_holds_no_secrets_or_paths(client, db, settings):
    text = client.get("/health/").content.decode()
    assert settings.SECRET_KEY not in text
    assert str(settings.VAR_DIR) not in text
    assert str(settings.DATABASES["default"]["NAME"]) not in text


def test_it_takes_no_changes(client, db):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405  # not 403: no CSRF token is asked for


def test_unreadable_snapshot_storage_fails(client, db):
    Snapshot.objects.filter(key=REGIONS_KEY).update(etag="0" * 32)  # a version that is not in storage
    response = client.get("/health/")
    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "failing"
    assert answer["checks"]["snapshots"]["ok"] is False
    assert answer["checks"]["database"]["ok"] is True


def test_a_task_waiting_too_long_fails(client, db, settings):
    settings.HEALTH_TASK_WAIT_SECONDS = 600
    waiting_task(queued_ago=timedelta(minutes=30))
    response = client.get("/health/")
    assert response.status_code == 503
    tasks = response.json()["checks"]["tasks"]
    assert tasks["ok"] is False
    assert 30 * 60 <= tasks["oldest_waiting_seconds"] < 31 * 60


def test_a_task_for_later_waits_from_its_time_on(client, db, settings):
    settings.HEALTH_TASK_WAIT_SECONDS = 600
    # Queued a day ago for later: the next calendar import is not waiting before its time.
    waiting_task(queued_ago=timedelta(days=1), run_after=timezone.now() + timedelta(hours=1))
    assert client.get("/health/").status_code == 200
    waiting_task(queued_ago=timedelta(days=1), run_after=timezone.now() - timedelta(minutes=20))
    response = client.get("/health/")
    assert response.status_code == 503
    assert 20 * 60 <= response.json()["checks"]["tasks"]["oldest_waiting_seconds"] < 21 * 60


def test_a_task_waiting_a_little_is_fine(client, db):
    waiting_task(queued_ago=timedelta(seconds=20))
    response = client.get("/health/")
    assert response.status_code == 200
    assert 20 <= response.json()["checks"]["tasks"]["oldest_waiting_seconds"] < 120


def test_a_task_running_for_hours_is_stuck(client, db, settings):
    settings.HEALTH_TASK_RUNNING_SECONDS = 3600
    waiting_task(
        queued_ago=timedelta(hours=3),
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=2),
    )
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["stuck"] == 1


def test_too_little_disk_space_fails(client, db, settings):
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    response = client.get("/health/")
    assert response.status_code == 503
    disk = response.json()["checks"]["disk"]
    assert disk["ok"] is False and disk["free_mb"] >= 0


class UnreachableDatabase:
    vendor = "postgresql"

    def cursor(self):
        raise OperationalError("connection refused")


def test_an_unreachable_database_fails_and_the_checks_that_need_it_are_skipped(client, db, monkeypatch):
    monkeypatch.setattr(health, "connection", UnreachableDatabase())
    response = client.get("/health/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "error": "OperationalError"}
    assert checks["tasks"] == {"ok": False, "skipped": True}
    assert "connection refused" not in response.content.decode()


@pytest.mark.parametrize("check", ["check_database", "check_snapshots", "check_tasks", "check_disk"])
def test_each_check_is_a_few_small_queries_at_most(check, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        getattr(health, check)()


def test_the_health_command_runs_the_same_checks(db, settings):
    output = io.StringIO()
    call_command("health", stdout=output)
    assert json.loads(output.getvalue())["database"]["ok"] is True
    settings.HEALTH_MIN_FREE_DISK_MB = 10**12
    with pytest.raises(CommandError, match="Failing: disk"):
        call_command("health", stdout=io.StringIO())


def test_the_worker_starts_each_periodic_job_once(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    DBTaskResult.objects.all().delete()
    call_command("schedule_periodic_tasks", stdout=io.StringIO())
    waiting = sorted(DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("task_path", flat=True))
    assert len(waiting) == len(set(waiting)) == 7
    assert "wegweiser.events.tasks.import_due_calendars" in waiting
    call_command("schedule_periodic_tasks", stdout=io.StringIO())
    assert DBTaskResult.objects.count() == 7
    # A fresh queue with every job waiting for its time is healthy.
    assert health.check_tasks()["ok"] is True
