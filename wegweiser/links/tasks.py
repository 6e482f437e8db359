"""The periodic link check: a task that checks the links that are due and schedules itself again
(``wegweiser.periodic``); finding a new web address starts the chain if none is waiting. Without the database task
backend, ``manage.py check_links`` runs from cron instead (e.g. hourly).
"""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from wegweiser.periodic import keep_one_waiting

#: How often the task looks for links that are due (each link is checked again after days, or sooner if it failed).
CHECK_EVERY = timedelta(hours=1)


@task()
def check_due_links() -> dict:
    """Check every link whose next check is due; report how many ended how."""
    from .checking import check_due

    try:
        return check_due().as_dict()
    finally:
        transaction.on_commit(ensure_link_check_scheduled)


def ensure_link_check_scheduled() -> None:
    """One run of ``check_due_links`` waiting (see ``wegweiser.periodic``)."""
    keep_one_waiting(check_due_links, CHECK_EVERY)
