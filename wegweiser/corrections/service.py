"""Corrections as other apps use them: ask a partner to verify an item, record and count suggested changes.

The verification link is a ``django.core.signing`` value with its own salt (so no other signed value of the
application passes for one), naming a stored request and its random token. It expires after
``settings.VERIFICATION_LINK_DAYS`` days (30 unless set), and is spent once the partner has answered.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegweiser.publishing.documents import absolute_url

from . import history
from .items import (
    VERIFIABLE,
    apply_changes,
    current_value,
    details,
    editable_fields,
    field_label,
    is_rich_text,
    item_title,
    kind_label,
    model_field,
    region_of,
)
from .models import Suggestion, VerificationRequest

#: Keeps verification links apart from every other signed value of the application.
LINK_SALT = "wegweiser.corrections.verification-link"
#: The language of the e-mail and of the partner's page: the language municipalities work in.
PARTNER_LANGUAGE = "de"
#: The longest note a suggestion keeps.
MAX_NOTE = 2000


class LinkRefused(Exception):
    """A verification link that cannot be used; ``status`` is the HTTP status to answer with."""

    status = 400
    reason = "invalid"

    def __init__(self, verification: VerificationRequest | None = None):
        super().__init__(self.reason)
        self.verification = verification


class LinkInvalid(LinkRefused):
    """Tampered with, cut short, or not a verification link at all."""


class LinkExpired(LinkRefused):
    status = 410
    reason = "expired"


class LinkUsed(LinkRefused):
    status = 410
    reason = "used"


def link_days() -> int:
    return settings.VERIFICATION_LINK_DAYS


# --------------------------------------------------------------------------------------------------
# Verification requests
# --------------------------------------------------------------------------------------------------


def _item_reference(item: Model) -> dict:
    region = region_of(item)
    if region is None:
        raise ValueError(_("This item does not belong to a region."))
    return {
        "region": region,
        "content_type": ContentType.objects.get_for_model(item),
        "object_id": item.pk,
        "translation_key": item.translation_key,
    }


def _copies(model: type[Model], item: Model):
    """The rows of ``model`` about any language copy of the item."""
    return model.objects.filter(
        content_type=ContentType.objects.get_for_model(item), translation_key=item.translation_key
    )


def checked_recipient(recipient: str) -> str:
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValueError(_("Enter the e-mail address of the person who should check this."))
    try:
        validate_email(recipient)
    except ValidationError:
        raise ValueError(_("“%(address)s” is not an e-mail address.") % {"address": recipient}) from None
    return recipient


def verification_link(verification: VerificationRequest) -> str:
    """The path of the partner's page (the signed part names the request and its token)."""
    signed = signing.dumps({"id": verification.pk, "token": verification.token}, salt=LINK_SALT)
    return reverse("corrections_verification", args=[signed])


def request_verification(item: Model, recipient: str, *, requested_by=None, message: str = "") -> VerificationRequest:
    """Ask ``recipient`` by e-mail to confirm the item (a topic page, place or contact); raises ``ValueError`` for a
    bad address or an item that cannot be verified, before anything is stored or sent."""
    if not isinstance(item, VERIFIABLE):
        raise ValueError(_("Only topic pages, places and contacts can be verified."))
    recipient = checked_recipient(recipient)
    now = timezone.now()
    with transaction.atomic():
        verification = VerificationRequest.objects.create(
            **_item_reference(item),
            recipient=recipient,
            message=(message or "").strip()[:MAX_NOTE],
            token=secrets.token_urlsafe(32),
            requested_by=requested_by,
            created_at=now,
            expires_at=now + timedelta(days=link_days()),
        )
        history.log(item, history.SENT, user=requested_by, recipient=recipient, comment=verification.message)
        transaction.on_commit(lambda: send_verification_mail(verification, item))
    return verification


