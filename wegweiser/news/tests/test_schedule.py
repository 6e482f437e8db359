"""Wagtail's schedule for news: an item goes live when its time comes; when it expires, it goes with its
translations from the current news into the archive; an item an editor unpublishes is gone."""

import json
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published

from wegweiser.news.models import NewsPage
from wegweiser.news.tasks import run_news_schedule
from wegweiser.publishing import snapshots

from .conftest import add_news, by_title, expire_now, news_list, published, soon, translate

pytestmark = pytest.mark.django_db


def test_a_scheduled_item_goes_live_when_its_time_comes(musterstadt, on_commit):
    item = NewsPage(title="Neue Sprechzeiten", slug="neue-sprechzeiten", body="<p>Ab Montag.</p>", live=False)
    item.go_live_at = soon(hours=2)
    news_list(musterstadt).add_child(instance=item)
    revision = item.save_revision()
    with on_commit():
        revision.publish()
    item.refresh_from_db()
    revision.refresh_from_db()
    assert not item.live and revision.approved_go_live_at is not None
    assert "Neue Sprechzeiten" not in by_title(published(musterstadt, "de", "news"))

    # Two hours later (the schedule as Wagtail keeps it, moved into the past).
    due = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = due.isoformat()
    revision.approved_go_live_at = due
    revision.save()
    Page.objects.filter(pk=item.pk).update(go_live_at=due)
    announced = []

    def listen(sender, instance, **kwargs):
        announced.append(instance.pk)

    page_published.connect(listen)
    try:
        with on_commit():
            result = run_news_schedule.call()
    finally:
        page_published.disconnect(listen)
    item.refresh_from_db()
    assert item.live and item.first_published_at is not None
    assert item.pk in announced  # what push sending hangs on
    assert result["published"] >= 1
    shown = by_title(published(musterstadt, "de", "news"))["Neue Sprechzeiten"]
    assert shown["path"] == f"/musterstadt/de/news/local/{item.id}/"
    assert shown["archived"] is False and shown["expired_at"] is None and shown["source_region"] is None


@pytest.fixture
def expiring(musterstadt, on_commit):
    """A German item with an Arabic translation, both published; the German one expires tomorrow."""
    with on_commit():
        item = add_news(musterstadt, "Impfaktion im Rathaus", expire_at=soon(days=1))
        arabic = translate(item, "ar", "حملة تطعيم في دار البلدية")
    return item, arabic


