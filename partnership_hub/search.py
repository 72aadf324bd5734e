"""Full-text search of entries with the database's own engine: SQLite FTS5, PostgreSQL tsvector.

The search structures are made by migration 0002 and are not described by the models: an FTS5
virtual table (and its shadow tables and triggers) has no SQLAlchemy model, and expression indexes
are not compared reliably by Alembic's autogenerate. ``include_object`` hides exactly those objects
from autogenerate and from the schema test, so that every other difference still shows.

Everything here returns entry ids for a subquery: directory.search joins them back to the tenant-
scoped listing query, so no row reaches a resident without the tenant's criteria.
"""

from __future__ import annotations

import uuid

from sqlalchemy import and_, column, func, literal_column, or_, select, table

from .models import SOURCE_LOCALE, Entry, Translation

#: Objects of migration 0002 that the models do not describe.
SEARCH_TABLE = "entry_search"
SEARCH_INDEXES = frozenset({"ix_entry_search", "ix_translation_entry_search", "ix_translation_entry_search_scope"})
SEARCHED_FIELDS = ("title", "summary")
#: The owner token of national rows in the SQLite index (a partnership's is its id in hex).
NATIONAL_OWNER = "national"

_fts = table(SEARCH_TABLE, column("entry_id"))


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


def matching_ids(dialect: str, word: str, locale: str, tenant_id: uuid.UUID | None):
    """A subquery of the ids of entries with a word starting with ``word`` in their title or summary,
    in English or in ``locale``, among the national catalogue and the entries of ``tenant_id``.

    The owner is part of the search itself, so that a common word costs what one partnership's
    entries cost, not what every partnership's do; the tenant scope still applies on top."""
    if dialect == "sqlite":
        return _sqlite_ids(word, locale, tenant_id)
    if dialect == "postgresql":
        return _postgres_ids(word, locale, tenant_id)
    raise NotImplementedError(f"no full-text search for {dialect}")


def _any_of(column_name: str, tokens: list[str]) -> str:
    return column_name + " : (" + " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens) + ")"


def _sqlite_ids(word: str, locale: str, tenant_id: uuid.UUID | None):
    # One FTS5 phrase, prefix-matched, in the body column. Inside a phrase only '"' is special, and
    # it is doubled; the tokeniser then splits the phrase exactly as it split the indexed text. The
    # owner and locale columns hold single tokens (migration 0004): "national" or the tenant's id in hex.
    phrase = 'body : "' + word.replace('"', '""') + '" *'
    owners = [NATIONAL_OWNER] + ([tenant_id.hex] if tenant_id else [])
    query = " AND ".join((phrase, _any_of("owner", owners), _any_of("locale", sorted({SOURCE_LOCALE, locale}))))
    return select(_fts.c.entry_id).where(literal_column(SEARCH_TABLE).op("MATCH")(query))


def _tsquery(word: str):
    # A quoted lexeme with a prefix mark; quotes and backslashes are escaped for tsquery's syntax.
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "':*"
    return func.to_tsquery(literal_column("'simple'"), quoted)


def _owned(model, tenant_id: uuid.UUID | None):
    national = model.tenant_id.is_(None)
    return or_(national, model.tenant_id == tenant_id) if tenant_id else national


def _postgres_ids(word: str, locale: str, tenant_id: uuid.UUID | None):
    # The expressions repeat migration 0002's index definitions word for word, so the planner can use
    # them; it combines them with (or, for translations of common words, prefers) the owner's rows
    # through the tenant_id indexes (migration 0004's for translations).
    simple = literal_column("'simple'")
    query = _tsquery(word)
    english = select(Entry.id).where(
        func.to_tsvector(simple, Entry.title + literal_column("' '") + Entry.summary).op("@@")(query),
        _owned(Entry, tenant_id),
    )
    translated = select(Translation.owner_id).where(
        and_(
            Translation.owner_type == Entry.__tablename__,
            Translation.field.in_(SEARCHED_FIELDS),
            Translation.locale == locale,
            _owned(Translation, tenant_id),
            func.to_tsvector(simple, Translation.text).op("@@")(query),
        )
    )
    return english.union(translated)
