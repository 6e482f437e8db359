"""Removing old security events every day (``wegweiser.periodic``); a sign-in starts the chain if none is waiting.
Without the database task backend, ``manage.py forget_security_events`` runs from cron instead (daily).
"""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from wegweiser.periodic import keep_one_waiting

from .audit import forget_old_events

#: How often old events are removed.
CLEANUP_EVERY = timedelta(days=1)


@task()
def forget_old_security_events() -> int:
    """Remove events older than ``settings.SECURITY_LOG_DAYS``; returns how many went."""
    try:
        return forget_old_events()
    finally:
        transaction.on_commit(ensure_cleanup_scheduled)


def ensure_cleanup_scheduled() -> None:
    """One run of ``forget_old_security_events`` waiting (see ``wegweiser.periodic``)."""
    keep_one_waiting(forget_old_security_events, CLEANUP_EVERY)
