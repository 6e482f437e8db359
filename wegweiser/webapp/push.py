"""Push notifications in the web app: what the news page needs to offer a region's news on this device.

push.js subscribes the browser at the push service with the server's VAPID key and hands the subscription
to API v1 (``push-subscriptions/``); the service worker (sw.js) shows what arrives.
"""

from wegweiser.notifications.vapid import application_server_key
from wegweiser.publishing.lookup import NotFound, check_language, find_region

#: Where the service worker and push.js move a subscription the push service replaced (API v1).
RENEWAL_URL = "/api/v1/push-subscriptions/renewal/"


def push_context(region: dict | str, language: str) -> dict | None:
    """The server's application server key and where to subscribe to the news of a region in a language.

    ``region`` is the published region (its entry in the regions document) or its slug. None when the region
    has push notifications off or does not offer the language, or when the server has no VAPID key: then the
    news page offers nothing.
    """
    try:
        published = find_region(region) if isinstance(region, str) else region
        check_language(published, language)
    except NotFound:
        return None
    if not published.get("push_notifications"):
        return None
    key = application_server_key()
    if not key:
        return None
    return {
        "public_key": key,
        "subscribe_url": f"/api/v1/regions/{published['path']}/{language}/push-subscriptions/",
        "renewal_url": RENEWAL_URL,
    }
