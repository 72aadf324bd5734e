"""How many SQL statements each resident page runs. The count must not grow with the number of
partnerships, entries or translations: a page that loads one row per entry (an N+1) fails here.

The counts are exact on purpose: a new query on a page is a decision to make, not an accident."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from partnership_hub.extensions import db
from partnership_hub.models import Entry, EntryKind

from .factories import (
    BulletinFactory,
    BulletinSectionFactory,
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    FinderQuestionFactory,
    FinderRouteFactory,
    FinderSituationFactory,
    SnippetFactory,
    TenantFactory,
    TranslationFactory,
)

# Statements per page in English, the same at any size, when the page is built (the first request; a
# page answered from the cache or with a 304 runs one: see test_caching.py). Every page reads its
# content version (the partnership and its content stamps, cache.py), runs the tenant lookup and the
# help box (contact lines, emergency snippet). Home: categories with counts, pinned entries, welcome
# snippet, latest bulletins. Category: the category, its entries (category joined). Entry: the entry.
# Search: the matching entries. Bulletin: the bulletin, then its sections in one select-in query.
EXPECTED_EN = {"home": 8, "category": 6, "entry": 5, "search": 5, "bulletins": 5, "bulletin": 6}
# Help finder: the start page reads the situations and the question's wording; the danger and age
# pages the situation (with the partnership's note) and the question; the result the situation and
# its routes (entries and overrides joined).
EXPECTED_EN |= {"finder_start": 6, "finder_danger": 6, "finder_age": 6, "finder_result": 6}
# Help card: the national reporting routes.
EXPECTED_EN |= {"help-card": 5}
# In another language, two more: the page's translations and the help box's, one query each
# (models.load_texts), however many objects they cover. English reads its own columns.
EXPECTED = {"en": EXPECTED_EN, "pl": {page: n + 2 for page, n in EXPECTED_EN.items()}}


def expected(app, lang: str) -> dict[str, int]:
    """On PostgreSQL, one more: entering the partnership sets the transaction's scope for row-level
    security (tenancy._sync_rls_scope), once per page."""
    with app.app_context():
        extra = 1 if db.engine.dialect.name == "postgresql" else 0
    return {page: n + extra for page, n in EXPECTED[lang].items()}


@contextmanager
def counting(app):
    """Count the statements the app runs: on its engine, and on the one KnownPages reads stamps with
    (cache.stamp_engine: the same engine on SQLite, one of its own on PostgreSQL)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engines = {db.engine, app.extensions["stamp_engine"]}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)


def _build(data, *, tenants: int, national: int, local: int, locales=("pl", "ur")):
    """One partnership called "home" plus ``tenants - 1`` others, built with the factories and written
    in one commit (build, then add_all), so that hundreds of rows take well under a second."""
    home = TenantFactory(slug="home")
    others = TenantFactory.create_batch(tenants - 1)
    topic = CategoryFactory(slug="reporting", name="Report something")
    extra_topic = CategoryFactory(slug="scams", name="Scams")
    SnippetFactory()
    SnippetFactory(key="welcome", tenant=home, title="Welcome")
    ContactLineFactory.create_batch(2, tenant=home)
    bulletin = BulletinFactory(tenant=home, title="Safer Seven")
    BulletinSectionFactory.create_batch(7, bulletin=bulletin)
    BulletinFactory.create_batch(3)

    rows = []
    for i in range(national):
        rows.append(EntryFactory.build(category=topic if i % 2 else extra_topic, title=f"Safety guide {i}",
                                       summary="Help with online safety.",
                                       kind=EntryKind.REPORTING if i % 3 == 0 else EntryKind.WEBSITE))
    for tenant in [home, *others]:
        for i in range(local):
            rows.append(EntryFactory.build(category=topic, tenant=tenant, title=f"Local safety service {i}",
                                           summary="A local service."))
    data.add_all(rows)
    data.flush()
    # Overrides of the first national entries: some pinned, one hidden, with notes.
    for i, entry in enumerate(rows[: min(national, 6)]):
        data.add(EntryOverrideFactory.build(tenant=home, entry=entry, pinned=i < 3, hidden=i == 5, note="Local note"))
    for entry in rows:
        for locale in locales:
            data.add(TranslationFactory.build(owner=entry, locale=locale, text=f"{entry.title} ({locale})"))
            data.add(TranslationFactory.build(owner=entry, field="summary", locale=locale, text="Pomoc"))
    # The help finder: one situation with a route to every national entry and to every local one.
    situation = FinderSituationFactory(slug="scam")
    FinderSituationFactory.create_batch(3)
    FinderQuestionFactory(key="danger")
    for entry in rows:
        data.add(FinderRouteFactory.build(situation=situation, entry=entry, tenant_id=entry.tenant_id))
    data.commit()
    return home, next(e for e in rows if e.tenant_id is None), bulletin


def _pages(entry, bulletin) -> dict[str, str]:
    return {
        "home": "/home/{lang}/",
        "category": "/home/{lang}/topics/reporting",
        "entry": f"/home/{{lang}}/entries/{entry.id}",
        "search": "/home/{lang}/search?q=safety+guide",
        "bulletins": "/home/{lang}/bulletins/",
        "bulletin": f"/home/{{lang}}/bulletins/{bulletin.id}",
        "finder_start": "/home/{lang}/help-finder/",
        "finder_danger": "/home/{lang}/help-finder/scam/",
        "finder_age": "/home/{lang}/help-finder/scam/age?danger=yes",
        "finder_result": "/home/{lang}/help-finder/scam/routes?danger=yes&age=not-sure",
        "help-card": "/home/{lang}/help-card",
    }


def _counts(app, client, entry, bulletin, lang) -> dict[str, int]:
    counts = {}
    for name, path in _pages(entry, bulletin).items():
        with counting(app) as statements:
            response = client.get(path.format(lang=lang))
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(statements)
    return counts


@pytest.mark.parametrize("lang", ["en", "pl"])
def test_small_site_runs_the_expected_number_of_queries(app, client, data, lang):
    _, entry, bulletin = _build(data, tenants=1, national=4, local=2)
    assert _counts(app, client, entry, bulletin, lang) == expected(app, lang)


def _assert_known_pages_run_one_query(app, client, entry, bulletin) -> None:
    for path in _pages(entry, bulletin).values():
        etag = client.get(path.format(lang="pl")).headers["ETag"]
        for headers in ({}, {"If-None-Match": etag}):
            with counting(app) as statements:
                response = client.get(path.format(lang="pl"), headers=headers)
            assert response.status_code == (304 if headers else 200)
            assert len(statements) == 1, (path, statements)


def test_pages_from_the_cache_or_revalidated_run_one_query(app, client, data):
    _, entry, bulletin = _build(data, tenants=1, national=4, local=2)
    _assert_known_pages_run_one_query(app, client, entry, bulletin)


def test_400_partnerships_and_10000_entries_run_the_same_numbers_of_queries(app, client, data):
    """The scale of a national install (#7): every page, built or known, runs as many queries as on
    the small site above. One test builds the data once (about 52,000 rows)."""
    _, entry, bulletin = _build(data, tenants=400, national=300, local=25)
    assert data.scalar(select(func.count()).select_from(Entry)) == 10_300
    for lang in ("en", "pl"):
        assert _counts(app, client, entry, bulletin, lang) == expected(app, lang)
    _assert_known_pages_run_one_query(app, client, entry, bulletin)
