"""The second wall (PostgreSQL only): row-level security keyed on the transaction's tenant scope.

The application's database role owns no table and cannot bypass row-level security, as in production
(README, *Security*). Queries here are deliberately unscoped raw SQL, which the ORM's own criteria do
not touch: only the policies stand between them and another tenant's rows."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.engine import make_url

from partnership_hub import create_app
from partnership_hub.extensions import db
from partnership_hub.tenancy import acting_for, all_tenants

from .conftest import PG_URL, app_config
from .factories import EntryFactory, TenantHostFactory
from .test_tenancy import SCOPED_MODELS, world  # noqa: F401  (world: the fixture, one row of each model per tenant)

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not PG_URL, reason="row-level security is PostgreSQL's; set DATABASE_URL")]

TENANT_TABLES = sorted(m.__tablename__ for m in SCOPED_MODELS)


@pytest.fixture(scope="module")
def app_role(migrated):
    """A login role like production's hub_app: data rights on every table, owner of none, no BYPASSRLS.
    Roles belong to the whole server, so its name is this run's own."""
    url = make_url(migrated)
    role = f"hub_app_{uuid.uuid4().hex[:10]}"
    owner = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with owner.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"'))
    try:
        yield role, url.set(username=role, password=None).render_as_string(hide_password=False)
    finally:
        with owner.connect() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        owner.dispose()


@pytest.fixture
def role_app(app_role, data):
    app = create_app(app_config(app_role[1]))
    yield app
    with app.app_context():
        db.engine.dispose()


def tenant_ids(table: str) -> set:
    return set(db.session.scalars(text(f'SELECT tenant_id FROM "{table}"')))  # nosec B608: names from the models


def test_every_table_with_a_tenant_column_has_forced_row_level_security_and_policies(engine):
    with engine.connect() as conn:
        tables = set(conn.scalars(text(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'tenant_id'")))
        flags = dict(conn.execute(text(
            "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'")).all())
        policies = dict(conn.execute(text(
            "SELECT tablename, array_agg(policyname::text ORDER BY policyname) FROM pg_policies "
            "WHERE schemaname = current_schema() GROUP BY tablename")).all())
    assert tables >= set(TENANT_TABLES)
    for table in sorted(tables):
        assert flags[table] is True, f"{table}: row-level security not enabled and forced"
        assert policies.get(table) == ["tenant_read", "tenant_write"], table


def test_the_application_role_owns_nothing_and_cannot_bypass(app_role, engine):
    role, _ = app_role
    with engine.connect() as conn:
        super_, bypass = conn.execute(text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :r"),
                                      {"r": role}).one()
        owned = conn.scalar(text("SELECT count(*) FROM pg_tables WHERE tableowner = :r"), {"r": role})
    assert (super_, bypass, owned) == (False, False, 0)


def test_an_unscoped_query_in_tenant_a_sees_no_row_of_tenant_b(role_app, world):
    a, b, _ = world
    with role_app.app_context(), acting_for(a):
        everything = {row.tenant_id for row in db.session.execute(text("SELECT * FROM entry"))}
        assert everything == {a.id, None}
        for table in TENANT_TABLES:
            seen = tenant_ids(table)
            assert b.id not in seen and a.id in seen, table


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_the_national_scope_sees_national_rows_only(role_app, world, table):
    with role_app.app_context():
        seen = tenant_ids(table)
    assert seen <= {None}
    if table in ("entry", "category"):  # the world has national rows of these
        assert seen == {None}


def test_all_tenants_is_an_explicit_setting_too(role_app, world):
    a, b, _ = world
    with role_app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM contact_line")) == 0
        with all_tenants():
            assert tenant_ids("contact_line") == {a.id, b.id}
        db.session.commit()
        assert db.session.scalar(text("SELECT count(*) FROM contact_line")) == 0


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_an_unscoped_write_cannot_touch_another_tenant(role_app, engine, world, table):
    a, b, _ = world
    with role_app.app_context(), acting_for(a):
        changed = db.session.execute(text(f'UPDATE "{table}" SET tenant_id = tenant_id WHERE tenant_id = :b'),
                                     {"b": b.id})  # nosec B608: names from the models
        removed = db.session.execute(text(f'DELETE FROM "{table}" WHERE tenant_id = :b'), {"b": b.id})  # nosec B608
        assert changed.rowcount == 0 and removed.rowcount == 0
        db.session.commit()
    with engine.connect() as conn:  # as the owner, who sees everything: B's rows are all still there
        assert conn.scalar(text(f'SELECT count(*) FROM "{table}" WHERE tenant_id = :b'), {"b": b.id}) >= 1  # nosec B608


def test_an_unscoped_insert_for_another_tenant_is_refused(role_app, world):
    a, b, _ = world
    with role_app.app_context(), acting_for(a):
        changed = db.session.execute(text("UPDATE category SET name = 'taken' WHERE tenant_id IS NULL"))
        assert changed.rowcount == 0  # national rows are read-only in a tenant's scope
        with pytest.raises(sa.exc.ProgrammingError, match="row-level security"):
            db.session.execute(text("INSERT INTO contact_line (id, tenant_id, label, phone, position, version, "
                                    "created_at, updated_at) VALUES (:id, :b, 'x', '+443005550050', 0, 1, now(), now())"),
                               {"id": uuid.uuid4(), "b": b.id})
        db.session.rollback()


def test_the_scope_follows_the_session_within_one_transaction(role_app, world):
    a, b, _ = world
    with role_app.app_context():
        assert tenant_ids("contact_line") == set()
        with acting_for(b):
            assert tenant_ids("contact_line") == {b.id}
        with acting_for(a):
            assert tenant_ids("contact_line") == {a.id}
        assert tenant_ids("contact_line") == set()


def test_a_pooled_connection_comes_back_in_the_national_scope(app_role, world):
    a, _, _ = world
    app = create_app(app_config(app_role[1]) | {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0}})
    with app.app_context():
        with acting_for(a):
            assert tenant_ids("contact_line") == {a.id}
        db.session.commit()
        with db.engine.connect() as conn:  # the same connection, straight from the pool, no scope set
            assert conn.scalar(text("SELECT count(*) FROM contact_line")) == 0
        db.engine.dispose()


def test_resident_pages_work_behind_the_wall(role_app, world):
    a, b, rows = world
    host = TenantHostFactory(tenant=a, host="safe.a.test")
    local = EntryFactory(tenant=a, category=rows["a"]["category"], title="Alpha local line")
    theirs = EntryFactory(tenant=b, category=rows["a"]["category"], title="Beta local line")
    client = role_app.test_client()
    assert client.get(f"/a/en/entries/{local.id}").status_code == 200
    assert client.get(f"/a/en/entries/{theirs.id}").status_code == 404
    assert "Alpha local line" in client.get("/a/en/search?q=alpha").get_data(as_text=True)
    assert client.get("/en/", headers={"Host": host.host}).status_code == 200  # host lookup: all tenants
