"""Production settings: everything from the environment, DEBUG off, secure cookies and headers.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. See docs/deploy.md.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from wegweiser.operations.logs import logging_config

from .base import *  # noqa: F403
from .base import LOG_LEVEL, env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (a long random string).")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Monitoring asks the application server directly (plain HTTP on the loopback or the container network).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# Operators and region managers sign in with a second factor (wegweiser.accounts).
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "managers")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's live preview shows our own pages in a frame, so frames are allowed from the same origin only.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
# One JSON object per log line for journald, Docker and log collectors (wegweiser.operations.logs).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = logging_config(LOG_FORMAT, LOG_LEVEL)
