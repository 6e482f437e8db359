"""Checking the stored links: web addresses over the network, phone numbers and e-mail addresses by their form.

A web address is checked again ``LINK_CHECK_EVERY_DAYS`` after its last check; one that failed is asked again
sooner (``LINK_CHECK_RETRY_MINUTES`` after a first failure, ``LINK_CHECK_BROKEN_EVERY_HOURS`` once broken). It counts
as broken only after ``LINK_CHECK_FAILURES_BEFORE_BROKEN`` failed checks in a row, so that a server's bad minute
does not alarm anybody. Up to ``LINK_CHECK_CONCURRENCY`` hosts are asked at the same time, each host one request
at a time with ``LINK_CHECK_HOST_GAP`` seconds between them; each request gives up after ``LINK_CHECK_TIMEOUT``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from wegweiser.regions.models import RegionPage

from .fetching import Answer, Asker, HostGate
from .finding import is_valid_email, is_valid_phone
from .models import Link


def setting(name: str) -> Any:
    """One of the ``LINK_CHECK_*`` settings (see ``settings/base.py``)."""
    return getattr(settings, name)


@dataclass
class Summary:
    """What one run did, for the command's output and the task's result."""

    checked: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> None:
        self.checked += 1
        self.outcomes[status] = self.outcomes.get(status, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, **self.outcomes}


def check_format(link: Link) -> None:
    """Phone numbers and e-mail addresses are checked without the network: valid or not."""
    valid = is_valid_phone(link.address) if link.kind == Link.Kind.PHONE else is_valid_email(link.address)
    link.status = Link.Status.OK if valid else Link.Status.INVALID
    link.checked_at = timezone.now()
    link.save(update_fields=["status", "checked_at"])


def used_links(region: RegionPage | None = None) -> QuerySet[Link]:
    links = Link.objects.filter(uses__isnull=False)
    if region is not None:
        links = links.filter(uses__region=region.canonical)
    return links.distinct()


def due_links(region: RegionPage | None = None) -> QuerySet[Link]:
    """The web addresses whose next check is due."""
    now = timezone.now()
    due = (
        Q(checked_at__isnull=True)
        | Q(checked_at__lte=now - timedelta(days=setting("LINK_CHECK_EVERY_DAYS")))
        | Q(
            consecutive_failures__gt=0,
            status=Link.Status.BROKEN,
            checked_at__lte=now - timedelta(hours=setting("LINK_CHECK_BROKEN_EVERY_HOURS")),
        )
        | (
            Q(consecutive_failures__gt=0, checked_at__lte=now - timedelta(minutes=setting("LINK_CHECK_RETRY_MINUTES")))
            & ~Q(status=Link.Status.BROKEN)
        )
    )
    return used_links(region).filter(due, kind=Link.Kind.URL)


def asker() -> Asker:
    return Asker(
        timeout=float(setting("LINK_CHECK_TIMEOUT")),
        user_agent=setting("LINK_CHECK_USER_AGENT"),
        gate=HostGate(float(setting("LINK_CHECK_HOST_GAP"))),
        allow_private=bool(setting("LINK_CHECK_ALLOW_PRIVATE_ADDRESSES")),
    )


def ask_all(urls: Iterable[str]) -> dict[str, Answer]:
    """Check the addresses over the network, host by host, several hosts at a time. Touches no database."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    checker = asker()
    answers: dict[str, Answer] = {}
    language = translation.get_language()

    def visit(urls_of_host: list[str]) -> None:
        with translation.override(language):  # errors are told in the language of who started the check
            for url in urls_of_host:
                answers[url] = checker.check(url)

    with ThreadPoolExecutor(max_workers=max(1, int(setting("LINK_CHECK_CONCURRENCY")))) as pool:
        for future in [pool.submit(visit, urls) for urls in by_host.values()]:
            future.result()
    return answers


def record(link: Link, answer: Answer) -> None:
    """Store a check's answer; a failure makes the link broken only after enough of them in a row."""
    link.checked_at = timezone.now()
    link.status_code = answer.status_code
    link.final_url = answer.final_url[:2000]
    if answer.outcome == "broken":
        link.consecutive_failures += 1
        link.error = answer.error
        if link.consecutive_failures >= setting("LINK_CHECK_FAILURES_BEFORE_BROKEN"):
            link.status = Link.Status.BROKEN
    else:
        link.consecutive_failures = 0
        link.error = ""
        link.status = Link.Status.REDIRECTED if answer.outcome == "redirected" else Link.Status.OK
    link.save()


def check_links(links: Iterable[Link]) -> Summary:
    """Check the given links now (web addresses over the network, the others by their form)."""
    links = list(links)
    summary = Summary()
    for link in links:
        if link.kind != Link.Kind.URL:
            check_format(link)
            summary.count(link.status)
    web = [link for link in links if link.kind == Link.Kind.URL]
    answers = ask_all(link.address for link in web)
    for link in web:
        record(link, answers[link.address])
        summary.count(link.status)
    return summary


def check_due(region: RegionPage | None = None) -> Summary:
    return check_links(due_links(region))
