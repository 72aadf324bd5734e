"""What a resident sees of a partnership's directory: national entries as the partnership overrides
them, plus its local entries. Every query here runs in the request's tenant scope (tenancy.py), so
none of them names a tenant."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from math import ceil

from flask import abort
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import contains_eager, selectinload

from .extensions import db
from .models import (
    Bulletin,
    Category,
    ContactLine,
    Entry,
    EntryKind,
    EntryOverride,
    Snippet,
    load_texts,
)
from .search import is_searchable, matching_ids
from .tenancy import current_tenant_id

#: Results on one page of a search: few enough for a cheap phone to show quickly, and to read.
SEARCH_PAGE_SIZE = 10
#: The last page a search shows: no one reads this far, and the offset stays small for the database.
SEARCH_MAX_PAGE = 100


@dataclass
class Listing:
    """An entry as one partnership shows it."""

    entry: Entry
    override: EntryOverride | None = None

    @property
    def pinned(self) -> bool:
        return bool(self.override and self.override.pinned)

    @property
    def note(self):
        return self.override.text("note") if self.override and self.override.note else None


@dataclass
class SearchResults:
    """One page of a search's results, and how many there are in all (None past the last page)."""

    listings: list[Listing]
    total: int | None
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, ceil((self.total or 0) / SEARCH_PAGE_SIZE))


@dataclass
class HelpBox:
    """What every page shows first: the emergency text and the partnership's own lines."""

    emergency: Snippet | None
    lines: list[ContactLine] = field(default_factory=list)


def _not_hidden():
    return or_(EntryOverride.hidden.is_(None), EntryOverride.hidden.is_(False))


def _listing_query(category_live: bool = True):
    """Live, unhidden entries with their overrides. An entry whose category is unpublished or deleted
    goes with it, unless the caller has chosen the category itself (a topic page, a staff preview)."""
    stmt = (
        select(Entry, EntryOverride)
        .join(Entry.category)
        .options(contains_eager(Entry.category))
        .outerjoin(EntryOverride, EntryOverride.entry_id == Entry.id)
        .where(Entry.live(), _not_hidden())
    )
    return stmt.where(Category.live()) if category_live else stmt


def _pinned_first():
    return (func.coalesce(EntryOverride.pinned, false()).desc(), Entry.position, Entry.title)


def _listings(rows) -> list[Listing]:
    return [Listing(entry, override) for entry, override in rows]


def translate(listings: list[Listing], locale: str, *more) -> None:
    """Load, in one query, every translation the page needs."""
    objects = [x.entry for x in listings] + [x.entry.category for x in listings]
    objects += [x.override for x in listings if x.override]
    for extra in more:
        objects += list(extra) if isinstance(extra, (list, tuple)) else [extra]
    load_texts(objects, locale)


def help_box() -> HelpBox:
    lines = db.session.scalars(select(ContactLine).order_by(ContactLine.position, ContactLine.label)).all()
    return HelpBox(emergency=snippet("emergency"), lines=list(lines))


def snippet(key: str) -> Snippet | None:
    """The partnership's own snippet with this key, else the national one."""
    return db.session.scalars(
        select(Snippet).where(Snippet.key == key).order_by(Snippet.tenant_id.is_(None)).limit(1)
    ).first()


def categories_with_counts() -> list[tuple[Category, int]]:
    counts = (
        select(Entry.category_id, func.count().label("n"))
        .outerjoin(EntryOverride, EntryOverride.entry_id == Entry.id)
        .where(Entry.live(), _not_hidden())
        .group_by(Entry.category_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Category, counts.c.n)
        .join(counts, counts.c.category_id == Category.id)
        .where(Category.live())
        .order_by(Category.position, Category.name)
    )
    return [(category, n) for category, n in rows]


def pinned_listings() -> list[Listing]:
    rows = db.session.execute(_listing_query().where(EntryOverride.pinned.is_(True)).order_by(*_pinned_first()))
    return _listings(rows)


def local_listings(tenant_id: uuid.UUID) -> list[Listing]:
    rows = db.session.execute(_listing_query().where(Entry.tenant_id == tenant_id).order_by(Entry.position, Entry.title))
    return _listings(rows)


def category_or_404(slug: str) -> Category:
    """The partnership's own category with this slug, else the national one."""
    category = db.session.scalars(
        select(Category).where(Category.slug == slug, Category.live()).order_by(Category.tenant_id.is_(None)).limit(1)
    ).first()
    if category is None:
        abort(404)
    return category


def category_listings(category: Category) -> list[Listing]:
    query = _listing_query(category_live=False).where(Entry.category_id == category.id)
    rows = db.session.execute(query.order_by(*_pinned_first()))
    return _listings(rows)


def listing_or_404(entry_id: uuid.UUID) -> Listing:
    row = db.session.execute(_listing_query().where(Entry.id == entry_id)).first()
    if row is None:
        abort(404)
    return Listing(*row)


def search(query: str, locale: str, page: int = 1) -> SearchResults:
    """Entries with every word (or a word starting with it) in their title or summary, in English or
    in the reader's language, found through the database's full-text index (see search.py). One page
    of them, with the number in all counted by the same query (a window function)."""
    if not query.split():
        return SearchResults([], 0)
    stmt = matching(_listing_query().add_columns(func.count().over()), query, locale).order_by(*_pinned_first())
    rows = db.session.execute(stmt.limit(SEARCH_PAGE_SIZE).offset((page - 1) * SEARCH_PAGE_SIZE)).all()
    if not rows:
        return SearchResults([], None if page > 1 else 0, page)
    return SearchResults([Listing(entry, override) for entry, override, _ in rows], rows[0][2], page)


def matching(stmt, query: str, locale: str):
    """``stmt`` narrowed to entries that have every word of ``query`` (at most eight words)."""
    words = [w for w in query.split() if w][:8]
    dialect = db.session.get_bind().dialect.name
    tenant_id = current_tenant_id()
    for word in words:
        if is_searchable(word):
            stmt = stmt.where(Entry.id.in_(matching_ids(dialect, word, locale, tenant_id)))
        else:
            # Punctuation alone ("%", "&") is no word to the full-text tokenisers; it is matched
            # literally in the English title, a scan that only such rare queries pay for.
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(Entry.title.ilike(pattern, escape="\\"))
    return stmt


def published_query():
    """Every (entry, override) a resident of the partnership in scope may see; for the open data API."""
    return _listing_query()


def bulletins(limit: int | None = None) -> list[Bulletin]:
    """The newest first; the home page asks for a few, so the database returns only those."""
    stmt = select(Bulletin).where(Bulletin.live()).order_by(Bulletin.issued_on.desc().nulls_last(), Bulletin.title)
    return list(db.session.scalars(stmt.limit(limit)))


def bulletin_or_404(bulletin_id: uuid.UUID) -> Bulletin:
    bulletin = db.session.scalars(
        select(Bulletin).options(selectinload(Bulletin.sections)).where(Bulletin.id == bulletin_id, Bulletin.live())
    ).first()
    if bulletin is None:
        abort(404)
    return bulletin


def national_reporting_routes(limit: int) -> list[Listing]:
    """The national reporting routes the partnership shows, the ones it pinned first (for the help card)."""
    stmt = _listing_query().where(Entry.tenant_id.is_(None), Entry.kind == EntryKind.REPORTING)
    rows = db.session.execute(stmt.order_by(*_pinned_first()).limit(limit))
    return _listings(rows)


def visible_listings() -> list[Listing]:
    """Every entry the partnership's residents can reach (nationally: every live national entry)."""
    return _listings(db.session.execute(_listing_query().order_by(Entry.position, Entry.title)))
