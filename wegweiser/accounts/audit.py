"""The security log: ``record`` writes one event; every app calls it for what concerns staff accounts.

Actions are short dotted names (``"login.succeeded"``, ``"role.granted"``, ``"backup.created"``). Recording
never fails the request that caused it: a request may be missing (commands, tasks), a user may be anonymous,
and details that are not JSON-serialisable are stored as text.
"""

import json
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import SecurityEvent

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = 200


def record(action: str, *, request=None, actor=None, subject=None, region=None, **details: Any) -> SecurityEvent:
    """Write one security event and return it.

    ``actor`` defaults to the request's signed-in user; ``region`` is stored as its canonical (German) copy so
    that region managers find all events of their region under one region.
    """
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    actor = _saved_user(actor)
    subject = _saved_user(subject)
    if region is not None:
        region = getattr(region, "canonical", region)
    event = SecurityEvent.objects.create(
        action=action[:64],
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        subject=subject,
        subject_name=subject.get_username() if subject else "",
        region=region,
        client_address=_client_address(request),
        user_agent=_user_agent(request),
        details=_serialisable(details),
    )
    logger.info("security event %s by %s concerning %s", action, event.actor_name or "-", event.subject_name or "-")
    return event


def forget_old_events(now=None) -> int:
    """Remove events older than ``settings.SECURITY_LOG_DAYS`` days; returns how many went."""
    now = now or timezone.now()
    days = int(getattr(settings, "SECURITY_LOG_DAYS", 365))
    deleted, _ = SecurityEvent.objects.filter(when__lt=now - timedelta(days=days)).delete()
    return deleted


def _saved_user(user):
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "pk", None) is None:
        return None
    return user


def _client_address(request) -> str:
    if request is None or not hasattr(request, "META"):
        return ""
    from wegweiser.insights.abuse import client_address

    return client_address(request)[:64]


def _user_agent(request) -> str:
    if request is None or not hasattr(request, "META"):
        return ""
    return str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_LENGTH]


def _serialisable(details: dict[str, Any]) -> dict[str, Any]:
    try:
        json.dumps(details)
    except (TypeError, ValueError):
        return {key: value if _is_json(value) else str(value) for key, value in details.items()}
    return details


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True
