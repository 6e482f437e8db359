"""The browser fixtures of the web app's tests (Debian's Chromium, a live server with the demo), for the editor."""

from wegweiser.webapp.tests.browser.conftest import *  # noqa: F403 (its fixtures and hook, see there)
