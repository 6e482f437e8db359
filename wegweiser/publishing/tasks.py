"""Background rebuilding of snapshots, so that publishing stays quick for the editor.

A rebuild is safe to run again, and safe to stop at any point: each region-language's documents are written beside
the current ones and switched in one transaction (``snapshots.store``), so readers keep the previous complete
version until the switch. What a killed worker leaves behind is a task the database backend still calls "running";
the watchdog (a periodic task, ``wegweiser.periodic``) marks such a rebuild failed and queues it again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from wegweiser.periodic import keep_one_waiting
from wegweiser.regions.models import RegionPage

from . import snapshots

logger = logging.getLogger(__name__)


@task()
def rebuild_snapshots(region_id: int | None, languages: list[str] | None, region_list: bool) -> dict:
    """Rebuild a region's documents in the given languages (all when ``None``) and, if asked, the region list."""
    report = snapshots.Report()
    if region_list:
        report.add(snapshots.rebuild_region_list())
    region = RegionPage.objects.filter(pk=region_id).first() if region_id else None
    if region is not None:
        report.add(snapshots.rebuild_region(region, languages))
    return {"written": report.written, "unchanged": report.unchanged, "removed": report.removed}


@task()
def requeue_interrupted_rebuilds() -> dict:
    """The watchdog: queue again every rebuild whose worker died while running it; then wait for the next round."""
    try:
        requeued = requeue_stale_rebuilds()
    finally:
        transaction.on_commit(ensure_watchdog_scheduled)
    return {"requeued": requeued}


def ensure_watchdog_scheduled() -> None:
    """One run of the watchdog waiting (see ``wegweiser.periodic``); called whenever a rebuild is queued."""
    keep_one_waiting(requeue_interrupted_rebuilds, timedelta(seconds=settings.SNAPSHOT_WATCHDOG_SECONDS))


def requeue_stale_rebuilds() -> int:
    """Rebuilds "running" for longer than ``SNAPSHOT_REBUILD_STALE_SECONDS`` were interrupted: a worker that dies
    (killed, out of memory, the machine restarted) cannot mark its task. Each is marked failed and queued again
    with the same arguments; a rebuild that was in fact still running only does its work twice."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(rebuild_snapshots.get_backend(), DatabaseBackend):
        return 0
    cutoff = timezone.now() - timedelta(seconds=settings.SNAPSHOT_REBUILD_STALE_SECONDS)
    requeued = 0
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update().filter(
            task_path=rebuild_snapshots.module_path, status=TaskResultStatus.RUNNING, started_at__lt=cutoff
        )
        for interrupted in stale:
            interrupted.status = TaskResultStatus.FAILED
            interrupted.finished_at = timezone.now()
            interrupted.exception_class_path = "wegweiser.publishing.tasks.Interrupted"
            interrupted.traceback = "The worker stopped while running this rebuild; it was queued again."
            interrupted.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            rebuild_snapshots.enqueue(*interrupted.args_kwargs["args"], **interrupted.args_kwargs["kwargs"])
            logger.warning(
                "Snapshot rebuild %s was interrupted (worker %s); queued again", interrupted.pk, interrupted.worker_ids
            )
            requeued += 1
    return requeued
