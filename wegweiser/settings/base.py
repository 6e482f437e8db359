"""Settings shared by every environment. Everything secret or site-specific comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp import constants as csp_constants

from wegweiser.operations.logs import logging_config
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
    "wegweiser.printing",
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
    # Two-factor sign-in and the lockout after failed sign-ins (wegweiser.accounts).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    # First: a request id for every log line, and one access line with the status the client got.
    "wegweiser.operations.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy (wegweiser.security.middleware).
    "wegweiser.security.middleware.ContentSecurityPolicyMiddleware",
    "wegweiser.security.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wegweiser.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that it answers a sign-in refused because of too many failures with the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "csp.context_processors.nonce",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (wegweiser.accounts). Passwords are hashed with Argon2; older hashes are upgraded at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# The lockout (django-axes' AxesStandaloneBackend) checks first; ModelBackend signs people in.
AUTHENTICATION_BACKENDS = ["wegweiser.accounts.backends.LockoutBackend", "django.contrib.auth.backends.ModelBackend"]
#: Two-factor sign-in required for "none", "managers" (operators and region managers) or "everyone" with admin access.
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "none")
#: Shown as the account's issuer in authenticator apps.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Wegweiser")
#: Failed sign-ins (password or code) of one username from one address before that pair is locked out, and for how long.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "wegweiser.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "wegweiser.accounts.lockout.locked_out_response"
# Failures are forgotten after a complete sign-in (password and code), not after the password alone.
AXES_RESET_ON_SUCCESS = False
# Sign-ins are in the security log (wegweiser.accounts.audit); axes keeps only the failures it counts.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
#: Days the security log keeps an event.
SECURITY_LOG_DAYS = int(os.environ.get("SECURITY_LOG_DAYS", "365"))
# Sessions: eight hours at most, and optionally only until the browser closes; cookies not readable by scripts.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", False)
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

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
#: Regions whose search index a web process keeps in memory (about 40 MB each for 4,400 items in 12 languages),
#: the ones searched last; the others are read again from the database when searched.
SEARCH_REGIONS_IN_MEMORY = int(os.environ.get("SEARCH_REGIONS_IN_MEMORY", "4"))
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
# A snapshot rebuild still "running" after this many seconds was interrupted (its worker died): the watchdog, a task
# run every SNAPSHOT_WATCHDOG_SECONDS by the database task worker, marks it failed and queues the rebuild again.
SNAPSHOT_REBUILD_STALE_SECONDS = float(os.environ.get("SNAPSHOT_REBUILD_STALE_SECONDS", str(15 * 60)))
SNAPSHOT_WATCHDOG_SECONDS = float(os.environ.get("SNAPSHOT_WATCHDOG_SECONDS", "120"))
# Test hook only (wegweiser/publishing/tests/test_worker_crash.py): seconds to wait before writing each file.
SNAPSHOT_WRITE_DELAY = float(os.environ.get("SNAPSHOT_WRITE_DELAY", "0"))

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
#: wegweiser.outbound.fetch (the one way to fetch an address somebody typed in): private addresses refused unless set.
OUTBOUND_ALLOW_PRIVATE_ADDRESSES = env_bool("OUTBOUND_ALLOW_PRIVATE_ADDRESSES", False)

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
#: Nor does it ask releases.wagtail.org for new versions (operators upgrade through the lock file).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "txt", "csv"]
# Uploads are checked by wegweiser.security.uploads: content sniffed, images re-encoded without metadata.
WAGTAILIMAGES_IMAGE_FORM_BASE = "wegweiser.security.uploads.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "wegweiser.security.uploads.CheckedDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILIMAGES_MAX_UPLOAD_SIZE", str(10 * 1024 * 1024)))
#: Width × height (× frames): 40 million pixels is a large photo; more is refused before it is decoded.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", str(40_000_000)))
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", str(20 * 1024 * 1024)))
#: Documents always go through Wagtail's view, which sends them with nosniff, a CSP of "default-src 'none'" and
#: as attachments (PDFs inline), also when the media storage could redirect.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Web security (wegweiser.security). The Content-Security-Policy: everything from our own origin, no inline scripts
# in the web app and the APIs; the middleware adds the map tile host (MAP_TILE_URL) to img-src and, in the admin only,
# inline styles and scripts (Wagtail's and wagtail-localize's own templates write inline scripts without a nonce).
# CSP_REPORT_ONLY sends it as Content-Security-Policy-Report-Only (browsers report, block nothing).
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-src": ["'self'"],
        # Wagtail's preview shows our own pages in a frame; nobody else may frame them.
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        **({"report-uri": [os.environ["CSP_REPORT_URI"]]} if os.environ.get("CSP_REPORT_URI") else {}),
    }
}
#: Browser features pages may use: location for "near me" in the web app, sharing and copying links; nothing else.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "geolocation": ["self"],
    "web-share": ["self"],
    "clipboard-write": ["self"],
    "camera": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "bluetooth": [],
    "hid": [],
}
# Django's SecurityMiddleware sends these in every environment (its defaults, written out so they stay).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"

# Logs go to standard error: "text" lines, or one JSON object per line with LOG_FORMAT=json (the production
# default), with request ids and task names (wegweiser.operations.logs).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)

# Operations (wegweiser.operations): where `manage.py backup` writes its archives by default, and when /health/
# reports a problem (a task waiting longer than, or running longer than so many seconds; less free disk space).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
HEALTH_TASK_WAIT_SECONDS = int(os.environ.get("HEALTH_TASK_WAIT_SECONDS", str(15 * 60)))
HEALTH_TASK_RUNNING_SECONDS = int(os.environ.get("HEALTH_TASK_RUNNING_SECONDS", str(60 * 60)))
HEALTH_MIN_FREE_DISK_MB = int(os.environ.get("HEALTH_MIN_FREE_DISK_MB", "500"))

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

# Printed guides (wegweiser.printing): printouts of more pages than this (and the whole guide) are made by the
# task worker; a printout "being made" for longer than PRINTOUT_STALE_SECONDS is started again; a failed one is
# tried again after PRINTOUT_RETRY_SECONDS.
PRINTOUT_PAGES_IN_REQUEST = int(os.environ.get("PRINTOUT_PAGES_IN_REQUEST", "30"))
PRINTOUT_STALE_SECONDS = int(os.environ.get("PRINTOUT_STALE_SECONDS", "900"))
PRINTOUT_RETRY_SECONDS = int(os.environ.get("PRINTOUT_RETRY_SECONDS", "300"))
