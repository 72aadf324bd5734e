"""The demo seed, through the CLI as `make run` calls it: complete, isolated, and idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from partnership_hub.extensions import db
from partnership_hub.models import Bulletin, Category, ContactLine, Entry, EntryOverride, Tenant, Translation

NATIONAL_ORGANISATIONS = [
    "CEOP", "Internet Watch Foundation", "Action Fraud", "Report Harmful Content", "Get Safe Online",
    "National Cyber Security Centre", "Kooth", "Thinkuknow", "Victim Support", "Childline",
]


@pytest.fixture
def seeded(runner, data):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "new rows" in result.output
    return result


def _counts(app):
    with app.app_context():
        return {
            model.__name__: db.session.scalar(
                select(func.count()).select_from(model).execution_options(all_tenants=True)
            )
            for model in (Tenant, Category, Entry, EntryOverride, ContactLine, Bulletin, Translation)
        }


def test_seeding_twice_changes_nothing(app, runner, seeded):
    before = _counts(app)
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0 and "nothing to add" in again.output
    assert _counts(app) == before


def test_seed_loads_the_national_catalogue(app, client, seeded):
    with app.app_context():
        titles = " ".join(db.session.scalars(select(Entry.title).where(Entry.tenant_id.is_(None))))
        categories = db.session.scalar(select(func.count()).select_from(Category).where(Category.tenant_id.is_(None)))
    for name in NATIONAL_ORGANISATIONS:
        assert name.lower() in titles.lower(), name
    assert categories >= 12


def test_dudley_site_shows_its_local_lines_and_the_safer_seven(client, seeded):
    html = client.get("/dudley/en/").get_data(as_text=True)
    assert 'href="tel:+443005550050"' in html and 'href="tel:+443005550055"' in html
    assert 'href="tel:999"' in html
    bulletins = client.get("/dudley/en/bulletins/").get_data(as_text=True)
    assert "Safer Seven" in bulletins
    search = client.get("/dudley/en/search?q=iZone").get_data(as_text=True)
    assert "iZone" in search


def test_safer_seven_has_seven_sections(app, client, seeded):
    with app.app_context():
        bulletin = db.session.scalars(select(Bulletin).execution_options(all_tenants=True)).one()
        bulletin_id = bulletin.id
    html = client.get(f"/dudley/en/bulletins/{bulletin_id}").get_data(as_text=True)
    assert html.count('<li class="section">') == 7


def test_the_neighbour_does_not_see_dudleys_local_entries(client, seeded):
    dudley = client.get("/dudley/en/search?q=iZone").get_data(as_text=True)
    neighbour = client.get("/brierley-vale/en/search?q=iZone").get_data(as_text=True)
    assert "iZone" in dudley and "0 results" in neighbour
    assert "+443005550050" not in client.get("/brierley-vale/en/").get_data(as_text=True)


def test_every_seeded_page_renders(app, client, seeded):
    with app.app_context():
        rows = db.session.execute(
            select(Entry.id, Entry.tenant_id, Tenant.slug).outerjoin(Tenant, Tenant.id == Entry.tenant_id)
            .execution_options(all_tenants=True)
        ).all()
        slugs = db.session.scalars(select(Category.slug).where(Category.tenant_id.is_(None))).all()
    for entry_id, tenant_id, slug in rows:
        tenant = slug or "dudley"
        assert client.get(f"/{tenant}/en/entries/{entry_id}").status_code in (200, 404 if slug is None else 200)
    for slug in slugs:
        assert client.get(f"/dudley/en/topics/{slug}").status_code == 200, slug
