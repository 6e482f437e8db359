"""Tasks that run again and again (the calendar import, the news schedule), without a separate scheduler.

With the database task backend (``make run``), such a task keeps one run of itself waiting (``run_after``)
at all times: each run schedules the next even when it fails, and starting the worker starts the chain if
none is waiting. Backends that cannot run tasks later (and installations that prefer cron) run the task's
management command instead.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task


def keep_one_waiting(task: Task, every: timedelta) -> None:
    """Make sure one run of ``task`` is waiting to run ``every`` from now, with the database task backend.

    Only that backend can tell whether a run is already waiting; with others, scheduling from here could
    start a second chain.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task.get_backend(), DatabaseBackend):
        return
    waiting = DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        task.using(run_after=timezone.now() + every).enqueue()
