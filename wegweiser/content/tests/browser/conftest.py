"""The web app's browser fixtures (Debian's Chromium, a live server with the demo), for the admin's choosers.

See ``wegweiser/webapp/tests/browser/conftest.py`` for what each fixture does.
"""

from wegweiser.webapp.tests.browser.conftest import *  # noqa: F403 (its fixtures and hook, see there)
