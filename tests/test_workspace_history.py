"""History pages: a partnership's admins see its own changes (who, what, when, before and after),
never another partnership's; the maintainer sees every partnership's, filterable by partnership."""

from __future__ import annotations

import pytest

from . import factories
from .workspace import admin_client, html, maintainer_client, submit, world  # noqa: F401


def test_an_admin_sees_their_partnerships_changes_with_before_and_after(admin_client, world, data):
    bulletin = factories.BulletinFactory(tenant=world.alpha, title="Old title")
    factories.AuditEventFactory(tenant=world.beta, label="Beta's secret change")
    factories.AuditEventFactory(tenant=None, label="A national change")
    submit(admin_client, f"/admin/alpha/bulletins/{bulletin.id}", "title", title="New title")

    page = html(admin_client.get("/admin/alpha/history"))
    assert "admin@alpha.test" in page and "edit bulletin" in page
    assert "<del>Old title</del>" in page and "<ins>New title</ins>" in page
    assert "Beta's secret change" not in page and "A national change" not in page
    # Linked from the edit page: this bulletin's history only.
    edit = html(admin_client.get(f"/admin/alpha/bulletins/{bulletin.id}"))
    assert f'href="/admin/alpha/history?object={bulletin.id}"' in edit
    assert "<del>Old title</del>" in html(admin_client.get(f"/admin/alpha/history?object={bulletin.id}"))
    assert "No changes yet" in html(admin_client.get(f"/admin/alpha/history?object={factories.BulletinFactory().id}"))
    assert admin_client.get("/admin/alpha/history?object=not-an-id").status_code == 404


def test_history_filters_and_pages(admin_client, world, data):
    for n in range(55):
        factories.AuditEventFactory(tenant=world.alpha, label=f"Entry number {n:02}", action="edit")
    factories.AuditEventFactory(tenant=world.alpha, object_type="bulletin", action="publish", label="Published one")
    first = html(admin_client.get("/admin/alpha/history"))
    assert first.count("<tr>") == 51  # the header row and fifty events
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = html(admin_client.get("/admin/alpha/history?page=2"))
    assert second.count("<tr>") == 7 and 'rel="prev"' in second and 'rel="next"' not in second

    published = html(admin_client.get("/admin/alpha/history?action=publish"))
    assert "Published one" in published and "Entry number" not in published
    bulletins = html(admin_client.get("/admin/alpha/history?type=bulletin"))
    assert "Published one" in bulletins and "Entry number" not in bulletins
    assert '<option value="bulletin" selected>' in bulletins


def test_the_maintainer_sees_every_partnerships_history(maintainer_client, world, data):
    factories.AuditEventFactory(tenant=world.alpha, label="Alpha change")
    factories.AuditEventFactory(tenant=world.beta, label="Beta change")
    factories.AuditEventFactory(tenant=None, label="Catalogue-wide edit")
    everything = html(maintainer_client.get("/national/history"))
    assert all(label in everything for label in ("Alpha change", "Beta change", "Catalogue-wide edit"))
    assert "<td>Beta Partnership</td>" in everything
    beta = html(maintainer_client.get("/national/history?tenant=beta"))
    assert "Beta change" in beta and "Alpha change" not in beta and "Catalogue-wide edit" not in beta
    national = html(maintainer_client.get("/national/history?tenant=national"))
    assert "Catalogue-wide edit" in national and "Beta change" not in national


@pytest.mark.parametrize("page", ["0", "-1", "x", "99999999999999999999", str(2**63)])
def test_any_page_number_gives_a_page_of_history(admin_client, maintainer_client, world, data, page):
    factories.AuditEventFactory(tenant=world.alpha, label="Alpha change")
    for client, path in ((admin_client, "/admin/alpha/history"), (maintainer_client, "/national/history")):
        response = client.get(f"{path}?page={page}")
        assert response.status_code == 200, (path, page)
        assert ("Alpha change" in html(response)) == (not page.startswith("9"))
