"""Settings for `make run` on a developer's or demo machine."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-7f3c1b5e0a9d4e2b8c6a"  # noqa: F405
