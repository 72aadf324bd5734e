"""The ORM guard in tenancy.py, exercised directly: what a session in one tenant's scope can read and
write, for every scoped model (SECURITY.md T4)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from partnership_hub.extensions import db
from partnership_hub.models import (
    AuditEvent,
    Bulletin,
    BulletinSection,
    Category,
    ContactLine,
    Entry,
    EntryOverride,
    FinderNote,
    FinderQuestion,
    FinderRoute,
    FinderSituation,
    Membership,
    Snippet,
    Tenant,
    TenantHost,
    Translation,
)
from partnership_hub.tenancy import CrossTenantWrite, NationalOrTenant, TenantOwned, acting_for, all_tenants

from .factories import (
    AuditEventFactory,
    BulletinSectionFactory,
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    FinderNoteFactory,
    FinderQuestionFactory,
    FinderRouteFactory,
    FinderSituationFactory,
    MembershipFactory,
    SnippetFactory,
    TenantFactory,
    TenantHostFactory,
    TranslationFactory,
)

# Sorted: the registry is a set, and parallel test workers must collect the same tests in the same order.
SCOPED_MODELS = sorted((m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, (TenantOwned, NationalOrTenant))),
                       key=lambda model: model.__name__)


@pytest.fixture
def world(data):
    """One row of every tenant-owned model in tenants A and B, plus national rows."""
    a, b = TenantFactory(slug="a"), TenantFactory(slug="b")
    national_category = CategoryFactory()
    rows = {}
    for tenant in (a, b):
        category = CategoryFactory(tenant=tenant)
        entry = EntryFactory(tenant=tenant, category=national_category)
        section = BulletinSectionFactory(bulletin__tenant=tenant)
        rows[tenant.slug] = dict(
            category=category,
            entry=entry,
            override=EntryOverrideFactory(tenant=tenant, entry=EntryFactory(category=national_category)),
            line=ContactLineFactory(tenant=tenant),
            snippet=SnippetFactory(tenant=tenant, key="welcome"),
            host=TenantHostFactory(tenant=tenant),
            section=section,
            translation=TranslationFactory(owner=entry),
            membership=MembershipFactory(tenant=tenant),
            finder_question=FinderQuestionFactory(tenant=tenant),
            finder_route=FinderRouteFactory(tenant=tenant, situation=FinderSituationFactory(tenant=tenant),
                                            entry=entry),
            finder_note=FinderNoteFactory(tenant=tenant, situation=FinderSituationFactory()),
            audit=AuditEventFactory(tenant=tenant),
        )
    return a, b, rows


def test_every_tenant_owned_model_is_covered_here():
    covered = {AuditEvent, Bulletin, BulletinSection, Category, ContactLine, Entry, EntryOverride, Membership, Snippet, TenantHost,
               Translation}
    covered |= {FinderNote, FinderQuestion, FinderRoute, FinderSituation}
    assert set(SCOPED_MODELS) == covered, "a new tenant-scoped model needs rows in the `world` fixture"


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_tenant_scope_never_reads_another_tenants_rows(app, world, model):
    a, b, _ = world
    with app.app_context(), acting_for(a):
        owners = set(db.session.scalars(select(model.tenant_id)))
        assert b.id not in owners
        assert a.id in owners
        assert db.session.scalar(select(func.count()).select_from(model).where(model.tenant_id == b.id)) == 0


@pytest.mark.parametrize("model", SCOPED_MODELS, ids=lambda m: m.__name__)
def test_tenant_scope_cannot_bulk_change_another_tenants_rows(app, world, model):
    a, b, _ = world
    with app.app_context(), acting_for(a):
        updated = db.session.execute(
            update(model).where(model.tenant_id == b.id).values(tenant_id=b.id).execution_options(synchronize_session=False)
        )
        deleted = db.session.execute(
            delete(model).where(model.tenant_id == b.id).execution_options(synchronize_session=False)
        )
        assert updated.rowcount == 0 and deleted.rowcount == 0
        db.session.commit()
    with app.app_context(), all_tenants():
        assert db.session.scalar(select(func.count()).select_from(model).where(model.tenant_id == b.id)) >= 1


def test_tenant_scope_refuses_to_insert_a_row_for_another_tenant(app, world):
    a, b, rows = world
    with app.app_context(), acting_for(a):
        db.session.add(ContactLine(tenant_id=b.id, label="Sneaky", phone="+443005550050"))
        with pytest.raises(CrossTenantWrite):
            db.session.flush()


def test_tenant_scope_stamps_its_own_tenant_on_new_rows(app, world):
    a, _, rows = world
    with app.app_context(), acting_for(a):
        entry = Entry(category_id=rows["a"]["category"].id, kind="website", title="New local entry")
        db.session.add(entry)
        db.session.commit()
        assert entry.tenant_id == a.id


def test_tenant_scope_cannot_change_national_rows(app, world):
    a, _, _ = world
    with app.app_context(), acting_for(a):
        national = db.session.scalars(select(Entry).where(Entry.tenant_id.is_(None))).first()
        national.title = "Changed by a partnership"
        with pytest.raises(CrossTenantWrite):
            db.session.flush()


def test_national_scope_sees_national_rows_and_no_tenant_rows(app, world):
    with app.app_context():
        assert db.session.scalars(select(ContactLine)).all() == []
        assert db.session.scalars(select(EntryOverride)).all() == []
        assert all(e.tenant_id is None for e in db.session.scalars(select(Entry)))
        assert db.session.scalars(select(Entry)).first() is not None


def test_a_join_from_an_unscoped_table_is_still_scoped(app, world):
    a, b, _ = world
    with app.app_context(), acting_for(a):
        per_tenant = dict(db.session.execute(select(Tenant.slug, func.count(Entry.id)).join(Entry).group_by(Tenant.slug)).all())
        assert per_tenant == {"a": 1}


def test_relationship_loads_stay_in_scope(app, world):
    a, b, rows = world
    with app.app_context(), acting_for(a):
        tenant = db.session.scalar(select(Tenant).where(Tenant.id == b.id))
        assert tenant.hosts == []  # B's hosts, loaded lazily from an unscoped parent, stay invisible


def test_all_tenants_is_an_explicit_opt_out(app, world):
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ContactLine)) == 0
        assert db.session.scalar(select(func.count()).select_from(ContactLine).execution_options(all_tenants=True)) == 2
        with all_tenants():
            assert db.session.scalar(select(func.count()).select_from(ContactLine)) == 2
        assert db.session.scalar(select(func.count()).select_from(ContactLine)) == 0


def test_deleting_an_item_deletes_its_translations(app, world):
    a, _, rows = world
    entry_id = rows["a"]["entry"].id
    with app.app_context(), acting_for(a):
        entry = db.session.scalars(select(Entry).where(Entry.id == entry_id)).one()
        db.session.delete(entry)
        db.session.commit()
    with app.app_context(), all_tenants():
        assert db.session.scalars(select(Translation).where(Translation.owner_id == entry_id)).all() == []
        assert db.session.scalars(select(Translation)).all() != []  # B's translation is untouched
