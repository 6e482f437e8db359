"""The scheduled import of calendar feeds: a task that imports the feeds that are due and schedules itself again
(``wegweiser.periodic``); saving a feed starts the chain if none is waiting. Without the database task backend,
``manage.py import_calendars --due`` runs from cron instead.
"""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from wegweiser.periodic import keep_one_waiting

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
    """One run of ``import_due_calendars`` waiting (see ``wegweiser.periodic``)."""
    keep_one_waiting(import_due_calendars, CHECK_EVERY)
