"""Browser tests: Debian's Chromium, driven by Playwright, reads the demo from a live server.

Fixtures (see conftest.py): ``browser``, ``live_url``, ``new_context``, ``new_page``, ``browser_locale``,
``context``, ``page`` and ``page_errors``. Helpers to import from here: ``axe``, ``format_violations`` and
``log_in_to_admin``::

    from wegweiser.webapp.tests.browser import axe, format_violations

    def test_start_page_is_accessible(page):
        page.goto("/musterstadt/ar/")
        violations = axe(page)
        assert not violations, format_violations(violations)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from wegweiser.demo.loading import DEMO_PASSWORD

PROJECT = Path(__file__).resolve().parents[4]
#: axe-core from npm (package.json's devDependencies; ``npm ci`` installs it).
AXE_SCRIPT = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
#: The rules of WCAG 2.2 level AA that axe can check automatically (2.0, 2.1 and 2.2, levels A and AA).
WCAG_AA_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

# Map markers may sit close together; WCAG 2.5.8's "equivalent" exception covers them, because the list
# below the map links every place with a full-size target. Everything else is checked.
_RUN_AXE = """async (tags) => {
  const context = {exclude: [[".leaflet-marker-icon"]]};
  const results = await axe.run(context, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    targets: violation.nodes.map((node) => node.target.map(String).join(" ")),
    html: violation.nodes.map((node) => node.html),
  }));
}"""


def axe(page: Page, tags: tuple[str, ...] = WCAG_AA_TAGS) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; return its violations of ``tags``.

    Each violation is a dict with ``id``, ``impact`` (minor … critical), ``help``, ``helpUrl``, and per failing
    node the CSS ``targets`` and the node's ``html``. Inject after the page has loaded (``page.goto`` waits for it).
    """
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run `npm ci` in {PROJECT}")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE_SCRIPT)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, list(tags))
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable assertion message: one paragraph per violated rule with the nodes that break it."""
    if not violations:
        return "no accessibility violations"
    lines = [f"{len(violations)} accessibility rule(s) violated:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for target, html in zip(violation["targets"], violation["html"], strict=True):
            lines.append(f"    {target}: {html[:160]}")
    return "\n".join(lines)


def log_in_to_admin(page: Page, username: str) -> None:
    """Sign a demo user in through the admin's login form, so that the live server itself stores the session
    (a session the test wrote through the ORM would be invisible to the server on PostgreSQL). The admin's
    avatars from gravatar.com are answered locally: there is no internet here."""
    page.context.route("https://www.gravatar.com/**", lambda route: route.fulfill(status=204))
    page.goto("/admin/login/")
    page.locator('input[name="username"]').fill(username)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator('form button[type="submit"]').first.click()
    if "/admin/login/" in page.url:
        raise AssertionError(f"{username} could not sign in to the admin")
