"""The web app's browser fixtures (Debian's Chromium, a live server with the demo), for the admin's choosers.

See ``wegweiser/webapp/tests/browser/conftest.py`` for what each fixture does.
"""

from pathlib import Path

import pytest

from wegweiser.webapp.tests.browser.conftest import (  # noqa: F401 (fixtures and hooks, used by name)
    _live_server_helper,
    browser,
    browser_locale,
    context,
    demo_server,
    live_url,
    new_context,
    new_page,
    page,
    page_errors,
    pytest_runtest_call,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests of this directory ``browser``: ``pytest -m "not browser"`` leaves them out."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
