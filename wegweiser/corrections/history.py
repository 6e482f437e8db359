"""Every step of a verification request or suggestion, in Wagtail's audit log.

The entries land in the item's own history (pages and snippets alike) and in Wagtail's site history report;
``register`` adds the actions to Wagtail's registry (see ``wagtail_hooks.py``).
"""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log

SENT = "corrections.verification_sent"
OPENED = "corrections.verification_opened"
CONFIRMED = "corrections.verification_confirmed"
SUGGESTED = "corrections.verification_suggested"
REFUSED = "corrections.verification_refused"
RECEIVED = "corrections.suggestion_received"
ACCEPTED = "corrections.suggestion_accepted"
REJECTED = "corrections.suggestion_rejected"
DONE = "corrections.suggestion_done"


class _Formatter(LogFormatter):
    """A message naming the partner (recipient) or the source, and a comment with the note or reason."""

    def format_message(self, log_entry) -> str:
        return str(self.message) % {key: str(value) for key, value in (log_entry.data or {}).items()}

    def format_comment(self, log_entry) -> str:
        return str((log_entry.data or {}).get("comment", ""))


def _formatter(label, message) -> type[_Formatter]:
    return type("CorrectionsLogFormatter", (_Formatter,), {"label": label, "message": message})


ACTIONS = {
    SENT: (_("Verification requested"), _("Verification requested from %(recipient)s")),
    OPENED: (_("Verification link opened"), _("Verification link opened by %(recipient)s")),
    CONFIRMED: (_("Confirmed by partner"), _("Confirmed as still correct by %(recipient)s")),
    SUGGESTED: (_("Change suggested by partner"), _("Change suggested by %(recipient)s")),
    REFUSED: (_("Verification link refused"), _("Verification link of %(recipient)s refused: %(why)s")),
    RECEIVED: (_("Suggestion received"), _("Suggestion received (%(source)s)")),
    ACCEPTED: (_("Suggestion accepted"), _("Suggestion accepted (%(source)s)")),
    REJECTED: (_("Suggestion rejected"), _("Suggestion rejected (%(source)s)")),
    DONE: (_("Suggestion done"), _("Suggestion marked as done (%(source)s)")),
}


def register(actions) -> None:
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action)(_formatter(label, message))


def log(item: Model, action: str, *, user=None, comment: str = "", **data: Any) -> None:
    """Log one step on the item; ``data`` fills the action's message, ``comment`` is shown beside it."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    wagtail_log(item, action, user=user, data={**{k: str(v) for k, v in data.items()}, "comment": comment[:1000]})
