"""Row-level security on PostgreSQL: a second wall between tenants, below the ORM's own scoping

Every table with a tenant_id column gets row-level security, enabled and FORCED (so that the table
owner obeys it too), and two policies keyed on the transaction's settings, which tenancy.py sets:

* ``app.tenant_id``: the tenant in scope, empty (or unset, as on a connection fresh from the pool) for
  the national scope;
* ``app.all_tenants``: 'on' for the CLI's and the maintainer's cross-tenant work.

Reading sees the tenant's own rows, plus national rows (tenant_id NULL) where the table has them;
writing may touch only rows of the scope itself (national rows in the national scope), as the ORM's
flush guard already demands. SQLite has no row-level security: nothing changes there.

A table added later with a tenant_id column needs the same statements in its own migration;
tests/test_row_level_security.py fails until it has them.

Revision ID: 0004_security
Revises: 0003_staff_accounts
Create Date: 2026-11-23 12:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0004_security'
down_revision = '0005_accounts'
branch_labels = None
depends_on = None

OWN = ("current_setting('app.all_tenants', true) = 'on' OR "
       "tenant_id IS NOT DISTINCT FROM NULLIF(current_setting('app.tenant_id', true), '')::uuid")


def _tenant_tables(conn) -> list[tuple[str, bool]]:
    """(table, tenant_id nullable) for every table of this schema with a tenant_id column."""
    rows = conn.execute(sa.text(
        "SELECT c.table_name, c.is_nullable = 'YES' FROM information_schema.columns c "
        "JOIN information_schema.tables t USING (table_schema, table_name) "
        "WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' "
        "AND t.table_type = 'BASE TABLE' ORDER BY 1"
    ))
    return [(name, bool(nullable)) for name, nullable in rows]


def upgrade():
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for table, has_national_rows in _tenant_tables(conn):
        visible = f"tenant_id IS NULL OR {OWN}" if has_national_rows else OWN
        op.execute(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY')
        op.execute(f'CREATE POLICY tenant_read ON "{table}" FOR SELECT USING ({visible})')
        op.execute(f'CREATE POLICY tenant_write ON "{table}" FOR ALL USING ({OWN}) WITH CHECK ({OWN})')


def downgrade():
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    for table, _ in _tenant_tables(conn):
        op.execute(f'DROP POLICY IF EXISTS tenant_write ON "{table}"')
        op.execute(f'DROP POLICY IF EXISTS tenant_read ON "{table}"')
        op.execute(f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY')
        op.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')
