"""Views are added up into daily totals by a task that runs every few minutes and schedules itself again
(``wegweiser.periodic``); ``serve_demo`` starts the chain. Without the database task backend,
``manage.py aggregate_views`` runs from cron instead.
"""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from wegweiser.periodic import keep_one_waiting

from .counting import aggregate_views

#: How often views are added up: the most the dashboard lags behind.
AGGREGATE_EVERY = timedelta(minutes=5)


@task()
def aggregate_views_now() -> int:
    try:
        return aggregate_views()
    finally:
        transaction.on_commit(ensure_views_aggregated)


def ensure_views_aggregated() -> None:
    """One run of ``aggregate_views_now`` waiting (see ``wegweiser.periodic``)."""
    keep_one_waiting(aggregate_views_now, AGGREGATE_EVERY)
