"""Settings shared by every environment. Everything secret or site-specific comes from the environment."""

import os
from pathlib import Path

import dj_database_url

from wegweiser.regions import languages as known_languages

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("WEGWEISER_VAR_DIR", BASE_DIR / "var"))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "wegweiser.regions",
    "wegweiser.organisations",
    "wegweiser.content",
    "wegweiser.places",
    "wegweiser.contacts",
    "wegweiser.events",
    "wegweiser.news",
    "wegweiser.notifications",
    "wegweiser.translation",
    "wegweiser.publishing",
    "wegweiser.integreat",
    "wegweiser.api",
    "wegweiser.insights",
    "wegweiser.search",
    "wegweiser.reviews",
    "wegweiser.corrections",
    "wegweiser.links",
    "wegweiser.accounts",
    "wegweiser.security",
    "wegweiser.operations",
    "wegweiser.webapp",
    "wegweiser.demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "ninja",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "wegweiser.urls"
WSGI_APPLICATION = "wegweiser.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite (WAL) is the embedded default; DATABASE_URL selects PostgreSQL, e.g.
# postgres://wegweiser:secret@localhost:5432/wegweiser
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    "transaction_mode": "IMMEDIATE",
}


def database_from_environment() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "db.sqlite3",
        "OPTIONS": SQLITE_OPTIONS,
        # A web process keeps its connection: opening one (and setting the pragmas) costs more than a small write.
        "CONN_MAX_AGE": 60,
    }


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. The admin speaks German and English (each user chooses); content exists in every
# language of wegweiser.regions.languages, and Django must know each one for Wagtail to accept it.
LANGUAGE_CODE = known_languages.DEFAULT_LANGUAGE
LANGUAGES = [(language.code, language.english_name) for language in known_languages.LANGUAGES]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "wegweiser" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
#: Front-end packages, installed by npm (package.json) and served as they are: no build step.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/qrcode", NODE_MODULES / "qrcode-generator" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
#: Map tiles for the places map; empty for a map without a background (the list works either way).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
#: A Nominatim-compatible geocoder for "Find from address" in the place editor; empty: no such button.
GEOCODER_URL = os.environ.get("GEOCODER_URL", "")
#: Sent with every geocoder request (Nominatim asks to identify the application); empty: "Wegweiser (<admin URL>)".
GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "")
GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "5"))
#: Web Push (news as notifications in the web app): the VAPID private key, as PEM or the path of a PEM file
#: (`manage.py generate_vapid_key` writes one; `make run` uses var/vapid-private-key.pem). Empty: no Web Push.
WEB_PUSH_VAPID_PRIVATE_KEY = os.environ.get(
    "WEB_PUSH_VAPID_PRIVATE_KEY",
    str(VAR_DIR / "vapid-private-key.pem") if (VAR_DIR / "vapid-private-key.pem").exists() else "",
)
#: Who push services can contact about our pushes (RFC 8292's "sub"): a mailto: or https: URL.
WEB_PUSH_CONTACT = os.environ.get("WEB_PUSH_CONTACT", "mailto:operator@wegweiser.invalid")
#: Push services browsers subscribe at (host suffixes). An endpoint elsewhere is refused: the server would post to it.
WEB_PUSH_SERVICE_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "WEB_PUSH_SERVICE_HOSTS",
        "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
    ).split(",")
    if host.strip()
]
WEB_PUSH_ALLOW_HTTP = False
WEB_PUSH_TIMEOUT = float(os.environ.get("WEB_PUSH_TIMEOUT", "10"))
#: Parallel connections to push services while sending one news item.
WEB_PUSH_CONCURRENCY = int(os.environ.get("WEB_PUSH_CONCURRENCY", "16"))
#: Firebase Cloud Messaging HTTP v1 for the native apps: off unless the project and service account are given.
FCM_PROJECT_ID = os.environ.get("FCM_PROJECT_ID", "")
FCM_SERVICE_ACCOUNT_FILE = os.environ.get("FCM_SERVICE_ACCOUNT_FILE", "")
FCM_API_URL = os.environ.get("FCM_API_URL", "https://fcm.googleapis.com")
#: Search: "embedded" (ranks in the web process), "postgres" (lexical part in PostgreSQL's full-text search) or
#: "opensearch" (an OpenSearch cluster: SEARCH_BACKEND_OPTIONS {"url": ..., "index": ...}); or a dotted path.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "embedded")
SEARCH_BACKEND_OPTIONS: dict = {"url": os.environ.get("OPENSEARCH_URL", ""), "index": "wegweiser-search"}
#: CPU threads for embeddings (None: all cores).
SEARCH_EMBEDDING_THREADS = int(os.environ.get("SEARCH_EMBEDDING_THREADS") or 0) or None
#: Words of an item's text embedded with its title: more find more, and cost about a millisecond each per item.
SEARCH_PASSAGE_WORDS = int(os.environ.get("SEARCH_PASSAGE_WORDS", "45"))
#: A file keeping the vectors of passages already embedded, so that rebuilding an index embeds only new text;
#: empty: no cache.
SEARCH_EMBEDDING_CACHE = os.environ.get("SEARCH_EMBEDDING_CACHE", str(VAR_DIR / "search-embeddings.sqlite3"))
#: A question with words the region never uses counts as without a good answer (shown to the editors) when no
#: passage is closer in meaning than this cosine similarity.
SEARCH_WEAK_SCORE = 0.85
#: Single views (item, language, day: nothing about the reader) are kept at most this many days, then only daily
#: totals remain.
INSIGHTS_RAW_VIEW_DAYS = int(os.environ.get("INSIGHTS_RAW_VIEW_DAYS", "3"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
SNAPSHOT_ROOT = Path(os.environ.get("SNAPSHOT_ROOT", VAR_DIR / "published"))


def snapshot_storage_from_environment() -> dict:
    """Published snapshots: local files, or an S3-compatible bucket (install django-storages[s3]) when
    ``SNAPSHOT_S3_BUCKET`` is set, so that a CDN can carry reader traffic."""
    bucket = os.environ.get("SNAPSHOT_S3_BUCKET")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": SNAPSHOT_ROOT}}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("SNAPSHOT_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("SNAPSHOT_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("SNAPSHOT_S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("SNAPSHOT_S3_REGION") or None,
            "file_overwrite": True,
        },
    }


# How long a web process trusts the ETag it last looked up (seconds), and how much it caches in memory.
SNAPSHOT_ETAG_SECONDS = float(os.environ.get("SNAPSHOT_ETAG_SECONDS", "1"))
SNAPSHOT_CACHE_BYTES = int(os.environ.get("SNAPSHOT_CACHE_BYTES", str(64 * 1024 * 1024)))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "snapshots": snapshot_storage_from_environment(),
}

