"""A partnership on its own domain: the same pages, with short links."""

from __future__ import annotations

import re

from .factories import CategoryFactory, EntryFactory, TenantFactory, TenantHostFactory


def test_partnership_domain_serves_its_pages_without_the_prefix(client, data):
    alpha = TenantFactory(slug="alpha", name="Alpha Partnership")
    TenantHostFactory(tenant=alpha, host="onlinesafety.alpha.test")
    entry = EntryFactory(category=CategoryFactory(slug="reporting"), tenant=alpha, title="Alpha line")
    response = client.get("/en/topics/reporting", base_url="https://onlinesafety.alpha.test")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Alpha line" in html
    assert f'href="/en/entries/{entry.id}"' in html
    assert "/alpha/" not in html.replace('href="/alpha/theme.css', "")


def test_partnership_domain_root_negotiates_the_language(client, data):
    alpha = TenantFactory(slug="alpha", languages=["en", "pl"])
    TenantHostFactory(tenant=alpha, host="onlinesafety.alpha.test")
    response = client.get("/", base_url="https://onlinesafety.alpha.test", headers={"Accept-Language": "pl"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/pl/"


def test_one_partnership_domain_never_shows_another_partnership(client, data):
    alpha = TenantFactory(slug="alpha")
    TenantFactory(slug="beta")
    TenantHostFactory(tenant=alpha, host="onlinesafety.alpha.test")
    response = client.get("/beta/en/", base_url="https://onlinesafety.alpha.test")
    assert response.status_code == 404


def test_unknown_host_gets_the_platform(client, data):
    TenantFactory(slug="alpha", name="Alpha Partnership")
    response = client.get("/", base_url="https://unknown.example")
    assert response.status_code == 200
    assert "Alpha Partnership" in response.get_data(as_text=True)


def test_partnership_domain_serves_the_platforms_static_files(client, data):
    alpha = TenantFactory(slug="alpha")
    TenantHostFactory(tenant=alpha, host="onlinesafety.alpha.test")
    html = client.get("/en/", base_url="https://onlinesafety.alpha.test").get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/[^"?]*\.(?:css|js|svg)(?:\?[^"]*)?)"', html)
    assert "/static/css/site.css" in assets and any(a.startswith("/theme.css?") for a in assets)
    for asset in assets:
        with client.get(asset, base_url="https://onlinesafety.alpha.test") as response:
            assert response.status_code == 200, asset


def test_partnership_domain_mends_a_trailing_slash_without_adding_the_prefix(client, data):
    alpha = TenantFactory(slug="alpha", name="Alpha Partnership")
    TenantHostFactory(tenant=alpha, host="onlinesafety.alpha.test")
    CategoryFactory(slug="reporting")
    response = client.get("/en/topics/reporting/", base_url="https://onlinesafety.alpha.test")
    assert response.status_code == 308 and response.headers["Location"] == "/en/topics/reporting"
