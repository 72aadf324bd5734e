"""Security headers on every response, and the flags of the only cookie we set (SECURITY.md H1, H2, SE1).

Every rule of the URL map is requested (pages, redirects, staff pages, error pages, static files, a
forced 500), so a route added later is checked without anyone remembering to."""

from __future__ import annotations

import pytest

from partnership_hub import create_app
from partnership_hub.accounts import create_account
from partnership_hub.extensions import db

from .conftest import app_config
from .factories import BulletinFactory, CategoryFactory, EntryFactory, TenantFactory, UserFactory
from .routes import concrete_paths
from .staff import PASSWORD as STAFF_PASSWORD
from .staff import sign_in as staff_sign_in
from .test_auth import PASSWORD, sign_in

REQUIRED_CSP = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]


def assert_hardened(response, what) -> None:
    headers = response.headers
    csp = [d.strip() for d in headers.get("Content-Security-Policy", "").split(";")]
    for directive in REQUIRED_CSP:
        assert directive in csp, (what, directive)
    assert not any("unsafe-" in d or "*" in d or "data:" in d for d in csp), (what, csp)
    hsts = headers.get("Strict-Transport-Security", "")
    assert "includeSubDomains" in hsts and int(hsts.split("max-age=")[1].split(";")[0]) >= 31536000, what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "no-referrer", what
    assert "camera=()" in headers.get("Permissions-Policy", "") and "geolocation=()" in headers["Permissions-Policy"]
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", what
    assert headers.get("X-Frame-Options") == "DENY", what


@pytest.fixture
def site(data):
    tenant = TenantFactory(slug="alpha")
    topic = CategoryFactory(slug="reporting")
    entry = EntryFactory(category=topic)
    bulletin = BulletinFactory()
    return {"tenant": tenant.slug, "lang": "en", "slug": topic.slug, "entry_id": str(entry.id),
            "bulletin_id": str(bulletin.id)}


def test_every_route_and_method_sends_the_security_headers(client, app, site):
    checked = 0
    for endpoint, path, methods in concrete_paths(app, site):
        for method in methods:
            response = client.open(path, method=method)
            assert response.status_code < 500, (method, path)
            assert_hardened(response, f"{method} {path} ({endpoint})")
            checked += 1
    assert checked >= 16


@pytest.mark.parametrize("path", ["/static/css/site.css", "/static/js/exit.js", "/static/no-such-file.js",
                                  "/no-such-partnership/en/", "/alpha/en/no-such-page", "/alpha/en/entries/not-a-uuid"])
def test_static_files_and_error_pages_send_them_too(client, site, path):
    with client.get(path) as response:  # a static file is streamed: close it
        assert_hardened(response, path)


def test_an_unexpected_error_sends_them_and_no_stack_trace(migrated, data):
    app = create_app(app_config(migrated) | {"TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail: SELECT * FROM entry")

    response = app.test_client().get("/boom")
    body = response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()
    assert response.status_code == 500
    assert_hardened(response, "500")
    assert "Traceback" not in body and "secret detail" not in body and "SELECT" not in body


def test_no_staff_page_may_be_kept_by_a_browser_or_proxy(client, app, site):
    UserFactory(email="keeper@national.test", role="maintainer", password=STAFF_PASSWORD)
    assert staff_sign_in(client, "keeper@national.test").status_code == 302
    checked = 0
    for endpoint, path, methods in concrete_paths(app, site):
        if "GET" in methods and path.startswith(("/admin/", "/national/", "/auth/")):
            response = client.get(path)
            assert response.headers.get("Cache-Control") == "no-store", (path, endpoint, response.status_code)
            checked += 1
    assert checked >= 40


def test_staff_session_cookie_is_secure_httponly_and_samesite(app, client, data):
    with app.app_context():
        create_account("admin@alpha.test", PASSWORD, role="admin")
        db.session.commit()
    response = sign_in(client, "admin@alpha.test")
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
        assert "secure" in attributes and "httponly" in attributes, cookie
        assert attributes["samesite"].split("=")[1].strip() in ("Lax", "Strict"), cookie


@pytest.mark.parametrize("setting,secure", [(None, True), ("1", True), ("0", False), ("off", False)])
def test_secure_cookies_are_on_unless_turned_off_for_local_http(monkeypatch, setting, secure):
    if setting is None:
        monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    else:
        monkeypatch.setenv("SESSION_COOKIE_SECURE", setting)
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is secure and app.config["REMEMBER_COOKIE_SECURE"] is secure


def test_production_config_is_not_debug():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert not app.debug and not app.testing