# Background work: the Django tasks API, stored in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Calendar feeds imported as events (wegweiser.events.importing): time limit (seconds), size limit (bytes),
# and whether feeds on private or local addresses may be fetched (never on a public server).
CALENDAR_IMPORT_TIMEOUT = float(os.environ.get("CALENDAR_IMPORT_TIMEOUT", "20"))
CALENDAR_IMPORT_MAX_BYTES = int(os.environ.get("CALENDAR_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES = env_bool("CALENDAR_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)

# The link checker (wegweiser.links): time limit per request, hosts checked at once, seconds between two requests to
# one host; how often working, once-failed and broken links are checked again; failures in a row before a link counts
# as broken; private addresses refused unless allowed.
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "10"))
LINK_CHECK_CONCURRENCY = int(os.environ.get("LINK_CHECK_CONCURRENCY", "8"))
LINK_CHECK_HOST_GAP = float(os.environ.get("LINK_CHECK_HOST_GAP", "1"))
LINK_CHECK_EVERY_DAYS = int(os.environ.get("LINK_CHECK_EVERY_DAYS", "7"))
LINK_CHECK_RETRY_MINUTES = int(os.environ.get("LINK_CHECK_RETRY_MINUTES", "60"))
LINK_CHECK_BROKEN_EVERY_HOURS = int(os.environ.get("LINK_CHECK_BROKEN_EVERY_HOURS", "24"))
LINK_CHECK_FAILURES_BEFORE_BROKEN = int(os.environ.get("LINK_CHECK_FAILURES_BEFORE_BROKEN", "2"))
LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = env_bool("LINK_CHECK_ALLOW_PRIVATE_ADDRESSES", False)
LINK_CHECK_USER_AGENT = os.environ.get(
    "LINK_CHECK_USER_AGENT", "Wegweiser link checker (checks the links of a municipal guide for newcomers)"
)

# How many days a verification link sent to a partner organisation works (wegweiser.corrections).
VERIFICATION_LINK_DAYS = int(os.environ.get("VERIFICATION_LINK_DAYS", "30"))

# Feedback from newcomers (wegweiser.insights.abuse): at most so many feedback requests from one client (address,
# IPv6 per /64) per window of seconds: (limit, seconds), counted in the default cache under an HMAC of the address
# and window, never the address itself. Generous, because a shelter, a language class or a mobile network puts many
# readers behind one address. With several web processes, configure a shared cache (CACHES), else each counts alone.
FEEDBACK_RATE_LIMIT = [(10, 10 * 60), (60, 24 * 60 * 60)]
#: Larger feedback requests are refused (413) before they are read; a comment has at most 5,000 characters.
FEEDBACK_MAX_BYTES = int(os.environ.get("FEEDBACK_MAX_BYTES", str(16 * 1024)))
#: Behind a reverse proxy: the request header (as in request.META, e.g. "HTTP_X_FORWARDED_FOR") the proxy writes
#: the client's address in; its last entry counts. Empty: the address the request comes from (REMOTE_ADDR).
FEEDBACK_CLIENT_ADDRESS_HEADER = os.environ.get("FEEDBACK_CLIENT_ADDRESS_HEADER", "")

# E-mail from the environment; without a host, mails go to the console.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "wegweiser@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAIL_SITE_NAME = "Wegweiser"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Slugs in the reader's script (Arabic, Cyrillic, umlauts), as Integreat content has them.
WAGTAIL_ALLOW_UNICODE_SLUGS = True
#: No avatars from gravatar.com: the admin makes no requests to third parties.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt", "csv"]
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Page actions are kept in Wagtail's audit log; the console only needs problems.
        "wagtail": {"level": "WARNING"},
    },
}

# Machine translation providers (wegweiser.translation.machine); none unless configured.
MACHINE_TRANSLATION_PROVIDERS: dict[str, dict] = {}
if os.environ.get("DEEPL_API_KEY"):
    MACHINE_TRANSLATION_PROVIDERS["deepl"] = {
        "class": "deepl",
        # Empty: https://api.deepl.com, or https://api-free.deepl.com for free keys (ending in ":fx").
        "url": os.environ.get("DEEPL_URL", ""),
        "api_key": os.environ["DEEPL_API_KEY"],
    }
if os.environ.get("LIBRETRANSLATE_URL"):
    MACHINE_TRANSLATION_PROVIDERS["libretranslate"] = {
        "class": "libretranslate",
        "url": os.environ["LIBRETRANSLATE_URL"],
        "api_key": os.environ.get("LIBRETRANSLATE_API_KEY", ""),
    }
