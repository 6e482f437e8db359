"""Publishing a news item sends it, end to end, to a local Web Push service that decrypts it with the browser's
keys (RFC 8291), and to a local Firebase Cloud Messaging; what arrives is checked in the subscriber's language."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from wegweiser.news.models import NewsIndexPage, NewsPage
from wegweiser.notifications.models import Delivery, NewsNotification, PushSubscription
from wegweiser.notifications.sending import MAX_ATTEMPTS, retry_due_deliveries
from wegweiser.notifications.tasks import send_news_notifications
from wegweiser.notifications.testing import LocalFcm, LocalPushService
from wegweiser.notifications.vapid import application_server_key, generate_private_key_pem
from wegweiser.places.tests.conftest import translate
from wegweiser.publishing.snapshots import rebuild_region_list
from wegweiser.regions.models import RegionPage

URL = "/api/v1/regions/{region}/{language}/push-subscriptions/"


@pytest.fixture
def push_service():
    with LocalPushService() as service:
        yield service


@pytest.fixture
def web_push(settings, musterstadt, musterland):
    """Web Push configured and switched on in both demo regions (no reading fallback, no push fallback)."""
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = generate_private_key_pem()
    RegionPage.objects.filter(pk__in=[musterstadt.pk, musterland.pk]).update(
        push_enabled=True, push_in_source_language=False, fallback_to_source=False
    )
    rebuild_region_list()
    for region in (musterstadt, musterland):
        region.refresh_from_db()


def subscribe(client, service: LocalPushService, region: str, language: str):
    """A browser subscribes through API v1, as the web app does."""
    browser = service.new_subscription(application_server_key())
    answer = client.post(URL.format(region=region, language=language), browser.info, content_type="application/json")
    assert answer.status_code == 201, answer.content
    return browser


def news_list(region: RegionPage) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(region).get()


def publish_news(region: RegionPage, title: str, body: str = "<p>Text.</p>", **fields) -> NewsPage:
    item = NewsPage(title=title, slug=f"n-{abs(hash(title)) % 10**8}", body=body, **fields)
    news_list(region).add_child(instance=item)
    item.save_revision().publish()
    return item


def send(page: NewsPage) -> dict:
    """What the task does after publishing commits (the signal enqueues it; tested in the first test)."""
    return send_news_notifications.call(page.pk)


def test_publishing_sends_each_subscriber_the_item_in_their_language(
    restore_snapshots, client, web_push, push_service, musterstadt, django_capture_on_commit_callbacks
):
    german = subscribe(client, push_service, "musterstadt", "de")
    arabic = subscribe(client, push_service, "musterstadt", "ar")
    ukrainian = subscribe(client, push_service, "musterstadt", "uk")
    other_region = subscribe(client, push_service, "musterland", "de")

    with django_capture_on_commit_callbacks(execute=True):
        item = publish_news(musterstadt, "Neue Regeln im Bürgerbüro", "<p>Ab Montag nur mit <b>Termin</b>.</p>")
    [message] = german.messages
    assert message.json() == {
        "title": "Neue Regeln im Bürgerbüro",
        "body": "Ab Montag nur mit Termin.",
        "url": f"/musterstadt/de/news/local/{item.pk}/",
        "lang": "de",
        "dir": "ltr",
        "tag": f"news-{item.translation_key}",
        "icon": "/static/webapp/icon.svg",
    }
    assert message.ttl > 0 and message.vapid_subject.startswith("mailto:")
    assert not arabic.messages and not ukrainian.messages and not other_region.messages, "not translated yet"

    with django_capture_on_commit_callbacks(execute=True):
        arabic_item = translate(item, "ar", "قواعد جديدة في مكتب المواطنين")
    [message] = arabic.messages
    payload = message.json()
    assert payload["title"] == "قواعد جديدة في مكتب المواطنين"
    assert (payload["lang"], payload["dir"]) == ("ar", "rtl")
    assert payload["url"] == f"/musterstadt/ar/news/local/{arabic_item.pk}/"
    assert not ukrainian.messages and len(german.messages) == 1, "each language once"

    with django_capture_on_commit_callbacks(execute=True):
        item.title = "Neue Regeln im Bürgerbüro (korrigiert)"
        item.save_revision().publish()
    assert len(german.messages) == 1 and len(arabic.messages) == 1, "a corrected item is not sent again"

    deliveries = Delivery.objects.filter(notification__news_key=item.translation_key, sender="web-push")
    counts = {d.notification.language: (d.recipients, d.delivered, d.failed) for d in deliveries}
    assert counts == {"de": (1, 1, 0), "ar": (1, 1, 0)}
    assert not push_service.rejections


def test_where_the_region_wants_it_untranslated_languages_get_the_nearest_source_at_once(
    client, web_push, push_service, musterstadt
):
    RegionPage.objects.filter(pk=musterstadt.pk).update(push_in_source_language=True)
    ukrainian = subscribe(client, push_service, "musterstadt", "uk")  # translated from German
    persian = subscribe(client, push_service, "musterstadt", "fa")  # from English, which is from German
    item = publish_news(musterstadt, "Wahl des Integrationsrats")
    english = translate(item, "en", "Election of the integration council")
    send(item)
    assert ukrainian.messages[0].json()["title"] == "Wahl des Integrationsrats"
    assert ukrainian.messages[0].json()["url"] == f"/musterstadt/de/news/local/{item.pk}/"
    assert persian.messages[0].json()["title"] == "Election of the integration council"
    assert persian.messages[0].json()["url"] == f"/musterstadt/en/news/local/{english.pk}/"
    notification = NewsNotification.objects.get(news_key=item.translation_key, language="fa")
    assert (notification.text_language, notification.news_id) == ("en", english.pk)

    send(translate(item, "uk", "Вибори до інтеграційної ради"))
    assert len(ukrainian.messages) == 1, "already notified in the source language"


def test_a_district_item_reaches_the_towns_that_show_its_news(client, web_push, push_service, musterstadt, musterland):
    town = subscribe(client, push_service, "musterstadt", "de")
    district = subscribe(client, push_service, "musterland", "de")
    musterstadt.news_from.clear()
    musterstadt.save()
    item = publish_news(musterland, "Landratsamt am Freitag geschlossen")
    item.also_in_regions.set([musterstadt])
    item.save_revision().publish()
    send(item)
    assert len(district.messages) == 1
    assert not town.messages, "Musterstadt does not show Musterland's news"

    musterstadt.news_from.add(musterland)
    musterstadt.save()
    second = publish_news(musterland, "Neue Buslinie im Landkreis")
    second.also_in_regions.set([musterstadt])
    second.save_revision().publish()
    send(second)
    [message] = town.messages
    assert message.json()["url"] == f"/musterstadt/de/news/local/{second.pk}/"
    assert message.json()["title"] == "Neue Buslinie im Landkreis"


def test_items_without_notification_old_items_and_regions_without_push_send_nothing(
    client, web_push, push_service, musterstadt, musterland
):
    reader = subscribe(client, push_service, "musterstadt", "de")
    send(publish_news(musterstadt, "Ohne Benachrichtigung", notify_subscribers=False))
    old = publish_news(musterstadt, "Alte Meldung")
    NewsPage.objects.filter(pk=old.pk).update(first_published_at=timezone.now() - timedelta(days=30))
    send(old)
    RegionPage.objects.filter(pk=musterstadt.pk).update(push_enabled=False)
    send(publish_news(musterstadt, "Push ist aus"))
    assert not reader.messages
    assert not NewsNotification.objects.filter(region=musterstadt).exists()


def test_expired_subscriptions_are_removed_and_transient_failures_retried_with_backoff(
    client, web_push, push_service, musterstadt
):
    readers = [subscribe(client, push_service, "musterstadt", "de") for _ in range(5)]
    gone, unknown, busy, down, fine = readers
    push_service.answer(gone, 410)
    push_service.answer(unknown, 404)
    push_service.answer(busy, 429, retry_after=600)
    push_service.answer(down, *[503] * MAX_ATTEMPTS)
    item = publish_news(musterstadt, "Wartezeiten in der Ausländerbehörde")
    before = timezone.now()
    send(item)

    delivery = Delivery.objects.get(notification__news_key=item.translation_key, sender="web-push")
    assert (delivery.recipients, delivery.delivered, delivery.removed, delivery.waiting) == (5, 1, 2, 2)
    assert delivery.retry_at >= before + timedelta(seconds=600), "the push service's Retry-After counts"
    assert not PushSubscription.objects.filter(endpoint__in=[gone.endpoint, unknown.endpoint]).exists()
    assert len(fine.messages) == 1

    assert retry_due_deliveries(now=timezone.now()) == 0, "not due yet"
    assert retry_due_deliveries(now=delivery.retry_at) == 1
    delivery.refresh_from_db()
    assert (delivery.delivered, delivery.waiting, delivery.attempts) == (2, 1, 2)
    assert len(busy.messages) == 1 and not down.messages
    waits = []
    while delivery.retry_at is not None:
        retry_due_deliveries(now=delivery.retry_at)
        delivery.refresh_from_db()
        if delivery.retry_at is not None:
            waits.append(round((delivery.retry_at - delivery.updated_at).total_seconds() / 60))
    assert waits == [30, 120], "the waits grow (minutes)"
    assert (delivery.delivered, delivery.failed, delivery.waiting, delivery.attempts) == (2, 1, 0, MAX_ATTEMPTS)
    assert "503" in delivery.error
    assert not down.messages


def test_native_apps_get_the_item_through_their_fcm_topic(
    client, web_push, push_service, musterstadt, settings, tmp_path
):
    with LocalFcm() as fcm:
        settings.FCM_PROJECT_ID = "wegweiser-test"
        settings.FCM_SERVICE_ACCOUNT_FILE = str(fcm.write_service_account(tmp_path / "account.json"))
        settings.FCM_API_URL = fcm.url
        item = publish_news(musterstadt, "Sprechstunde fällt aus")
        send(item)
        fcm.answer(503, retry_after=1)
        arabic = translate(item, "ar", "إلغاء ساعة الاستشارة")
        send(arabic)
        topics = {message["topic"]: message for message in fcm.messages}
        assert set(topics) == {"musterstadt-de-news"}, "the first try of Arabic met a 503"
        retried = Delivery.objects.get(
            sender="fcm", notification__language="ar", notification__news_key=item.translation_key
        )
        assert (retried.waiting, retried.retry_at is not None) == (1, True)
        retry_due_deliveries(now=retried.retry_at)
        topics = {message["topic"]: message for message in fcm.messages}
        message = topics["musterstadt-ar-news"]
        assert message["notification"] == {"title": "إلغاء ساعة الاستشارة", "body": "Text."}
        assert message["data"]["url"] == f"/musterstadt/ar/news/local/{arabic.pk}/"
        assert message["data"]["news_id"] == str(arabic.pk) and message["data"]["city_code"] == "musterstadt"
        retried.refresh_from_db()
        assert (retried.delivered, retried.waiting) == (1, 0)
        assert retried.reference.startswith("projects/wegweiser-test/messages/")
        assert fcm.token_requests == 1, "the access token is reused"


def test_sent_notifications_are_listed_in_api_v3_fcm_and_in_the_editor(
    client, web_push, push_service, musterstadt, login
):
    reader = subscribe(client, push_service, "musterstadt", "ar")
    item = publish_news(musterstadt, "Neue Sprechzeiten")
    arabic = translate(item, "ar", "مواعيد جديدة")
    send(arabic)
    send(item)
    assert len(reader.messages) == 1
    listed = json.loads(client.get("/api/v3/musterstadt/ar/fcm/").content)
    assert [(m["title"], m["channel"]) for m in listed][:1] == [("مواعيد جديدة", "news")]
    assert {"id", "message", "timestamp", "last_updated", "display_date", "available_languages"} <= set(listed[0])
    assert client.get("/api/v3/musterstadt/uk/fcm/").content == b"[]"

    editor = login("musterstadt-editor")
    page = editor.get(f"/admin/pages/{item.pk}/edit/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Push notifications sent" in html and "Web app (Web Push)" in html


def test_api_v1_lists_the_sent_notifications(client, web_push, push_service, musterstadt):
    subscribe(client, push_service, "musterstadt", "de")
    item = publish_news(musterstadt, "Schwimmkurs für Frauen", "<p>Anmeldung bis Freitag.</p>")
    send(item)
    answer = client.get("/api/v1/regions/musterstadt/de/notifications/")
    assert answer.status_code == 200 and answer["ETag"]
    [sent] = [n for n in answer.json() if n["title"] == "Schwimmkurs für Frauen"]
    assert sent["message"] == "Anmeldung bis Freitag."
    assert sent["path"] == f"/musterstadt/de/news/local/{item.pk}/" and sent["text_language"] == "de"
    assert (
        client.get("/api/v1/regions/musterstadt/de/notifications/", HTTP_IF_NONE_MATCH=answer["ETag"]).status_code
        == 304
    )
    assert client.get("/api/v1/regions/musterstadt/xx/notifications/").status_code == 404
