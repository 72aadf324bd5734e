"""The staff pages of broken or redirected links: each audience sees the links of what it owns."""

from __future__ import annotations

import pytest

from partnership_hub.models.base import utcnow

from .factories import EntryFactory, LinkCheckFactory, MembershipFactory, TenantFactory, UserFactory
from .staff import PASSWORD, sign_in


@pytest.fixture
def world(data):
    alpha, beta = TenantFactory(slug="alpha"), TenantFactory(slug="beta")
    admin = UserFactory(email="admin@alpha.test", password=PASSWORD)
    MembershipFactory(user=admin, tenant=alpha)
    UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)

    def entry(title, url, tenant=None, **check):
        EntryFactory(title=title, url=url, tenant=tenant)
        LinkCheckFactory(url=url, **check)

    entry("Alpha dead page", "https://alpha.example/gone", alpha, status=404, error="HTTP 404")
    entry("Alpha moved page", "http://alpha.example/old", alpha, final_url="https://alpha.example/new")
    entry("Alpha fine page", "https://alpha.example/fine", alpha)
    entry("Alpha unreachable", "https://alpha.invalid/", alpha, status=None, final_url=None,
          error="No answer from alpha.invalid: timed out after 10 s")
    EntryFactory(title="Alpha chat", url="https://alpha.example/fine", chat_url="https://chat.alpha.example/",
                 tenant=alpha)
    LinkCheckFactory(url="https://chat.alpha.example/", status=500, error="HTTP 500")
    entry("Beta dead page", "https://beta.example/gone", beta, status=410, error="HTTP 410")
    entry("National dead page", "https://national.example/gone", status=404, error="HTTP 404")
    entry("National moved page", "https://national.example/old", final_url="https://national.example/new")
    EntryFactory(title="Alpha deleted page", url="https://alpha.example/deleted", tenant=alpha, deleted_at=utcnow())
    LinkCheckFactory(url="https://alpha.example/deleted", status=404, error="HTTP 404")
    return alpha, beta


def staff_page(client, email: str, path: str) -> str:
    sign_in(client, email)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_an_admin_sees_their_own_broken_and_redirected_links_only(client, world):
    html = staff_page(client, "admin@alpha.test", "/admin/alpha/links")
    assert "Alpha dead page" in html and "HTTP 404" in html
    assert "Alpha moved page" in html and "https://alpha.example/new" in html
    assert "Alpha unreachable" in html and "timed out after 10 s" in html
    assert "Alpha chat" in html and "Chat link" in html and "HTTP 500" in html
    assert "Alpha fine page" not in html and "Alpha deleted page" not in html
    # Never another partnership's links, nor the national catalogue's (the maintainer's to mend).
    assert "Beta" not in html and "beta.example" not in html
    assert "National dead page" not in html and "national.example" not in html
    assert "last checked on" in html


def test_an_admin_cannot_see_another_partnerships_links(client, world):
    sign_in(client, "admin@alpha.test")
    assert client.get("/admin/beta/links").status_code == 404


def test_the_maintainer_sees_the_national_catalogues_links(client, world):
    html = staff_page(client, "maintainer@national.test", "/national/links")
    assert "National dead page" in html and "National moved page" in html
    assert "Alpha dead page" not in html and "Beta dead page" not in html
    # The maintainer may also open a partnership's page, which shows that partnership's links.
    html = staff_page(client, "maintainer@national.test", "/admin/beta/links")
    assert "Beta dead page" in html and "Alpha dead page" not in html and "National dead page" not in html


def test_before_any_check_the_page_says_how_to_run_one(client, data):
    UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    EntryFactory(title="Unchecked", url="https://national.example/")
    html = staff_page(client, "maintainer@national.test", "/national/links")
    assert "have not been checked yet" in html and "check-links" in html
    assert "Unchecked" not in html


def test_all_links_fine(client, data):
    UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    EntryFactory(url="https://national.example/")
    LinkCheckFactory(url="https://national.example/")
    html = staff_page(client, "maintainer@national.test", "/national/links")
    assert "Every link works" in html
