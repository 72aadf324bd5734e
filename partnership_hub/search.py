"""Full-text search of entries with the database's own engine: SQLite FTS5, PostgreSQL tsvector.

The search structures are made by migration 0002 and are not described by the models: an FTS5
virtual table (and its shadow tables and triggers) has no SQLAlchemy model, and expression indexes
are not compared reliably by Alembic's autogenerate. ``include_object`` hides exactly those objects
from autogenerate and from the schema test, so that every other difference still shows.

Everything here returns entry ids for a subquery: directory.search joins them back to the tenant-
scoped listing query, so no row reaches a resident without the tenant's criteria.
"""

from __future__ import annotations

from sqlalchemy import and_, column, func, literal_column, select, table

from .models import Entry, Translation

#: Objects of migration 0002 that the models do not describe.
SEARCH_TABLE = "entry_search"
SEARCH_INDEXES = frozenset({"ix_entry_search", "ix_translation_entry_search"})
SEARCHED_FIELDS = ("title", "summary")

_fts = table(SEARCH_TABLE, column("entry_id"), column("locale"))


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's filter: leave out the full-text search objects (FTS5 table and its shadow tables,
    GIN expression indexes) that migration 0002 creates by hand."""
    if type_ == "table" and name and (name == SEARCH_TABLE or name.startswith(SEARCH_TABLE + "_")):
        return False
    if type_ == "index" and name in SEARCH_INDEXES:
        return False
    return True


def is_searchable(word: str) -> bool:
    """Whether the full-text tokenisers see a word in it; punctuation alone ("%", "_") they drop."""
    return any(ch.isalnum() for ch in word)


def matching_ids(dialect: str, word: str, locale: str):
    """A subquery of the ids of entries with a word starting with ``word`` in their title or summary,
    in English or in ``locale``."""
    if dialect == "sqlite":
        return _sqlite_ids(word, locale)
    if dialect == "postgresql":
        return _postgres_ids(word, locale)
    raise NotImplementedError(f"no full-text search for {dialect}")


def _sqlite_ids(word: str, locale: str):
    # One FTS5 phrase, prefix-matched, in the body column. Inside a phrase only '"' is special, and
    # it is doubled; the tokeniser then splits the phrase exactly as it split the indexed text.
    phrase = 'body : "' + word.replace('"', '""') + '" *'
    return (
        select(_fts.c.entry_id)
        .where(literal_column(SEARCH_TABLE).op("MATCH")(phrase), _fts.c.locale.in_(["en", locale]))
    )


def _tsquery(word: str):
    # A quoted lexeme with a prefix mark; quotes and backslashes are escaped for tsquery's syntax.
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "':*"
    return func.to_tsquery(literal_column("'simple'"), quoted)


def _postgres_ids(word: str, locale: str):
    # The expressions repeat migration 0002's index definitions word for word, so the planner uses them.
    simple = literal_column("'simple'")
    query = _tsquery(word)
    english = select(Entry.id).where(
        func.to_tsvector(simple, Entry.title + literal_column("' '") + Entry.summary).op("@@")(query)
    )
    translated = select(Translation.owner_id).where(
        and_(
            Translation.owner_type == Entry.__tablename__,
            Translation.field.in_(SEARCHED_FIELDS),
            Translation.locale == locale,
            func.to_tsvector(simple, Translation.text).op("@@")(query),
        )
    )
    return english.union(translated)

