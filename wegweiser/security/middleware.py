"""Response headers that tell browsers what a page may do: the Content-Security-Policy and the Permissions-Policy.

The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings (django-csp 4). This middleware adds what depends on
the request: the map tile host (from ``MAP_TILE_URL``) to ``img-src``, and, in the Wagtail admin only, inline styles
(``style="…"`` is everywhere in Wagtail's templates) and inline scripts: Wagtail 8 writes small inline scripts for
its inline panels, date and time widgets and multiple choosers, and wagtail-localize for its translation editor,
without a nonce. Everywhere else (the newcomer web app, the APIs) scripts come only from our own origin; a page that
needs an inline script gets it with ``request.csp_nonce``. ``CSP_REPORT_ONLY`` sends the same policy as
``Content-Security-Policy-Report-Only`` instead (to try a change on a live server without breaking it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

#: Paths of the Wagtail admin (and Django's own admin, if mounted): the only pages with inline styles and scripts.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def tile_source(tile_url: str) -> str | None:
    """The CSP source of a map tile URL template: ``https://{s}.tile.example.org/{z}/…`` → ``https://*.tile.example.org``."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "subdomain"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.netloc.rsplit("@", 1)[-1]
    if "{s}" in tile_url:
        host = host.replace("subdomain", "*", 1)
    return f"{parts.scheme}://{host}"


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIXES)


def additions_for(request: HttpRequest) -> dict[str, list[str]]:
    """What this request's policy needs beyond the configured one."""
    additions: dict[str, list[str]] = {}
    tiles = tile_source(settings.MAP_TILE_URL)
    if tiles:
        additions["img-src"] = [tiles]
    if is_admin_path(request.path_info):
        additions["style-src"] = [UNSAFE_INLINE]
    return additions


def replacements_for(request: HttpRequest) -> dict[str, list[str]]:
    """Directives this request's policy replaces: the admin's scripts (a nonce would make browsers ignore
    'unsafe-inline', so the admin's script-src has none)."""
    if is_admin_path(request.path_info):
        return {"script-src": [SELF, UNSAFE_INLINE]}
    return {}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the per-path additions above and the report-only switch."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        if report_only != settings.CSP_REPORT_ONLY:
            return PolicyParts(config={})  # an empty policy: no header of this kind
        parts = super().get_policy_parts(request, response, report_only=False)
        if parts.config is None:
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {}))
        update: dict = {key: list(value) for key, value in (parts.update or {}).items() if value is not None}
        for directive, sources in additions_for(request).items():
            update[directive] = [*update.get(directive, []), *sources]
        parts.update = update
        parts.replace = {**(parts.replace or {}), **replacements_for(request)}
        return parts


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` from the ``PERMISSIONS_POLICY`` setting (feature → list of origins, ``self`` or none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            header = permissions_policy_header(settings.PERMISSIONS_POLICY)
            if header:
                response["Permissions-Policy"] = header
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"geolocation": ["self"], "camera": []}`` → ``geolocation=(self), camera=()``."""
    return ", ".join(f"{feature}=({' '.join(origins)})" for feature, origins in policy.items())
