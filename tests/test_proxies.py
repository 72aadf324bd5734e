"""Behind a load balancer (TRUSTED_PROXIES): the client's address and scheme come from the proxy's
X-Forwarded-* headers, and only when the app is told a proxy is there; a client cannot forge them."""

from __future__ import annotations

import pytest

from partnership_hub import create_app
from partnership_hub.auth.throttle import ADDRESS_BLOCKED
from partnership_hub.extensions import db

from .conftest import app_config
from .factories import CategoryFactory, TenantFactory
from .staff import sign_in

WRONG = "not the password at all"


@pytest.fixture
def behind_proxy(migrated, data):
    app = create_app(app_config(migrated) | {"TRUSTED_PROXIES": 1})
    yield app
    with app.app_context():
        db.engine.dispose()


def forwarded_for(app, address):
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


def block(client):
    for n in range(20):
        sign_in(client, f"guess{n}@alpha.test", WRONG)
    response = sign_in(client, "someone@alpha.test", WRONG)
    assert response.status_code == 429 and ADDRESS_BLOCKED in response.get_data(as_text=True)


def test_behind_a_proxy_each_client_address_has_its_own_login_limit(behind_proxy):
    block(forwarded_for(behind_proxy, "203.0.113.5"))
    # Another resident of the same proxy is not blocked by the first one's failures.
    assert sign_in(forwarded_for(behind_proxy, "198.51.100.7"), "someone@alpha.test", WRONG).status_code == 400
    assert sign_in(forwarded_for(behind_proxy, "203.0.113.5"), "someone@alpha.test", WRONG).status_code == 429


def test_behind_a_proxy_a_client_cannot_pose_as_another_address(behind_proxy):
    """A client's own X-Forwarded-For comes first; the proxy appends the address it saw, the one believed."""
    block(forwarded_for(behind_proxy, "198.51.100.7, 203.0.113.5"))
    assert sign_in(forwarded_for(behind_proxy, "203.0.113.5"), "someone@alpha.test", WRONG).status_code == 429
    assert sign_in(forwarded_for(behind_proxy, "198.51.100.7"), "someone@alpha.test", WRONG).status_code == 400


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_block(app):
    block(forwarded_for(app, "203.0.113.5"))
    assert sign_in(forwarded_for(app, "198.51.100.7"), "someone@alpha.test", WRONG).status_code == 429


def test_behind_a_proxy_that_ends_tls_links_keep_https(behind_proxy, data):
    TenantFactory(slug="alpha", languages=["en", "cy"])
    CategoryFactory(slug="reporting")
    client = behind_proxy.test_client()
    html = client.get("/alpha/en/topics/reporting", headers={"X-Forwarded-Proto": "https"}).get_data(as_text=True)
    assert 'hreflang="cy" href="https://localhost/alpha/cy/topics/reporting"' in html
    # The plain-http copy is another page, with its own links, never served for the https one.
    html = client.get("/alpha/en/topics/reporting").get_data(as_text=True)
    assert 'hreflang="cy" href="http://localhost/alpha/cy/topics/reporting"' in html


def test_without_a_proxy_forwarded_proto_is_ignored(client, data):
    TenantFactory(slug="alpha", languages=["en", "cy"])
    html = client.get("/alpha/en/", headers={"X-Forwarded-Proto": "https"}).get_data(as_text=True)
    assert 'href="http://localhost/alpha/cy/"' in html


def test_a_malformed_trusted_proxies_setting_is_refused_with_a_clear_message(monkeypatch, migrated):
    monkeypatch.setenv("TRUSTED_PROXIES", "yes")
    with pytest.raises(ValueError, match="TRUSTED_PROXIES must be a number"):
        create_app(app_config(migrated))
