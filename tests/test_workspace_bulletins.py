"""Bulletins in the workspaces: a partnership's own (admin) and national ones (maintainer), through the
pages: create as a draft, sections, preview, publish, unpublish, delete, restore, validation, stale edits."""

from __future__ import annotations

from partnership_hub.models import AuditEvent, Bulletin, BulletinSection
from partnership_hub.staff import STALE_MESSAGE

from . import factories
from .staff import form_values
from .workspace import admin_client, fetch, html, maintainer_client, submit, world  # noqa: F401

NEW = "/admin/alpha/bulletins/new"


def create(client, title="Safer Seven: gaming", base="/admin/alpha"):
    response = submit(client, f"{base}/bulletins/new", "title", title=title, summary="Seven things to know.",
                      issued_on="2024-05-01")
    assert response.status_code == 302, html(response)
    return response.location


def test_a_new_bulletin_is_a_draft_residents_do_not_see_until_published(admin_client, client, world, data):
    edit = create(admin_client)
    (bulletin,) = fetch(data, Bulletin)
    assert (bulletin.status, bulletin.tenant_id, bulletin.title) == ("draft", world.alpha.id, "Safer Seven: gaming")
    resident = f"/alpha/en/bulletins/{bulletin.id}"
    assert client.get(resident).status_code == 404
    assert "Safer Seven" not in html(client.get("/alpha/en/bulletins/"))

    preview = admin_client.get(f"{edit}/preview")
    assert preview.status_code == 200 and "Preview: not published" in html(preview)
    assert "Seven things to know." in html(preview)

    assert admin_client.post(f"{edit}/publish", data=form_values(admin_client, edit, "csrf_token")).status_code == 302
    assert client.get(resident).status_code == 200
    assert "Safer Seven" in html(client.get("/alpha/en/bulletins/"))
    assert "Safer Seven" not in html(client.get("/beta/en/bulletins/"))

    admin_client.post(f"{edit}/unpublish", data=form_values(admin_client, edit, "csrf_token"))
    assert client.get(resident).status_code == 404


def test_delete_hides_and_restore_brings_back(admin_client, client, world, data):
    bulletin = factories.BulletinFactory(tenant=world.alpha, title="Scams briefing")
    edit = f"/admin/alpha/bulletins/{bulletin.id}"
    token = form_values(admin_client, edit, "csrf_token")
    admin_client.post(f"{edit}/delete", data=token)
    assert client.get(f"/alpha/en/bulletins/{bulletin.id}").status_code == 404
    listing = html(admin_client.get("/admin/alpha/bulletins/"))
    assert "Deleted" in listing and "Restore Scams briefing" in listing
    admin_client.post(f"{edit}/restore", data=token)
    assert client.get(f"/alpha/en/bulletins/{bulletin.id}").status_code == 200
    actions = [e.action for e in fetch(data, AuditEvent, object_id=bulletin.id)]
    assert sorted(actions) == ["delete", "restore"]


def test_a_deleted_bulletin_cannot_be_published_from_a_page_opened_before(admin_client, client, world, data):
    bulletin = factories.BulletinFactory(tenant=world.alpha, title="Scams briefing", status="draft")
    edit = f"/admin/alpha/bulletins/{bulletin.id}"
    token = form_values(admin_client, edit, "csrf_token")  # the page, as another tab still shows it
    admin_client.post(f"{edit}/delete", data=token)
    for change in ("publish", "unpublish", "delete"):
        response = admin_client.post(f"{edit}/{change}", data=token, follow_redirects=True)
        assert f"Nothing to {change}: “Scams briefing” is deleted." in html(response)
    assert client.get(f"/alpha/en/bulletins/{bulletin.id}").status_code == 404
    (kept,) = fetch(data, Bulletin, id=bulletin.id)
    assert kept.status == "draft" and kept.deleted_at is not None
    assert [e.action for e in fetch(data, AuditEvent, object_id=bulletin.id)] == ["delete"]
    response = admin_client.post(f"{edit}/restore", data=token)
    assert "Nothing to restore" in html(admin_client.post(f"{edit}/restore", data=token, follow_redirects=True))
    assert response.status_code == 302


