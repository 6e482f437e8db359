"""Making large printouts (a region's whole guide) in the background worker."""

from django_tasks import task

from wegweiser.publishing.lookup import NotFound

from .models import Printout
from .selection import select


@task()
def make_printout(printout_id: int) -> dict:
    """Render the printout's selection as it is published now. Content that changed since the request was queued
    is printed as it is now, under its own hash, and this printout is removed (its content is gone)."""
    from .service import find_or_start, make

    printout = Printout.objects.select_related("region").filter(pk=printout_id).first()
    if printout is None:
        return {"made": False}
    try:
        selection = select(printout.region.slug, printout.language, printout.page_id, printout.subpages)
    except NotFound as problem:
        printout.delete()
        return {"made": False, "reason": str(problem)}
    if selection.content_hash != printout.content_hash:
        printout.delete()
        printout, _new = find_or_start(selection)
        if printout.status == Printout.Status.READY:
            return {"made": False, "reason": "made already"}
    made = make(printout, selection)
    return {"made": made.status == Printout.Status.READY, "seconds": made.seconds, "size": made.size}
