"""The weekly digest as a task that schedules its next run a week ahead (``wegweiser.periodic``). Saving a region
starts the chain if none is waiting (``signals.keep_the_digest_scheduled``), and so does ``ensure_digest_scheduled``.
Without the database task backend, ``manage.py send_review_digest`` runs from cron instead (weekly).
"""

from datetime import timedelta

from django.db import transaction
from django_tasks import task

from wegweiser.periodic import keep_one_waiting

from .digest import regions_with_digest, send_digest

#: How often the digest goes out.
DIGEST_EVERY = timedelta(days=7)


@task()
def send_review_digests() -> dict[str, int]:
    """Send every region's digest; reports how many e-mails each region's digest went to."""
    sent: dict[str, int] = {}
    try:
        for region in regions_with_digest():
            sent[region.slug] = send_digest(region)[1]
    finally:
        transaction.on_commit(ensure_digest_scheduled)
    return sent


def ensure_digest_scheduled() -> None:
    """One run of ``send_review_digests`` waiting (see ``wegweiser.periodic``)."""
    keep_one_waiting(send_review_digests, DIGEST_EVERY)