def test_sections_are_added_edited_reordered_and_removed(admin_client, client, world, data):
    bulletin = factories.BulletinFactory(tenant=world.alpha)
    edit = f"/admin/alpha/bulletins/{bulletin.id}"
    for heading in ("First point", "Second point", "Third point"):
        response = submit(admin_client, f"{edit}/sections/new", "heading", heading=heading, body=f"About {heading}.",
                          easy_read="Easy words.")
        assert response.status_code == 302
    sections = sorted(fetch(data, BulletinSection), key=lambda s: s.position)
    assert [s.heading for s in sections] == ["First point", "Second point", "Third point"]
    assert sections[0].easy_read == "Easy words." and sections[0].tenant_id == world.alpha.id

    third = sections[2]
    admin_client.post(f"/admin/alpha/sections/{third.id}/up", data=form_values(admin_client, edit, "csrf_token"))
    page = html(client.get(f"/alpha/en/bulletins/{bulletin.id}"))
    assert page.index("First point") < page.index("Third point") < page.index("Second point")

    submit(admin_client, f"/admin/alpha/sections/{third.id}", "heading", heading="Third point, revised")
    remove = f"/admin/alpha/sections/{sections[0].id}/remove"
    assert "cannot be undone" in html(admin_client.post(remove, data=form_values(admin_client, edit, "csrf_token")))
    assert "First point" in html(client.get(f"/alpha/en/bulletins/{bulletin.id}"))
    admin_client.post(remove, data=form_values(admin_client, edit, "csrf_token") | {"confirm": "yes"})
    page = html(client.get(f"/alpha/en/bulletins/{bulletin.id}"))
    assert "First point" not in page and "Third point, revised" in page
    assert [e.action for e in fetch(data, AuditEvent, object_id=sections[0].id)][-1] == "erase"


def test_a_rejected_form_shows_the_message_beside_the_field_and_changes_nothing(admin_client, world, data):
    response = submit(admin_client, NEW, "title", title="  ", summary="Kept as typed", issued_on="May the first")
    page = html(response)
    assert response.status_code == 400
    assert 'id="title-error">Enter a title<' in page and 'aria-describedby="title-error"' in page
    assert 'id="issued_on-error"' in page
    assert "Kept as typed" in page
    assert fetch(data, Bulletin) == []

    bulletin = factories.BulletinFactory(tenant=world.alpha, title="Original")
    response = submit(admin_client, f"/admin/alpha/bulletins/{bulletin.id}", "title", title="x" * 201)
    assert response.status_code == 400 and "200 characters or fewer" in html(response)
    assert fetch(data, Bulletin)[0].title == "Original"
    assert fetch(data, AuditEvent, object_id=bulletin.id) == []


def test_a_stale_save_is_refused_and_the_first_kept(admin_client, app, world, data):
    bulletin = factories.BulletinFactory(tenant=world.alpha, title="Original")
    path = f"/admin/alpha/bulletins/{bulletin.id}"
    first = form_values(admin_client, path, "title")
    second = dict(first)
    assert admin_client.post(path, data=first | {"title": "First editor"}).status_code == 302
    response = admin_client.post(path, data=second | {"title": "Second editor"})
    page = html(response)
    assert STALE_MESSAGE.split(":")[0] in page
    assert 'value="First editor"' in page  # the form now shows the stored version
    assert fetch(data, Bulletin)[0].title == "First editor"


def test_the_maintainer_runs_national_bulletins_shown_on_every_partnership(maintainer_client, admin_client, client,
                                                                           world, data):
    edit = create(maintainer_client, title="National briefing", base="/national")
    (bulletin,) = fetch(data, Bulletin)
    assert bulletin.tenant_id is None
    preview = maintainer_client.get(f"{edit}/preview")
    assert "Preview: not published" in html(preview)
    maintainer_client.post(f"{edit}/publish", data=form_values(maintainer_client, edit, "csrf_token"))
    for slug in ("alpha", "beta"):
        assert "National briefing" in html(client.get(f"/{slug}/en/bulletins/"))
    # A partnership's admin sees national bulletins on the site but cannot change them.
    assert admin_client.get(f"/admin/alpha/bulletins/{bulletin.id}").status_code == 404
    assert "National briefing" not in html(admin_client.get("/admin/alpha/bulletins/"))
    (event,) = [e for e in fetch(data, AuditEvent, object_id=bulletin.id) if e.action == "publish"]
    assert (event.tenant_id, event.actor_email, event.before, event.after) == (
        None, world.maintainer.email, {"status": "draft"}, {"status": "published"})
