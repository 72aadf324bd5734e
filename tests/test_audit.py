"""The audit history: every change staff can make leaves one row with before and after, recorded at
the session's flush (partnership_hub/audit.py), never by the views themselves."""

from __future__ import annotations

from sqlalchemy import select

from partnership_hub.extensions import db
from partnership_hub.models import AuditEvent, Entry, EntryOverride, User
from partnership_hub.models.base import utcnow
from partnership_hub.tenancy import acting_for, all_tenants

from . import factories


def events(app, **where):
    with app.app_context(), all_tenants():
        query = select(AuditEvent).filter_by(**where).order_by(AuditEvent.at)
        return db.session.scalars(query).all()


def test_create_edit_publish_delete_restore_each_leave_one_row(app, data):
    tenant = factories.TenantFactory()
    category = factories.CategoryFactory(tenant=tenant)
    with app.app_context(), acting_for(tenant):
        entry = Entry(category_id=category.id, kind="website", title="Local course", status="draft")
        db.session.add(entry)
        db.session.commit()
        entry.title = "Local course for parents"
        db.session.commit()
        entry.status = "published"
        db.session.commit()
        entry.deleted_at = utcnow()
        db.session.commit()
        entry.deleted_at = None
        db.session.commit()
        entry_id = entry.id
    history = events(app, object_id=entry_id)
    assert [e.action for e in history] == ["create", "edit", "publish", "delete", "restore"]
    assert all(e.tenant_id == tenant.id and e.object_type == "entry" for e in history)
    assert history[0].before is None and history[0].after["title"] == "Local course"
    assert history[1].before == {"title": "Local course"} and history[1].after == {"title": "Local course for parents"}
    assert history[2].before == {"status": "draft"}


def test_hiding_a_national_entry_is_recorded_in_the_partnerships_history(app, data):
    tenant = factories.TenantFactory()
    national = factories.EntryFactory(category=factories.CategoryFactory())
    with app.app_context(), acting_for(tenant):
        db.session.add(EntryOverride(entry_id=national.id, hidden=True))
        db.session.commit()
    (event,) = events(app, object_type="entry_override")
    assert (event.action, event.tenant_id, event.after["hidden"]) == ("create", tenant.id, True)


def test_national_changes_are_national_history(app, data):
    entry = factories.EntryFactory(category=factories.CategoryFactory())
    with app.app_context():
        db.session.get(Entry, entry.id).summary = "Updated by the maintainer"
        db.session.commit()
    (event,) = events(app, object_id=entry.id)
    assert event.tenant_id is None and event.action == "edit"


def test_nothing_is_recorded_when_nothing_changed_and_secrets_only_as_changed(app, data):
    user = factories.UserFactory(password="a long enough password")
    with app.app_context():
        account = db.session.get(User, user.id)
        account.rotate_session_token()
        db.session.commit()
        assert events(app, object_id=user.id) == []
        account.set_password("another long password")
        account.is_active = False
        db.session.commit()
    (event,) = events(app, object_id=user.id)
    # A new password is a security event worth seeing; the hash itself never goes into the history.
    assert event.action == "disable"
    assert (event.before, event.after) == ({"password_hash": "(secret)", "is_active": True},
                                           {"password_hash": "(secret)", "is_active": False})


def test_the_actor_is_whoever_is_signed_in(app, data):
    from .staff import PASSWORD, sign_in

    tenant = factories.TenantFactory(slug="alpha")
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=tenant)
    client = app.test_client()
    sign_in(client, admin.email)  # signing in rotates the session token: not a change to record
    assert events(app, object_id=admin.id) == []