def test_an_expired_item_and_its_translations_move_to_the_archive(musterstadt, expiring, on_commit, client):
    item, arabic = expiring
    assert "Impfaktion im Rathaus" in by_title(published(musterstadt, "de", "news"))
    assert arabic.title in by_title(published(musterstadt, "ar", "news"))

    expire_now(item, on_commit)
    item.refresh_from_db()
    arabic.refresh_from_db()
    assert (item.live, item.expired, arabic.live, arabic.expired) == (False, True, False, True)
    assert arabic.expire_at == item.expire_at
    for language, title, page in (("de", item.title, item), ("ar", arabic.title, arabic)):
        assert title not in by_title(published(musterstadt, language, "news"))
        archived = by_title(published(musterstadt, language, "news-archive"))[title]
        assert archived["archived"] is True and archived["path"] == f"/musterstadt/{language}/news/local/{page.id}/"
        assert archived["expired_at"] == item.expire_at.astimezone(ZoneInfo(musterstadt.timezone)).isoformat(
            "T", "seconds"
        )
    assert by_title(published(musterstadt, "ar", "news-archive"))[arabic.title]["available_languages"]["de"][
        "path"
    ] == (f"/musterstadt/de/news/local/{item.id}/")

    # The web app: the item is in the archive, not in the current news, and still at its own path.
    current = client.get("/musterstadt/de/news/").content.decode()
    archive = client.get("/musterstadt/de/news/?archive=1").content.decode()
    assert "Impfaktion im Rathaus" not in current and 'href="/musterstadt/de/news/?archive=1"' in current
    assert "Impfaktion im Rathaus" in archive and 'href="/musterstadt/de/news/"' in archive
    arabic_archive = client.get("/musterstadt/ar/news/?archive=1").content.decode()
    assert 'dir="rtl"' in arabic_archive and arabic.title in arabic_archive
    page = client.get(f"/musterstadt/ar/news/local/{arabic.id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' in html and arabic.title in html and 'class="notice archived-notice"' in html

    # API v1: in the archive, not in the news, and found by its id; API v3: not in the news.
    v1_news = json.loads(client.get("/api/v1/regions/musterstadt/ar/news/").content)
    v1_archive = json.loads(client.get("/api/v1/regions/musterstadt/ar/news/archive/").content)
    assert arabic.title not in by_title(v1_news) and by_title(v1_archive)[arabic.title]["archived"] is True
    v1_item = client.get(f"/api/v1/regions/musterstadt/ar/news/local-{arabic.id}/")
    assert v1_item.status_code == 200 and json.loads(v1_item.content)["title"] == arabic.title
    v3 = json.loads(client.get("/api/v3/musterstadt/de/news/").content)
    assert "Impfaktion im Rathaus" not in by_title(v3)
    assert client.get(f"/api/v3/musterstadt/de/news/local-{item.id}/").status_code == 404


def test_a_translation_published_after_its_original_expired_expires_with_the_next_run(musterstadt, expiring, on_commit):
    item, _arabic = expiring
    expire_now(item, on_commit)
    with on_commit():
        english = translate(item, "en", "Vaccination day at the town hall")
    assert "Vaccination day at the town hall" in by_title(published(musterstadt, "en", "news"))
    with on_commit():
        run_news_schedule.call()
    english.refresh_from_db()
    assert not english.live and english.expired
    assert "Vaccination day at the town hall" not in by_title(published(musterstadt, "en", "news"))
    assert "Vaccination day at the town hall" in by_title(published(musterstadt, "en", "news-archive"))


def test_a_translation_expiring_on_its_own_leaves_the_original(musterstadt, expiring, on_commit):
    item, arabic = expiring
    expire_now(arabic, on_commit)
    item.refresh_from_db()
    assert item.live
    assert "Impfaktion im Rathaus" in by_title(published(musterstadt, "de", "news"))
    assert arabic.title in by_title(published(musterstadt, "ar", "news-archive"))


def test_an_item_unpublished_by_an_editor_is_neither_news_nor_archive(musterstadt, expiring, on_commit, client):
    item, arabic = expiring
    with on_commit():
        item.unpublish()
        arabic.unpublish()
    for language, title in (("de", item.title), ("ar", arabic.title)):
        assert title not in by_title(published(musterstadt, language, "news"))
        assert title not in by_title(published(musterstadt, language, "news-archive"))
    assert client.get(f"/musterstadt/de/news/local/{item.id}/").status_code == 404
    v1 = json.loads(client.get("/api/v1/regions/musterstadt/de/news/archive/").content)
    assert item.title not in by_title(v1)


def test_the_archive_keeps_a_year(musterstadt, expiring, on_commit):
    item, _arabic = expiring
    expire_now(item, on_commit)
    Page.objects.filter(pk=item.pk).update(expire_at=timezone.now() - timedelta(days=400))
    snapshots.rebuild_region(musterstadt)
    assert item.title not in by_title(published(musterstadt, "de", "news-archive"))


def test_the_command_runs_the_schedule_once(musterstadt, expiring, on_commit, capsys):
    item, arabic = expiring
    Page.objects.filter(pk=item.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    with on_commit():
        call_command("run_news_schedule")
    assert re.search(r"[1-9]\d* expired", capsys.readouterr().out)
    arabic.refresh_from_db()
    assert arabic.expired and item.title in by_title(published(musterstadt, "de", "news-archive"))


def test_the_task_keeps_one_run_waiting_with_the_database_backend(settings):
    from django_tasks_db.models import DBTaskResult

    from wegweiser.news.tasks import ensure_news_schedule

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ensure_news_schedule()
    ensure_news_schedule()
    waiting = DBTaskResult.objects.filter(task_path="wegweiser.news.tasks.run_news_schedule")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now()
