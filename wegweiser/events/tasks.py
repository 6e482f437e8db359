"""The scheduled import of calendar feeds: a task that imports the feeds that are due and schedules itself again.

With the database task backend (``make run``), the task keeps one run waiting (``run_after``) at all
times: saving a feed starts the chain if none is waiting, and each run schedules the next even when an
import fails. Backends that cannot run tasks later (and installations that prefer cron) use
``manage.py import_calendars --due`` instead.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from .importing import due_feeds, import_feed

#: How often the task looks for feeds that are due (each feed has its own interval in hours).
CHECK_EVERY = timedelta(minutes=15)


@task()
def import_due_calendars() -> dict:
    """Import every active feed whose interval has passed; report what each did."""
    results: dict[str, str] = {}
    try:
        for feed in due_feeds():
            results[str(feed.pk)] = import_feed(feed).summary()
    finally:
        transaction.on_commit(ensure_import_scheduled)
    return results


def ensure_import_scheduled() -> None:
    """Make sure one run of ``import_due_calendars`` is waiting, with the database task backend.

    Only that backend can tell whether a run is already waiting; with others, scheduling from here
    could start a second chain, so they rely on ``manage.py import_calendars --due`` from cron.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(import_due_calendars.get_backend(), DatabaseBackend):
        return
    waiting = DBTaskResult.objects.filter(task_path=import_due_calendars.module_path, status=TaskResultStatus.READY)
    if not waiting.exists():
        import_due_calendars.using(run_after=timezone.now() + CHECK_EVERY).enqueue()
