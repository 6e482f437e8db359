"""Asking an item's organisation to confirm it: a verification request by e-mail (``wegweiser.corrections``) to
the organisation's address for verification requests, once at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from wegweiser.contacts.models import Contact

from .service import ItemReview, Kind


@dataclass(frozen=True)
class Asking:
    """Whether the organisation can be asked about an item now, and if not, why (or the request already open)."""

    possible: bool
    reason: str = ""
    open_request: Any = None


def corrections_service():
    """The verification requests of ``wegweiser.corrections`` (None where they are not available)."""
    try:
        from wegweiser.corrections import service
    except ImportError:
        return None
    if not hasattr(service, "request_verification") or not hasattr(service, "open_verification_request"):
        return None
    return service


def load_item(entry: ItemReview):
    if entry.kind == Kind.CONTACT:
        return Contact.objects.get(pk=entry.item_id)
    return Page.objects.get(pk=entry.item_id).specific


def state(entry: ItemReview, item=None) -> Asking:
    if entry.organisation is None:
        return Asking(False, _("No organisation is responsible for this item."))
    if not entry.organisation.email:
        return Asking(
            False,
            _("%(organisation)s has no e-mail address for verification requests; add one to the organisation.")
            % {"organisation": entry.organisation.name},
        )
    service = corrections_service()
    if service is None:
        return Asking(False, _("Verification requests are not available."))
    request = service.open_verification_request(item or load_item(entry))
    if request is not None:
        created = getattr(request, "created_at", None)
        reason = _("Asked %(recipient)s on %(date)s; the answer is awaited.") % {
            "recipient": getattr(request, "recipient", entry.organisation.email),
            "date": date_format(timezone.localtime(created), "SHORT_DATE_FORMAT") if created else "–",
        }
        return Asking(False, reason, request)
    return Asking(True)


def ask(item, entry: ItemReview, *, requested_by=None):
    """Send the organisation a verification request for ``item``; ``ValueError`` says why that is not possible."""
    now = state(entry, item)
    if not now.possible:
        raise ValueError(now.reason)
    assert entry.organisation is not None
    return corrections_service().request_verification(item, entry.organisation.email, requested_by=requested_by)
