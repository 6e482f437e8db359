"""News as notifications in Chromium: subscribing on the news page and ending it (push.js), and the service worker
showing a pushed news item and opening it when tapped (sw.js).

Headless Chromium has no push service: an init script replaces ``PushManager``'s ``subscribe`` and
``getSubscription`` with a fake that hands out subscriptions as a browser would (an endpoint at a push service, a
P-256 key and a 16-byte secret made here, and the application server key it was made with), kept in localStorage
across page loads. Everything from there on is real: push.js, API v1 and the database. What the browser subscribes
is committed on PostgreSQL, so each test uses endpoints of its own and ends its subscriptions.
"""

import base64
import json
import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import BrowserContext, Page, Worker, expect

from wegweiser.notifications.models import PushSubscription
from wegweiser.notifications.vapid import application_server_key
from wegweiser.publishing.lookup import find_region
from wegweiser.publishing.serving import forget_cached_documents
from wegweiser.webapp.reading import Guide
from wegweiser.webapp.tests.browser import axe, format_violations

PAIRS = "wegweiser:push"
FAKE_PUSH_MANAGER = """(({endpoints, p256dh, auth}) => {
  const STATE = "test:push-subscription";
  const COUNT = "test:push-subscribed";
  const toBase64 = (key) => btoa(String.fromCharCode(...new Uint8Array(key)));
  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)).buffer;
  const read = () => JSON.parse(localStorage.getItem(STATE) || "null");
  const subscription = (state) => state && {
    endpoint: state.endpoint,
    expirationTime: null,
    options: {userVisibleOnly: true, applicationServerKey: fromBase64(state.key)},
    toJSON: () => ({endpoint: state.endpoint, expirationTime: null, keys: {p256dh, auth}}),
    unsubscribe: async () => { localStorage.removeItem(STATE); return true; },
  };
  PushManager.prototype.getSubscription = async function () { return subscription(read()); };
  PushManager.prototype.subscribe = async function (options) {
    const key = toBase64(options.applicationServerKey);
    const known = read();
    if (known && known.key !== key) throw new DOMException("subscribed with another key", "InvalidStateError");
    if (known) return subscription(known);
    const count = Number(localStorage.getItem(COUNT) || 0);
    localStorage.setItem(COUNT, String(count + 1));
    const state = {endpoint: endpoints[count], key};
    localStorage.setItem(STATE, JSON.stringify(state));
    return subscription(state);
  };
})(%s);"""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_point(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def new_private_key_pem() -> tuple[str, bytes]:
    """A VAPID private key as the server is configured with it, and its public point."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return pem.decode(), public_point(key)


class FakeBrowserPush:
    """What a browser's push subscription holds: endpoints at a push service (one per subscribe) and its keys."""

    def __init__(self) -> None:
        token = uuid.uuid4().hex
        self.endpoints = [f"https://fcm.googleapis.com/fcm/send/test-{token}-{n}" for n in range(3)]
        self.p256dh = b64url(public_point(ec.generate_private_key(ec.SECP256R1())))
        self.auth = b64url(os.urandom(16))

    def install(self, context: BrowserContext) -> None:
        arguments = {"endpoints": self.endpoints, "p256dh": self.p256dh, "auth": self.auth}
        context.add_init_script(script=FAKE_PUSH_MANAGER % json.dumps(arguments))

    def stored(self, endpoint: str | None = None) -> set[tuple[str, str]]:
        """Region and language of what the server stored for the endpoint (the first one unless given)."""
        rows = PushSubscription.objects.filter(endpoint=endpoint or self.endpoints[0])
        for row in rows:
            assert (row.p256dh, row.auth) == (self.p256dh, self.auth)
        return {(row.region.slug, row.language) for row in rows}


@pytest.fixture
def server_key(settings) -> Iterator[bytes]:
    """The server's VAPID key, as an operator configures it; the public point browsers subscribe with."""
    pem, point = new_private_key_pem()
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = pem
    assert application_server_key() == b64url(point)
    assert find_region("musterstadt")["push_notifications"], "the demo's Musterstadt offers push notifications"
    yield point
    # Offline manifests worked out meanwhile (the start page asks for one) list news pages with this key's panel.
    forget_cached_documents()


@pytest.fixture
def push_page(new_context: Callable[..., BrowserContext]) -> Callable[..., tuple[FakeBrowserPush, Page]]:
    """A page whose browser has allowed notifications and subscribes at a fake push service."""

    def make() -> tuple[FakeBrowserPush, Page]:
        context = new_context(permissions=["notifications"])
        push = FakeBrowserPush()
        push.install(context)
        return push, context.new_page()

    return make


def message(page: Page, name: str) -> str:
    """A message of push_panel.html, in the page's language."""
    return page.evaluate(
        "(name) => document.querySelector('template[data-push-messages]').content"
        ".querySelector(`[data-message='${name}']`).textContent.trim()",
        name,
    )


def pairs(page: Page) -> list[str]:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{PAIRS}') || '[]')")


def test_news_are_subscribed_in_german_and_arabic_and_ended(push_page, server_key: bytes):
    push, page = push_page()
    page.goto("/musterstadt/de/news/")
    panel = page.locator("#push")
    expect(panel).to_be_visible()
    toggle = panel.locator("[data-push-toggle]")
    status = panel.locator("[data-push-status]")
    expect(toggle.locator("[data-when=off]")).to_be_visible()
    assert panel.get_attribute("data-public-key") == b64url(server_key)

    toggle.click()
    expect(status).to_have_text(message(page, "on"))
    assert push.stored() == {("musterstadt", "de")}
    # Subscribed with the server's key, as a push service requires for the server's pushes to be accepted.
    subscribed_key = page.evaluate("JSON.parse(localStorage.getItem('test:push-subscription')).key")
    assert base64.b64decode(subscribed_key) == server_key
    assert pairs(page) == ["musterstadt/de"]

    # Arabic, right to left: the same subscription, now also for Arabic.
    page.goto("/musterstadt/ar/news/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(toggle.locator("[data-when=off]")).to_be_visible()
    violations = axe(page)
    assert not violations, format_violations(violations)
    toggle.click()
    expect(status).to_have_text(message(page, "on"))
    assert push.stored() == {("musterstadt", "de"), ("musterstadt", "ar")}
    assert pairs(page) == ["musterstadt/de", "musterstadt/ar"]
    violations = axe(page)
    assert not violations, format_violations(violations)

    # A later visit shows it on; turned off, Arabic is gone and German stays, and so does the browser's subscription.
    page.reload()
    expect(status).to_have_text(message(page, "on"))
    expect(toggle.locator("[data-when=on]")).to_be_visible()
    expect(toggle.locator("[data-when=off]")).to_be_hidden()
    toggle.click()
    expect(status).to_have_text(message(page, "off"))
    assert push.stored() == {("musterstadt", "de")}
    assert pairs(page) == ["musterstadt/de"]
    assert page.evaluate("localStorage.getItem('test:push-subscription')") is not None

    # The last one off: the browser's subscription ends too.
    page.goto("/musterstadt/de/news/")
    toggle.click()
    expect(status).to_have_text(message(page, "off"))
    assert push.stored() == set()
    assert pairs(page) == []
    assert page.evaluate("localStorage.getItem('test:push-subscription')") is None


def test_a_subscription_made_with_an_old_server_key_is_renewed(push_page, server_key: bytes):
    """The operator replaced the VAPID key: the browser's old subscription receives nothing any more. The next
    visit subscribes anew and the server moves the old endpoint's regions and languages to the new one."""
    push, page = push_page()
    old_endpoint = f"https://fcm.googleapis.com/fcm/send/test-old-{uuid.uuid4().hex}"
    subscription = {"endpoint": old_endpoint, "keys": {"p256dh": push.p256dh, "auth": push.auth}}
    answer = page.request.post("/api/v1/regions/musterstadt/de/push-subscriptions/", data=subscription)
    assert answer.status == 201, answer.text()
    old_key = base64.b64encode(new_private_key_pem()[1]).decode()
    page.goto("/musterstadt/de/")
    page.evaluate(
        "([state, pairs]) => { localStorage.setItem('test:push-subscription', state); localStorage.setItem(pairs, "
        "JSON.stringify(['musterstadt/de'])); }",
        [json.dumps({"endpoint": old_endpoint, "key": old_key}), PAIRS],
    )
    page.goto("/musterstadt/de/news/")
    expect(page.locator("[data-push-status]")).to_have_text(message(page, "on"))
    assert push.stored() == {("musterstadt", "de")}
    assert push.stored(old_endpoint) == set()

    page.locator("[data-push-toggle]").click()
    expect(page.locator("[data-push-status]")).to_have_text(message(page, "off"))
    assert push.stored() == set()


BLOCKED = """Object.defineProperty(Notification, "permission", {get: () => "denied"});
Notification.requestPermission = async () => "denied";"""


def test_without_permission_or_support_the_panel_says_what_to_do(new_context, server_key: bytes):
    # The reader blocked notifications for this website: how to allow them, at once and when the button is tapped.
    context = new_context("ar")
    context.add_init_script(script=BLOCKED)
    page = context.new_page()
    page.goto("/musterstadt/ar/news/")
    status = page.locator("[data-push-status]")
    expect(status).to_have_text(message(page, "denied"))
    status.evaluate("(status) => { status.textContent = ''; }")
    page.locator("[data-push-toggle]").click()
    expect(status).to_have_text(message(page, "denied"))

    # A browser without Web Push: no button, a note instead; on an iPhone, how to get notifications there.
    for user_agent, note in (
        ("Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/42.0", "unsupported"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148", "home-screen"),
    ):
        context = new_context("de-DE", user_agent=user_agent)
        context.add_init_script(script="delete window.PushManager;")
        page = context.new_page()
        page.goto("/musterstadt/de/news/")
        expect(page.locator("[data-push-status]")).to_have_text(message(page, note))
        expect(page.locator("[data-push-toggle]")).to_be_hidden()


def test_without_a_server_key_no_panel_is_offered(page: Page, settings):
    settings.WEB_PUSH_VAPID_PRIVATE_KEY = ""
    page.goto("/musterstadt/de/news/")
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("[data-push-panel]").count() == 0


SHOWN = """async () => (await self.registration.getNotifications()).map((n) => ({
  title: n.title, body: n.body, lang: n.lang, dir: n.dir, tag: n.tag, icon: n.icon, url: n.data && n.data.url,
}))"""


def service_worker(context: BrowserContext, page: Page) -> Worker:
    """The web app's service worker, once active: push services deliver to an active one only (Chromium drops what
    one still activating shows)."""
    page.wait_for_function("navigator.serviceWorker.controller?.state === 'activated'")
    return next(worker for worker in context.service_workers if worker.url.endswith("/sw.js"))


#: An event dispatched in the service worker as the browser would; waits for what the handler asks the browser to wait
#: for, and fails if that fails (a script-made event cannot be extended: its own ``waitUntil`` throws).
DISPATCH = """async ([kind, data, tag]) => {
  const notifications = await self.registration.getNotifications();
  const event = kind === "push"
    ? new PushEvent(kind, {data})
    : new NotificationEvent(kind, {notification: notifications.find((n) => n.tag === tag)});
  const waited = [];
  Object.defineProperty(event, "waitUntil", {value: (promise) => { waited.push(promise); }});
  self.dispatchEvent(event);
  await Promise.all(waited);
  return waited.length;
}"""


def push(worker: Worker, data: str) -> list[dict]:
    """Deliver a push message to the service worker, as the push service would; the notifications shown then."""
    assert worker.evaluate(DISPATCH, ["push", data, None]) == 1
    return worker.evaluate(SHOWN)


def tap(worker: Worker, tag: str) -> None:
    """Tap the notification with this tag."""
    assert worker.evaluate(DISPATCH, ["notificationclick", None, tag]) == 1


def test_a_pushed_news_item_is_shown_and_a_tap_opens_it(new_context, live_url: str):
    context = new_context("ar", permissions=["notifications"])
    page = context.new_page()
    page.goto("/musterstadt/ar/")
    worker = service_worker(context, page)
    item = Guide.of("musterstadt", "ar").items("news")[0]
    payload = {
        "title": item["title"],
        "body": item["excerpt"],
        "url": item["path"],
        "lang": "ar",
        "dir": "rtl",
        "tag": f"news-{uuid.uuid4()}",
        "icon": "/static/webapp/icon.svg",
    }
    [shown] = push(worker, json.dumps(payload))
    assert shown == {**payload, "icon": live_url + payload["icon"]}

    # Tapped: closed, and the open window of the web app shows the item.
    tap(worker, payload["tag"])
    page.wait_for_url(live_url + item["path"])
    expect(page.locator("h1")).to_have_text(item["title"])
    assert worker.evaluate(SHOWN) == []

    # Something unreadable still shows a notification (browsers require one), leading to the start page; a link
    # to another website is never followed.
    [garbled] = push(worker, "not JSON")
    assert (garbled["title"], garbled["body"], garbled["url"]) == ("Wegweiser", "", "/")
    elsewhere = {**payload, "tag": "elsewhere", "url": "https://example.com/musterstadt/ar/"}
    assert {n["tag"]: n["url"] for n in push(worker, json.dumps(elsewhere))}["elsewhere"] == "/"
    tap(worker, "elsewhere")
    page.wait_for_url(live_url + "/")


RENEW = """async ([old, key, endpoint, keys]) => {
  let subscribedWith = null;
  PushManager.prototype.subscribe = async (options) => {
    subscribedWith = btoa(String.fromCharCode(...new Uint8Array(options.applicationServerKey)));
    return {endpoint, options, toJSON: () => ({endpoint, expirationTime: null, keys})};
  };
  const applicationServerKey = Uint8Array.from(atob(key), (c) => c.charCodeAt(0)).buffer;
  await renewSubscription({oldSubscription: {endpoint: old, options: {applicationServerKey}}, newSubscription: null});
  return subscribedWith;
}"""


def test_a_subscription_the_push_service_replaced_is_moved_by_the_service_worker(new_context, server_key: bytes):
    """``pushsubscriptionchange`` (Firefox sends it; Chromium cannot make the event): the worker subscribes again
    with the same key, and the server moves the old endpoint's regions and languages to the new one."""
    context = new_context("ar", permissions=["notifications"])
    page = context.new_page()
    page.goto("/musterstadt/ar/")
    worker = service_worker(context, page)
    browser = FakeBrowserPush()
    old, new = browser.endpoints[:2]
    keys = {"p256dh": browser.p256dh, "auth": browser.auth}
    url = "/api/v1/regions/musterstadt/ar/push-subscriptions/"
    assert page.request.post(url, data={"endpoint": old, "keys": keys}).status == 201
    key = base64.b64encode(server_key).decode()
    assert worker.evaluate(RENEW, [old, key, new, keys]) == key
    assert browser.stored(new) == {("musterstadt", "ar")}
    assert browser.stored(old) == set()
    assert page.request.delete(url, data={"endpoint": new}).status == 204
    assert browser.stored(new) == set()