def send_verification_mail(verification: VerificationRequest, item: Model) -> None:
    sender = verification.requested_by
    with translation.override(PARTNER_LANGUAGE):
        context = {
            "verification": verification,
            "item": item,
            "title": item_title(item),
            "kind": kind_label(item),
            "region": verification.region,
            "details": details(item),
            "link": absolute_url(verification_link(verification)),
            "sender": (sender.get_full_name() or sender.get_username()) if sender is not None else "",
            "days": link_days(),
        }
        subject = _("Please check: “%(title)s” in the guide of %(region)s") % {
            "title": context["title"],
            "region": verification.region.full_name,
        }
        text = render_to_string("corrections/verification_email.txt", context)
        html = render_to_string("corrections/verification_email.html", context)
    reply_to = [sender.email] if sender is not None and sender.email else None
    mail = EmailMultiAlternatives(" ".join(subject.split()), text, None, [verification.recipient], reply_to=reply_to)
    mail.attach_alternative(html, "text/html")
    mail.send()


def open_verification_request(item: Model) -> VerificationRequest | None:
    """The newest unanswered, unexpired verification request about the item (in any of its languages)."""
    return (
        _copies(VerificationRequest, item)
        .filter(answered_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def verification_from_link(signed: str) -> VerificationRequest:
    """The request a link names, if it may still be used; else ``LinkInvalid``, ``LinkExpired`` or ``LinkUsed``.

    Refusing an expired or spent link is logged on the item."""
    too_old = False
    try:
        data = signing.loads(signed, salt=LINK_SALT, max_age=timedelta(days=link_days()))
    except signing.SignatureExpired:
        too_old = True
        data = signing.loads(signed, salt=LINK_SALT)  # genuine, only old: find the request to log the attempt
    except signing.BadSignature:
        raise LinkInvalid() from None
    if not isinstance(data, dict):
        raise LinkInvalid()
    verification = VerificationRequest.objects.filter(pk=data.get("id")).select_related("region").first()
    if verification is None or not secrets.compare_digest(verification.token, str(data.get("token", ""))):
        raise LinkInvalid()
    if verification.answered_at is not None:
        refused: LinkRefused = LinkUsed(verification)
    elif too_old or verification.is_expired:
        refused = LinkExpired(verification)
    else:
        return verification
    item = verification.item
    if item is not None:
        history.log(item, history.REFUSED, recipient=verification.recipient, why=refused.reason)
    raise refused


def mark_opened(verification: VerificationRequest) -> None:
    """The first time the partner opens the link."""
    if verification.opened_at is None:
        verification.opened_at = timezone.now()
        verification.save(update_fields=["opened_at"])
        history.log(verification.item, history.OPENED, recipient=verification.recipient)


def _spend(verification: VerificationRequest, answer: str) -> None:
    """Mark the link used; a second answer racing this one finds it spent (``LinkUsed``)."""
    spent = VerificationRequest.objects.filter(pk=verification.pk, answered_at__isnull=True).update(
        answered_at=timezone.now(), answer=answer
    )
    if not spent:
        raise LinkUsed(verification)


def confirm(verification: VerificationRequest) -> None:
    """The partner says the item is still correct: it counts as reviewed today."""
    from wegweiser.reviews.service import mark_reviewed

    item = verification.item
    with transaction.atomic():
        _spend(verification, "confirmed")
        mark_reviewed(
            item, source="partner", note=_("Confirmed by %(recipient)s") % {"recipient": verification.recipient}
        )
        history.log(item, history.CONFIRMED, recipient=verification.recipient)


def suggest(verification: VerificationRequest, changes: dict[str, str], note: str) -> Suggestion:
    """The partner proposes changes: they go to the review queue."""
    item = verification.item
    with transaction.atomic():
        _spend(verification, "suggested")
        suggestion = record_suggestion(
            item, changes, note=note, source="verification", verification_request=verification
        )
        history.log(item, history.SUGGESTED, recipient=verification.recipient, comment=note)
    return suggestion


# --------------------------------------------------------------------------------------------------
# Suggestions
# --------------------------------------------------------------------------------------------------


def changed_values(item: Model, changes: dict[str, str]) -> dict[str, str]:
    """The proposed values that differ from what the item says (rich text compared as plain text)."""
    allowed = editable_fields(item)
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValueError(
            _("These fields cannot be changed by a suggestion: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    changed = {}
    for name in allowed:
        if name not in changes:
            continue
        proposed = str(changes[name] or "").strip()
        current = current_value(item, name).strip()
        if is_rich_text(item, name):
            proposed = "\n".join(line.strip() for line in proposed.splitlines() if line.strip())
        else:
            try:
                model_field(item, name).clean(proposed, item)
            except ValidationError as problem:
                raise ValueError(f"{field_label(item, name)}: {' '.join(problem.messages)}") from None
        if proposed != current:
            changed[name] = proposed
    return changed


def record_suggestion(
    item: Model,
    changes: dict[str, str],
    *,
    note: str = "",
    source: str,
    user=None,
    language: str = "",
    verification_request: VerificationRequest | None = None,
) -> Suggestion:
    """Put a suggested change to the item into its region's review queue, and log it on the item.

    ``changes`` maps field names (see ``items.EDITABLE``) to proposed values; values equal to the current ones are
    dropped. A suggestion must change something or say something (``note``); otherwise ``ValueError``."""
    if source not in Suggestion.Source.values:
        raise ValueError(f"Unknown source of a suggestion: {source!r}")
    changed = changed_values(item, changes)
    note = (note or "").strip()
    if not changed and not note:
        raise ValueError(_("Change at least one field or describe what is wrong."))
    if len(note) > MAX_NOTE:
        raise ValueError(_("The note is too long (at most %(max)d characters).") % {"max": MAX_NOTE})
    suggestion = Suggestion.objects.create(
        **_item_reference(item),
        source=source,
        changes=changed,
        note=note,
        language=language[:12],
        submitted_by=user if user is not None and user.is_authenticated else None,
        verification_request=verification_request,
    )
    history.log(item, history.RECEIVED, user=user, source=suggestion.get_source_display(), comment=note)
    return suggestion


def open_suggestions(region) -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(region__translation_key=region.translation_key, status=Suggestion.Status.OPEN)


def open_suggestion_count(region) -> int:
    """Open suggestions in the region's review queue (for the weekly digest and the menu)."""
    return open_suggestions(region).count()


class SuggestionClosed(Exception):
    """The suggestion was accepted, done or rejected already."""


def _decide(suggestion: Suggestion, status: str, user, reason: str = "") -> None:
    decided = Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.OPEN).update(
        status=status, decided_by=user, decided_at=timezone.now(), reason=reason
    )
    if not decided:
        raise SuggestionClosed()
    suggestion.refresh_from_db()


def accept_suggestion(suggestion: Suggestion, user) -> str:
    """Apply the proposed values to the item (see ``items.apply_changes``) and count it as reviewed.

    Returns how the item was changed: "published", "submitted", "saved", or "" when there was nothing to apply."""
    from wegweiser.reviews.service import mark_reviewed

    item = suggestion.item
    if not suggestion.changes:
        raise ValueError(_("This suggestion proposes no values to apply: mark it as done instead."))
    with transaction.atomic():
        _decide(suggestion, "accepted", user)
        outcome = apply_changes(item, suggestion.changes, user)
        mark_reviewed(item, user=user, source="suggestion", note=suggestion.note[:200])
        history.log(item, history.ACCEPTED, user=user, source=suggestion.get_source_display(), comment=suggestion.note)
    return outcome


def reject_suggestion(suggestion: Suggestion, user, reason: str = "") -> None:
    with transaction.atomic():
        _decide(suggestion, "rejected", user, reason.strip()[:MAX_NOTE])
        history.log(
            suggestion.item, history.REJECTED, user=user, source=suggestion.get_source_display(), comment=reason
        )


def mark_suggestion_done(suggestion: Suggestion, user) -> None:
    """A report without proposed values that the editor has dealt with (by editing the item themselves)."""
    with transaction.atomic():
        _decide(suggestion, "done", user)
        history.log(suggestion.item, history.DONE, user=user, source=suggestion.get_source_display())
