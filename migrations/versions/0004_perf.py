"""Speed at scale: indexes that know the tenant, tenant-aware full-text search, content stamps

* ``content_stamp``: the tokens the page cache and ETags are derived from (partnership_hub.cache).
* ``entry (category_id, tenant_id)`` replaces the index on ``category_id`` alone, with which a
  partnership's topic page read every partnership's entries of that topic.
* SQLite: the FTS5 table gains an ``owner`` column ('national' or the partnership's id) and an indexed
  ``locale``, so that the MATCH itself keeps to the national rows and the reader's partnership, in
  English and the reader's language, instead of yielding every partnership's matches for the scope to
  filter. The table is rebuilt from ``entry`` and ``translation``.
* PostgreSQL: a partial index on the searched translations by (tenant_id, locale), so a common word is
  looked for among one partnership's and the national texts only (the GIN index still serves rare words:
  the planner picks by the word's frequency).

Revision ID: 0004_perf
Revises: 0003_staff_accounts
Create Date: 2026-11-23 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_perf'
down_revision = '0004_audit'
branch_labels = None
depends_on = None

SEARCHED_FIELDS = "('title', 'summary')"
# SQLite keeps a UUID as 32 hex digits; the national catalogue has no owner.
OWNER = "coalesce({}.tenant_id, 'national')"

SQLITE_TRIGGERS = ("entry_ai", "entry_au", "entry_ad", "translation_ai", "translation_au", "translation_ad")


def _sqlite_search(with_owner: bool) -> list[str]:
    """The FTS5 table and its triggers: with the owner and an indexed locale (this revision) or as 0002
    made them (for downgrade)."""
    cols = "body, source_id, owner, locale, entry_id UNINDEXED" if with_owner else \
        "body, source_id, entry_id UNINDEXED, locale UNINDEXED"
    names = "source_id, entry_id, locale, body" + (", owner" if with_owner else "")
    entry_row = "new.id, new.id, 'en', new.title || ' ' || new.summary" + (", " + OWNER.format("new") if with_owner else "")
    translation_row = "new.id, new.owner_id, new.locale, new.text" + (", " + OWNER.format("new") if with_owner else "")
    delete_old = """DELETE FROM entry_search WHERE entry_search MATCH 'source_id : "' || old.id || '"';"""
    entry_columns = "title, summary, tenant_id" if with_owner else "title, summary"
    return [
        *(f"DROP TRIGGER IF EXISTS entry_search_{t}" for t in SQLITE_TRIGGERS),
        "DROP TABLE IF EXISTS entry_search",
        f"CREATE VIRTUAL TABLE entry_search USING fts5({cols}, tokenize = 'unicode61 remove_diacritics 2')",
        f"""CREATE TRIGGER entry_search_entry_ai AFTER INSERT ON entry BEGIN
            INSERT INTO entry_search ({names}) VALUES ({entry_row});
        END""",
        f"""CREATE TRIGGER entry_search_entry_au AFTER UPDATE OF {entry_columns} ON entry BEGIN
            {delete_old}
            INSERT INTO entry_search ({names}) VALUES ({entry_row});
        END""",
        f"""CREATE TRIGGER entry_search_entry_ad AFTER DELETE ON entry BEGIN
            {delete_old}
        END""",
        f"""CREATE TRIGGER entry_search_translation_ai AFTER INSERT ON translation
            WHEN new.owner_type = 'entry' AND new.field IN {SEARCHED_FIELDS} BEGIN
            INSERT INTO entry_search ({names}) VALUES ({translation_row});
        END""",
        f"""CREATE TRIGGER entry_search_translation_au AFTER UPDATE ON translation BEGIN
            {delete_old}
            INSERT INTO entry_search ({names}) SELECT {translation_row}
            WHERE new.owner_type = 'entry' AND new.field IN {SEARCHED_FIELDS};
        END""",
        f"""CREATE TRIGGER entry_search_translation_ad AFTER DELETE ON translation BEGIN
            {delete_old}
        END""",
        f"""INSERT INTO entry_search ({names}) SELECT {entry_row.replace('new.', 'entry.')} FROM entry""",
        f"""INSERT INTO entry_search ({names}) SELECT {translation_row.replace('new.', 'translation.')}
            FROM translation WHERE owner_type = 'entry' AND field IN {SEARCHED_FIELDS}""",
        # One segment after the rebuild: a query then reads one b-tree instead of dozens.
        "INSERT INTO entry_search (entry_search) VALUES ('optimize')",
    ]


POSTGRES_UP = [
    f"""CREATE INDEX ix_translation_entry_search_scope ON translation (tenant_id, locale)
        WHERE owner_type = 'entry' AND field IN {SEARCHED_FIELDS}""",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_translation_entry_search_scope"]


def upgrade():
    op.create_table('content_stamp',
    sa.Column('scope', sa.Uuid(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_content_stamp'))
    )
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_category_id'))
        batch_op.create_index('ix_entry_category_tenant', ['category_id', 'tenant_id'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in _sqlite_search(True) if dialect == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in _sqlite_search(False) if dialect == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index('ix_entry_category_tenant')
        batch_op.create_index(batch_op.f('ix_entry_category_id'), ['category_id'], unique=False)
    op.drop_table('content_stamp')
