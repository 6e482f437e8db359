"""Wagtail's schedule as a task that runs every minute and schedules itself again (``wegweiser.periodic``):
what is due goes live, what is over expires, failed pushes are retried. ``serve_demo`` starts the chain.
Without the database task backend, ``manage.py run_news_schedule`` runs from cron every minute instead.
"""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from wegweiser.periodic import keep_one_waiting

from .schedule import run_schedule

#: How often the schedule is looked at: the most a go-live or expiry time is late.
CHECK_EVERY = timedelta(minutes=1)


@task()
def run_news_schedule() -> dict:
    try:
        return run_schedule().as_dict()
    finally:
        transaction.on_commit(ensure_news_schedule)


def ensure_news_schedule() -> None:
    """One run of ``run_news_schedule`` waiting (see ``wegweiser.periodic``)."""
    keep_one_waiting(run_news_schedule, CHECK_EVERY)
