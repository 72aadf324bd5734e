"""The maintainer creates, disables and re-enables partnerships (issue #3; SECURITY.md T1 for the 404s)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from partnership_hub.models import AuditEvent, Tenant

from . import factories
from .staff import PASSWORD, csrf_token, sign_in


@pytest.fixture
def world(data):
    alpha = factories.TenantFactory(slug="alpha", name="Alpha")
    maintainer = factories.UserFactory(email="boss@national.test", role="maintainer", password=PASSWORD)
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=alpha)
    return alpha, maintainer, admin


@pytest.fixture
def maintainer_client(app, world):
    client = app.test_client()
    sign_in(client, world[1].email)
    return client


def create(client, slug, name="North Tyneside", languages=("en", "pl"), default="en"):
    return client.post("/national/partnerships/new", data={
        "slug": slug, "name": name, "languages": list(languages), "default_language": default,
        "csrf_token": csrf_token(client, "/national/partnerships/new"),
    })


def count(data) -> int:
    return data.scalar(select(func.count()).select_from(Tenant))


def test_the_maintainer_creates_a_partnership(client, maintainer_client, world, data):
    response = create(maintainer_client, "north-tyneside", languages=("en", "pl", "ar"), default="pl")
    assert response.status_code == 302
    tenant = data.scalar(select(Tenant).where(Tenant.slug == "north-tyneside"))
    assert (tenant.name, tenant.languages, tenant.default_language, tenant.is_active) == (
        "North Tyneside", ["en", "pl", "ar"], "pl", True)
    assert "North Tyneside" in maintainer_client.get("/national/partnerships/").get_data(as_text=True)
    assert client.get("/north-tyneside/").headers["Location"].endswith("/north-tyneside/pl/")
    assert client.get("/north-tyneside/pl/").status_code == 200
    assert maintainer_client.get("/admin/north-tyneside/").status_code == 200
    event = data.scalar(select(AuditEvent).where(AuditEvent.object_id == tenant.id))
    assert (event.action, event.tenant_id, event.actor_email) == ("create", tenant.id, "boss@national.test")


@pytest.mark.parametrize("slug,error", [
    ("admin", "platform's own addresses"),
    ("national", "platform's own addresses"),
    ("static", "platform's own addresses"),
    ("pl", "language code"),
    ("de", "language code"),
    ("alpha", "already has the address"),
    ("North Tyneside", "Use lowercase letters"),
    ("north_tyneside", "Use lowercase letters"),
    ("-north", "Use lowercase letters"),
    ("north--tyneside", "Use lowercase letters"),
    ("a", "Field must be between 2 and 40 characters long"),
    ("x" * 41, "Field must be between 2 and 40 characters long"),
    ("", "Enter the web address name"),
])
def test_a_bad_address_is_refused_beside_the_field_and_creates_nothing(maintainer_client, world, data, slug, error):
    before = count(data)
    response = create(maintainer_client, slug)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    beside = html[html.index('id="slug-error"'):][:300]
    assert error in beside.replace("&#39;", "'")
    assert 'value="North Tyneside"' in html  # what was typed is kept
    assert count(data) == before


@pytest.mark.parametrize("languages,default,error", [
    (("pl", "ar"), "pl", "Include English"),
    (("en", "pl"), "ar", "Choose one of the languages offered"),
    (("en", "xx"), "en", "not a valid choice"),
])
def test_languages_must_make_sense(maintainer_client, world, data, languages, default, error):
    before = count(data)
    response = create(maintainer_client, "north-tyneside", languages=languages, default=default)
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    assert count(data) == before


def test_a_disabled_partnership_is_closed_to_residents_and_admins_until_enabled(app, client, maintainer_client, world):
    alpha, _, admin = world
    admin_client = app.test_client()
    sign_in(admin_client, admin.email)
    pages = "/national/partnerships/"
    assert client.get("/alpha/en/").status_code == 200
    asked = maintainer_client.post(f"/national/partnerships/{alpha.id}/disable",
                                   data={"csrf_token": csrf_token(maintainer_client, pages)})
    assert "Yes, disable Alpha" in asked.get_data(as_text=True) and client.get("/alpha/en/").status_code == 200
    maintainer_client.post(f"/national/partnerships/{alpha.id}/disable",
                           data={"csrf_token": csrf_token(maintainer_client, pages), "confirm": "yes"})
    for path in ("/alpha/", "/alpha/en/", "/alpha/pl/search?q=x"):
        assert client.get(path).status_code == 404, path
    assert admin_client.get("/admin/alpha/").status_code == 404
    assert maintainer_client.get("/admin/alpha/").status_code == 404
    assert "Alpha" not in client.get("/").get_data(as_text=True)
    assert "Disabled" in maintainer_client.get(pages).get_data(as_text=True)

    maintainer_client.post(f"/national/partnerships/{alpha.id}/enable",
                           data={"csrf_token": csrf_token(maintainer_client, pages)})
    assert client.get("/alpha/en/").status_code == 200
    assert admin_client.get("/admin/alpha/").status_code == 200
