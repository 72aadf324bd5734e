"""Full-text search of entries, in English and in every translation of their title and summary

SQLite: an FTS5 table ``entry_search`` with one row per entry (its English title and summary) and one
per translation of an entry's title or summary, kept in sync by triggers on ``entry`` and
``translation`` (so bulk inserts, the CLI and the app all keep it current without Python code).
PostgreSQL: GIN expression indexes over ``to_tsvector('simple', ...)`` on the same columns; nothing
to keep in sync. The 'simple' configuration (no stemming) because the texts are in many languages.

Neither is described by the models (see partnership_hub.search.include_object).

Revision ID: 0002_entry_search
Revises: 0001_foundation
Create Date: 2026-11-23 10:41:05.589982

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002_entry_search'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None

ENTRY_TEXT = "title || ' ' || summary"
SEARCHED_FIELDS = "('title', 'summary')"

SQLITE_UP = [
    # source_id: the entry (English row) or the translation a row comes from. It is indexed (searches
    # name the body column) so that a trigger finds the row to delete without scanning the table.
    """CREATE VIRTUAL TABLE entry_search USING fts5(
        body, source_id, entry_id UNINDEXED, locale UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER entry_search_entry_ai AFTER INSERT ON entry BEGIN
        INSERT INTO entry_search (source_id, entry_id, locale, body) VALUES (new.id, new.id, 'en', new.title || ' ' || new.summary);
    END""",
    """CREATE TRIGGER entry_search_entry_au AFTER UPDATE OF title, summary ON entry BEGIN
        DELETE FROM entry_search WHERE entry_search MATCH 'source_id : "' || old.id || '"';
        INSERT INTO entry_search (source_id, entry_id, locale, body) VALUES (new.id, new.id, 'en', new.title || ' ' || new.summary);
    END""",
    """CREATE TRIGGER entry_search_entry_ad AFTER DELETE ON entry BEGIN
        DELETE FROM entry_search WHERE entry_search MATCH 'source_id : "' || old.id || '"';
    END""",
    f"""CREATE TRIGGER entry_search_translation_ai AFTER INSERT ON translation
        WHEN new.owner_type = 'entry' AND new.field IN {SEARCHED_FIELDS} BEGIN
        INSERT INTO entry_search (source_id, entry_id, locale, body) VALUES (new.id, new.owner_id, new.locale, new.text);
    END""",
    f"""CREATE TRIGGER entry_search_translation_au AFTER UPDATE ON translation BEGIN
        DELETE FROM entry_search WHERE entry_search MATCH 'source_id : "' || old.id || '"';
        INSERT INTO entry_search (source_id, entry_id, locale, body)
        SELECT new.id, new.owner_id, new.locale, new.text
        WHERE new.owner_type = 'entry' AND new.field IN {SEARCHED_FIELDS};
    END""",
    """CREATE TRIGGER entry_search_translation_ad AFTER DELETE ON translation BEGIN
        DELETE FROM entry_search WHERE entry_search MATCH 'source_id : "' || old.id || '"';
    END""",
    # What was there before this migration.
    f"INSERT INTO entry_search (source_id, entry_id, locale, body) SELECT id, id, 'en', {ENTRY_TEXT} FROM entry",
    f"""INSERT INTO entry_search (source_id, entry_id, locale, body)
        SELECT id, owner_id, locale, text FROM translation
        WHERE owner_type = 'entry' AND field IN {SEARCHED_FIELDS}""",
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER IF EXISTS entry_search_{t}" for t in (
        "entry_ai", "entry_au", "entry_ad", "translation_ai", "translation_au", "translation_ad")),
    "DROP TABLE IF EXISTS entry_search",
]

# The expressions must stay identical to partnership_hub.search's, or the planner cannot use them.
POSTGRES_UP = [
    f"CREATE INDEX ix_entry_search ON entry USING gin (to_tsvector('simple', {ENTRY_TEXT}))",
    f"""CREATE INDEX ix_translation_entry_search ON translation USING gin (to_tsvector('simple', text))
        WHERE owner_type = 'entry' AND field IN {SEARCHED_FIELDS}""",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_translation_entry_search", "DROP INDEX IF EXISTS ix_entry_search"]


def _statements(sqlite, postgres):
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return sqlite
    if dialect == "postgresql":
        return postgres
    raise NotImplementedError(f"full-text search is not set up for {dialect}")


def upgrade():
    for statement in _statements(SQLITE_UP, POSTGRES_UP):
        op.execute(statement)


def downgrade():
    for statement in _statements(SQLITE_DOWN, POSTGRES_DOWN):
        op.execute(statement)
