"""The periodic jobs of an installation, started together when the task worker starts.

Each job keeps one run of itself waiting in the database queue (``wegweiser.periodic``); a worker started on a
fresh database, or after the queue was emptied, has none waiting. ``manage.py schedule_periodic_tasks`` (run
before ``db_worker`` by the systemd unit and the compose file) starts every chain that is not running.
"""

from collections.abc import Callable


def periodic_jobs() -> dict[str, Callable[[], None]]:
    from wegweiser.accounts.tasks import ensure_cleanup_scheduled
    from wegweiser.events.tasks import ensure_import_scheduled
    from wegweiser.insights.tasks import ensure_views_aggregated
    from wegweiser.links.tasks import ensure_link_check_scheduled
    from wegweiser.news.tasks import ensure_news_schedule
    from wegweiser.publishing.tasks import ensure_watchdog_scheduled
    from wegweiser.reviews.tasks import ensure_digest_scheduled

    return {
        "calendar import": ensure_import_scheduled,
        "news schedule": ensure_news_schedule,
        "reader statistics": ensure_views_aggregated,
        "weekly review digest": ensure_digest_scheduled,
        "link check": ensure_link_check_scheduled,
        "security log cleanup": ensure_cleanup_scheduled,
        "snapshot rebuild watchdog": ensure_watchdog_scheduled,
    }


def schedule_periodic_tasks() -> list[str]:
    """Start every periodic job that has no run waiting; returns the names of all jobs."""
    jobs = periodic_jobs()
    for ensure in jobs.values():
        ensure()
    return list(jobs)
