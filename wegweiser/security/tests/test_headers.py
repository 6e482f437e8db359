"""Security headers on reader, API and admin responses, and the Content-Security-Policy's parts per path."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from wegweiser.security.middleware import ContentSecurityPolicyMiddleware, tile_source


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_common_headers(response, *, admin: bool = False) -> dict[str, list[str]]:
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    assert "geolocation=(self)" in permissions and "camera=()" in permissions and "microphone=()" in permissions
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    if not admin:
        assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no nonce unless used
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"] and policy["frame-ancestors"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    return policy


@pytest.mark.django_db
def test_reader_pages_get_the_strict_policy_and_the_headers(client, musterstadt):
    response = client.get("/musterstadt/de/")
    assert response.status_code == 200
    policy = assert_common_headers(response)
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # the test settings have no map tiles


@pytest.mark.django_db
def test_api_responses_get_the_headers_too(client, musterstadt):
    for url in ("/api/v1/regions/", "/api/v3/regions/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_common_headers(response)


@pytest.mark.django_db
def test_only_the_admin_may_use_inline_styles_and_scripts(login, musterstadt):
    """Wagtail 8 and wagtail-localize write inline scripts without a nonce (inline panels, date widgets, the
    translation editor): the admin allows them, with scripts from our origin only; the reader app never does."""
    client = login("musterstadt-editor")
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = assert_common_headers(response, admin=True)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # no nonce: it would switch 'unsafe-inline' off
    reader = directives(client.get("/musterstadt/de/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in reader["script-src"] and "'unsafe-inline'" not in reader["style-src"]
    login_page = client.get("/admin/login/")
    assert "'unsafe-inline'" in directives(login_page["Content-Security-Policy"])["style-src"]


@pytest.mark.django_db
def test_the_map_tile_host_is_allowed_for_images(client, settings, musterstadt):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png"
    policy = directives(client.get("/musterstadt/de/locations/")["Content-Security-Policy"])
    assert policy["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]


def test_tile_sources():
    assert tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert tile_source("https://{s}.tile.example.org:8443/{z}/{x}/{y}.png") == "https://*.tile.example.org:8443"
    assert tile_source("http://user@tiles.local/{z}.png") == "http://tiles.local"
    assert tile_source("") is None and tile_source("javascript:alert(1)") is None


@pytest.mark.django_db
def test_report_only_sends_the_same_policy_under_the_other_header(client, settings, musterstadt):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/musterstadt/de/")
    assert "Content-Security-Policy" not in response
    assert directives(response["Content-Security-Policy-Report-Only"])["script-src"] == ["'self'"]


def test_a_nonce_used_by_a_page_is_in_its_policy():
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    request = RequestFactory().get("/musterstadt/de/")
    response = ContentSecurityPolicyMiddleware(view)(request)
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'", f"'nonce-{nonce}'"]
