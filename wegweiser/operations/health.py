"""``GET /health/``: whether this installation can serve readers and do its background work, for monitoring.

Each check is cheap (one small query or one small read) and says only what an operator needs: no settings,
no addresses, nothing about people. The answer is 200 when every check passes and 503 otherwise, so that a
load balancer, ``systemd``, Docker or a monitoring system can act on the status code alone.
"""

import shutil
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

#: A task waiting longer than this to start means that no worker is running (or it cannot keep up).
DEFAULT_TASK_WAIT_SECONDS = 15 * 60
#: A task running longer than this is stuck (snapshot rebuilds of large regions take a few minutes).
DEFAULT_TASK_RUNNING_SECONDS = 60 * 60
#: Less free space than this where the database, media and snapshots live (VAR_DIR) counts as failing.
DEFAULT_MIN_FREE_DISK_MB = 500

Check = dict[str, Any]


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means the database cannot be used
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_snapshots() -> Check:
    """The list of regions is the first document every reader fetches: it must be readable from storage."""
    from wegweiser.publishing.models import Snapshot, snapshot_storage
    from wegweiser.publishing.snapshots import REGIONS_KEY

    try:
        snapshot = Snapshot.objects.filter(key=REGIONS_KEY).only("key", "etag").first()
        if snapshot is None:
            return {"ok": True, "published": False}
        with snapshot_storage().open(snapshot.storage_name(), "rb") as stored:
            stored.read(1)
    except Exception as error:  # noqa: BLE001 - unreadable storage, whatever the backend's exception
        return {"ok": False, "published": True, "error": type(error).__name__}
    return {"ok": True, "published": True}


def check_tasks(now=None) -> Check:
    """Background work in the database queue (django-tasks-db): how long the oldest due task has waited, and how
    many tasks have been running for too long (a worker killed in the middle leaves such a task behind)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    wait_limit = int(getattr(settings, "HEALTH_TASK_WAIT_SECONDS", DEFAULT_TASK_WAIT_SECONDS))
    running_limit = int(getattr(settings, "HEALTH_TASK_RUNNING_SECONDS", DEFAULT_TASK_RUNNING_SECONDS))
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    try:
        # A task to run at once has no time of its own (the queue stores the largest date): it waits since it was
        # queued; a task for later waits since its time came (or since it was queued, if that was later).
        since = [
            waiting.filter(run_after=get_date_max())
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first(),
            *(waiting.filter(run_after__lte=now).order_by("run_after").values_list("run_after", "enqueued_at")[:1]),
        ]
        stuck = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lt=now - timedelta(seconds=running_limit)
        ).count()
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "error": type(error).__name__}
    moments = [max(moment) if isinstance(moment, tuple) else moment for moment in since if moment is not None]
    waited = max(0, int((now - min(moments)).total_seconds())) if moments else 0
    return {
        "ok": waited <= wait_limit and stuck == 0,
        "oldest_waiting_seconds": waited,
        "stuck": stuck,
    }


def check_disk() -> Check:
    minimum = int(getattr(settings, "HEALTH_MIN_FREE_DISK_MB", DEFAULT_MIN_FREE_DISK_MB))
    try:
        free_mb = shutil.disk_usage(settings.VAR_DIR).free // (1024 * 1024)
    except OSError:
        return {"ok": True, "local": False}
    return {"ok": free_mb >= minimum, "free_mb": free_mb}


CHECKS = {"database": check_database, "snapshots": check_snapshots, "tasks": check_tasks, "disk": check_disk}


def run_checks() -> dict[str, Check]:
    results = {"database": check_database()}
    for name, check in CHECKS.items():
        if name == "database":
            continue
        # Without a database, the checks that ask it would only repeat its failure.
        results[name] = check() if results["database"]["ok"] or name == "disk" else {"ok": False, "skipped": True}
    return results


@csrf_exempt
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    healthy = all(result["ok"] for result in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", "checks": checks}, status=200 if healthy else 503)
