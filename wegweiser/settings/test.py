"""Settings for the test suite: fast hashing, in-memory mail, tasks run at once."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "snapshots": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
SNAPSHOT_ETAG_SECONDS = 0
# Static files are served from the app directories in tests; whitenoise need not look for collected ones.
WHITENOISE_AUTOREFRESH = True
# No network in tests: the places map has no tile background.
MAP_TILE_URL = ""
# No geocoder either: tests that need one start a local fake Nominatim (wegweiser/places/tests/).
GEOCODER_URL = ""
# Machine translation in tests talks to local fake servers only (wegweiser/translation/tests/fake_translators.py).
MACHINE_TRANSLATION_PROVIDERS = {}
# Calendar feeds in tests come from local servers (wegweiser/events/tests/test_importing.py).
CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES = True
# Push services in tests are local servers (wegweiser/notifications/testing.py); no VAPID key unless a test sets one.
WEB_PUSH_VAPID_PRIVATE_KEY = ""
WEB_PUSH_SERVICE_HOSTS = [*WEB_PUSH_SERVICE_HOSTS, "127.0.0.1"]  # noqa: F405
WEB_PUSH_ALLOW_HTTP = True
# Many tests send feedback from the same address; the rate limit's own tests set the limits they check.
FEEDBACK_RATE_LIMIT = [(10_000, 10 * 60)]
