"""Printouts on request: served from storage when the content is unchanged, made now when small, made in the
background when large (always the whole guide), so that no reader waits on a long render inside a request.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from wegweiser.publishing.models import snapshot_storage

from .models import Printout
from .rendering import render
from .selection import Selection
from .tasks import make_printout

logger = logging.getLogger(__name__)


def in_background(selection: Selection) -> bool:
    return selection.whole_guide or len(selection.entries) > settings.PRINTOUT_PAGES_IN_REQUEST


def printout_for(selection: Selection) -> Printout:
    """The printout to give a reader for this selection's current content.

    Ready: that one. Otherwise it is made now (small) or queued for the worker (large); until it is ready, the
    latest earlier printout of the same selection is given if there is one (its cover says what date it is
    current as of), else the printout being made (or failed), which the caller tells the reader about.
    """
    printout, new = find_or_start(selection)
    if is_ready(printout):
        return printout
    if new or needs_making(printout):
        if in_background(selection):
            restart(printout)
            make_printout.enqueue(printout.pk)
            printout.refresh_from_db()  # a task backend that runs tasks at once has made it already
        else:
            make(printout, selection)
        if is_ready(printout):
            return printout
    return latest_ready(printout) or printout


def is_ready(printout: Printout) -> bool:
    return printout.status == Printout.Status.READY and snapshot_storage().exists(printout.file_name)


def needs_making(printout: Printout) -> bool:
    """Its worker stopped, it failed long enough ago, or its file is gone."""
    if printout.status == Printout.Status.BUILDING:
        return stale(printout)
    if printout.status == Printout.Status.FAILED:
        return retry_due(printout)
    return True


def latest_ready(printout: Printout) -> Printout | None:
    """The most recent finished printout of the same page, topic or guide in the same language."""
    for earlier in same_selection(printout).filter(status=Printout.Status.READY).order_by("-finished_at"):
        if snapshot_storage().exists(earlier.file_name):
            return earlier
    return None


def same_selection(printout: Printout):
    return Printout.objects.filter(
        region_id=printout.region_id, language=printout.language, page_id=printout.page_id, subpages=printout.subpages
    ).exclude(pk=printout.pk)


def find_or_start(selection: Selection) -> tuple[Printout, bool]:
    """The printout of the selection's content hash, and whether it is new."""
    fields = {"region_id": selection.region["id"], "language": selection.language.code}
    fields |= {"page_id": selection.page_id, "subpages": selection.subpages}
    try:
        with transaction.atomic():
            printout, created = Printout.objects.get_or_create(content_hash=selection.content_hash, defaults=fields)
    except IntegrityError:  # made by a request at the same moment
        printout, created = Printout.objects.get(content_hash=selection.content_hash), False
    return printout, created


def stale(printout: Printout) -> bool:
    """A printout "being made" for longer than a render can take: its worker stopped."""
    return timezone.now() - printout.started_at > timedelta(seconds=settings.PRINTOUT_STALE_SECONDS)


def retry_due(printout: Printout) -> bool:
    return timezone.now() - (printout.finished_at or printout.started_at) > timedelta(
        seconds=settings.PRINTOUT_RETRY_SECONDS
    )


def restart(printout: Printout) -> None:
    printout.status, printout.error, printout.started_at = Printout.Status.BUILDING, "", timezone.now()
    printout.save(update_fields=["status", "error", "started_at"])


def make(printout: Printout, selection: Selection) -> Printout:
    """Render the selection into ``printout``; a failure is recorded (and logged), not raised."""
    restart(printout)
    began = time.perf_counter()
    try:
        rendered = render(selection)
    except Exception as problem:
        logger.exception("Printout %s could not be made", selection.file_stem)
        printout.status, printout.error, printout.finished_at = Printout.Status.FAILED, str(problem), timezone.now()
        printout.save(update_fields=["status", "error", "finished_at"])
        return printout
    storage = snapshot_storage()
    if storage.exists(printout.file_name):
        storage.delete(printout.file_name)
    storage.save(printout.file_name, ContentFile(rendered.pdf))
    printout.status, printout.finished_at = Printout.Status.READY, timezone.now()
    printout.size, printout.sheets, printout.seconds = len(rendered.pdf), rendered.sheets, time.perf_counter() - began
    printout.save(update_fields=["status", "finished_at", "size", "sheets", "seconds"])
    remove_superseded(printout)
    return printout


def remove_superseded(printout: Printout) -> int:
    """Older printouts of the same page, topic or guide in the same language, with their files."""
    older = same_selection(printout).exclude(status=Printout.Status.BUILDING)
    storage = snapshot_storage()
    for name in [old.file_name for old in older]:
        if storage.exists(name):
            storage.delete(name)
    return older.delete()[0]
