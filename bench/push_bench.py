#!/usr/bin/env python3
"""How fast one news item reaches 10,000 Web Push subscribers, and the memory the sending takes.

What it does, in one run, on a scratch SQLite database (migrations only, no demo):

1. starts a local Web Push service in a process of its own (``wegweiser.notifications.testing.LocalPushService``:
   it checks every request's headers and VAPID signature and, unless ``--no-decrypt``, decrypts every payload with
   the subscriber's keys, as a browser would); it makes the subscribers' keys as browsers do;
2. stores the subscriptions for one region and language, publishes a news item, and times ``deliver()``: reading the
   subscriptions, encrypting per subscriber (RFC 8291), signing (RFC 8292), posting over kept-alive connections
   (``WEB_PUSH_CONCURRENCY`` at a time), and recording the counts;
3. prints pushes per second, the sender's peak memory (RSS) and how much it grew during the sending, and what the
   push service accepted.

Run it with the project's virtualenv: ``.venv/bin/python bench/push_bench.py`` (``--help`` for options).
Nothing outside a temporary directory is written.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def push_service(connection, subscriptions: int, decrypt: bool) -> None:
    """The push service's process: make the browsers' subscriptions, serve, report what arrived when told."""
    from wegweiser.notifications.testing import LocalPushService

    with LocalPushService(decrypt=decrypt) as service:
        browsers = [service.new_subscription() for _ in range(subscriptions)]
        connection.send([(b.endpoint, b.p256dh, b.auth) for b in browsers])
        connection.recv()  # the sender is done
        received = service.received
        decrypted = sum(1 for message in received if message.plaintext is not None)
        sample = received[0].json() if decrypt and received else None
        connection.send(
            {
                "requests": service.request_count,
                "accepted": len(received),
                "decrypted": decrypted,
                "rejected": len(service.rejections),
                "sample": sample,
            }
        )


def rss_mb() -> float:
    """The process's resident memory now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000, help="subscribers (default: %(default)s)")
    parser.add_argument("--concurrency", type=int, default=16, help="parallel connections (default: %(default)s)")
    parser.add_argument("--no-decrypt", action="store_true", help="the push service checks but does not decrypt")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="wegweiser-push-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "wegweiser.settings.dev",
            "WEGWEISER_VAR_DIR": str(scratch),
            "WEB_PUSH_CONCURRENCY": str(options.concurrency),
            "WEB_PUSH_SERVICE_HOSTS": "127.0.0.1",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    try:
        run(options, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(options, scratch: Path) -> None:
    ours, theirs = multiprocessing.Pipe()
    service = multiprocessing.Process(
        target=push_service, args=(theirs, options.subscriptions, not options.no_decrypt), daemon=True
    )
    service.start()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from wagtail.models import Locale, Page

    from wegweiser.news.models import NewsIndexPage, NewsPage
    from wegweiser.notifications.models import PushSubscription
    from wegweiser.notifications.sending import deliver, notifications_for
    from wegweiser.notifications.vapid import generate_private_key_pem
    from wegweiser.regions.models import RegionLanguage, RegionPage

    settings.WEB_PUSH_VAPID_PRIVATE_KEY = generate_private_key_pem()
    settings.WEB_PUSH_ALLOW_HTTP = True
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"scratch database migrated in {time.perf_counter() - started:.0f} s ({scratch})")

    region = RegionPage(title="Benchstadt", slug="benchstadt", push_enabled=True, locale=Locale.get_default())
    region.languages = [RegionLanguage(language="de")]
    Page.get_first_root_node().add_child(instance=region)
    region.save_revision().publish()
    news_list = region.add_child(instance=NewsIndexPage(title="Aktuelles", slug="aktuelles"))
    item = news_list.add_child(
        instance=NewsPage(
            title="Neue Regeln für Termine im Bürgerbüro",
            slug="neue-regeln",
            body="<p>Ab Montag vergibt das Bürgerbüro Termine nur noch online oder telefonisch. "
            "Wer ohne Termin kommt, wird nur in Notfällen bedient.</p>",
        )
    )
    item.save_revision().publish()

    browsers = ours.recv()
    PushSubscription.objects.bulk_create(
        (
            PushSubscription(region=region, language="de", endpoint=endpoint, p256dh=p256dh, auth=auth)
            for endpoint, p256dh, auth in browsers
        ),
        batch_size=2000,
    )
    del browsers
    [notification] = notifications_for(item)

    before = rss_mb()
    started = time.perf_counter()
    [delivery] = deliver(notification)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours.send("done")
    report = ours.recv()
    service.join(timeout=30)

    print(f"subscriptions:        {delivery.recipients:,}")
    print(f"delivered:            {delivery.delivered:,} (failed {delivery.failed}, waiting {delivery.waiting})")
    print(f"time:                 {seconds:.2f} s")
    print(f"pushes per second:    {delivery.delivered / seconds:,.0f} ({options.concurrency} connections)")
    print(f"sender memory:        {before:.0f} MB before sending, peak {peak:.0f} MB (RSS), +{peak - before:.0f} MB")
    decrypted = "checked, not decrypted" if options.no_decrypt else f"{report['decrypted']:,} decrypted"
    print(
        f"push service:         {report['requests']:,} requests, {report['accepted']:,} accepted ({decrypted}), "
        f"{report['rejected']} refused"
    )
    if report["sample"]:
        print(f"a message as decrypted: {report['sample']['title']!r} → {report['sample']['url']}")


if __name__ == "__main__":
    main()
