"""Caching resident pages without ever serving stale content.

Correctness rests on **content stamps** (models.ContentStamp): a random token for the national
catalogue and one per partnership. A flush listener on every SQLAlchemy session (the app's, the CLI's,
the tests' factories', and whatever admin views come later) replaces the stamps of the scopes whose
rows it wrote, in the same transaction as the change, so a change and its new stamp become visible
together. A resident page reads both of its stamps in one query; its **version** (and so its cache key
and ETag) is made of them, of the release the code comes from, and of the page's identity (partnership,
scheme and host, host prefix, path with language, easy-read flag and query). A publish therefore
changes the version at once, for every process, and nothing that was built before is used again.

What the version buys, both answered by :class:`KnownPages`, a WSGI layer in front of Flask, so that
such a request costs the one query and a hash, not a request context, routing and the app's hooks:

* **conditional GETs**: a request whose ``If-None-Match`` holds the current ETag is answered 304
  before the page is built;
* **a server-side page cache** (cachelib: in-process ``SimpleCache`` by default, Redis when
  ``REDIS_URL`` is set, so several processes share it). It is only an optimisation: a miss rebuilds
  the page from the database, and an entry is never stale because its key holds the version.

Writes that bypass the ORM (Core or raw SQL, such as bulk loads) must call :func:`bump` themselves.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from cachelib import NullCache, RedisCache, SimpleCache
from flask import Flask, current_app, request, session
from redis import Redis, RedisError
from sqlalchemy import Engine, bindparam, create_engine, event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug import Request, Response
from werkzeug.http import parse_etags, quote_etag

from .config import ROOT
from .extensions import db
from .headers import HEADERS as SECURITY_HEADERS
from .headers import add_security_headers
from .i18n import SUPPORTED_LOCALES
from .models import NATIONAL_SCOPE, ContentStamp, Tenant

log = logging.getLogger(__name__)

#: Tables whose rows no resident page shows: writing them leaves the pages' versions alone. Any other
#: table counts as content (a new one is safe by default); add staff-only tables here, above all any
#: written on every request, or every write would invalidate every page.
NOT_CONTENT = frozenset({"staff_user", "membership", "audit_event", ContentStamp.__tablename__, "link_check", "account_token",
                         "login_failure"})

#: Browsers keep nothing (a cached page is a trace on a resident's device); a CDN or proxy that
#: honours CDN-Cache-Control (RFC 9213) may keep a copy but must revalidate it on every request,
#: which the ETag makes cheap. See the README's "Caching and privacy".
BROWSER_CACHE_CONTROL = "no-store"
CDN_CACHE_CONTROL = "no-cache"
#: Cache entries never go stale (their key holds the version); the timeout only bounds memory.
PAGE_TIMEOUT = 600
#: Headers a cached page is stored without: recomputed, or never to be replayed to someone else.
_UNSTORED_HEADERS = frozenset({"set-cookie", "content-length", "date", "etag"})
#: A resident page's path, once tenancy.py has mapped a partnership's own domain: /<partnership>/<language>/...
_RESIDENT_PAGE = re.compile(r"/([^/]+)/(?:" + "|".join(SUPPORTED_LOCALES) + r")(?:/|$)")
#: Where KnownPages leaves a page's key for the app, which stores the page under it once built.
PAGE_KEY = "partnership_hub.page_key"


# --- Stamps: written on every content change ---------------------------------------------------


def _scopes_of(obj) -> set[uuid.UUID]:
    """The stamps a written row invalidates."""
    if getattr(obj, "__tablename__", None) in NOT_CONTENT:
        return set()
    if isinstance(obj, Tenant):
        return {obj.id}
    if not hasattr(obj, "tenant_id"):
        return {NATIONAL_SCOPE}  # content of no partnership: every page may show it
    state = inspect(obj)
    owners = {obj.tenant_id, *state.attrs.tenant_id.history.deleted}  # a row moved: both owners
    return {NATIONAL_SCOPE if owner is None else owner for owner in owners}


def bump(connection, scopes) -> None:
    """Give each scope a new stamp, in the transaction of ``connection`` (one statement)."""
    if not scopes:
        return
    now = datetime.now(timezone.utc)
    # Sorted, so that two transactions lock the rows in the same order (no deadlock on PostgreSQL).
    rows = [{"scope": scope, "token": uuid.uuid4().hex, "changed_at": now} for scope in sorted(scopes)]
    dialect = {"sqlite": sqlite, "postgresql": postgresql}[connection.dialect.name]
    stmt = dialect.insert(ContentStamp.__table__).values(rows)
    stmt = stmt.on_conflict_do_update(
        index_elements=["scope"], set_={"token": stmt.excluded.token, "changed_at": stmt.excluded.changed_at}
    )
    connection.execute(stmt)


def _after_flush(session, _flush_context) -> None:
    scopes: set[uuid.UUID] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        scopes |= _scopes_of(obj)
    bump(session.connection(), scopes)


def _bump_for_bulk_statement(state) -> None:
    """ORM-enabled INSERT/UPDATE/DELETE statements change rows without a flush."""
    if not (state.is_insert or state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    if state.bind_mapper.local_table.name in NOT_CONTENT:
        return
    tid = state.session.info.get("tenant_id")
    # Outside one partnership's scope the rows may be anyone's: the national stamp is part of every
    # page's version, so replacing it invalidates them all.
    scoped = tid is not None and not state.session.info.get("all_tenants") \
        and not state.execution_options.get("all_tenants")
    bump(state.session.connection(), {tid} if scoped else {NATIONAL_SCOPE})


@lru_cache(maxsize=1)
def _tenant_version_query():
    # Built once: making the aliases and joins costs more than running the (compile-cached) query.
    tenant = Tenant.__table__
    national, own = ContentStamp.__table__.alias("national"), ContentStamp.__table__.alias("own")
    return (
        select(tenant.c.id, national.c.token, own.c.token)
        .select_from(
            tenant.outerjoin(own, own.c.scope == tenant.c.id).outerjoin(national, national.c.scope == NATIONAL_SCOPE)
        )
        .where(tenant.c.slug == bindparam("slug"), tenant.c.is_active.is_(True))
    )


def _tenant_version(engine, slug: str):
    """The live partnership with this slug and the stamps its pages depend on, as one Core query:
    no ORM object is built, so a page answered from its validator or the cache costs only this.

    On the stamp engine (:func:`stamp_engine`), not the request's session. Neither table is
    tenant-scoped (tenancy.py), so nothing is bypassed. A connection the database dropped (a restart,
    a failover) fails the read once; SQLAlchemy then discards the pool's older connections, and the
    read is tried again on a new one."""
    try:
        return _read_version(engine, slug)
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        return _read_version(engine, slug)


def _read_version(engine, slug: str):
    with engine.connect() as connection:
        return connection.execute(_tenant_version_query(), {"slug": slug}).first()


#: One stamp engine per database and process, whatever the number of apps made (tests make hundreds).
_STAMP_ENGINES: dict[str, Engine] = {}


def stamp_engine(engine: Engine, options: dict) -> Engine:
    """Where KnownPages reads stamps: the app's engine on SQLite; on PostgreSQL an engine of its own,
    in autocommit (no BEGIN and ROLLBACK around one read) and without the app pool's pre-ping (a
    round trip per request; :func:`_tenant_version` retries instead). So a page answered before the
    app costs one round trip to the database, not two. It connects as the app's engine does
    (``options``: SQLALCHEMY_ENGINE_OPTIONS' connect_args, such as TLS settings)."""
    if engine.dialect.name != "postgresql":
        return engine
    url = engine.url.render_as_string(hide_password=False)
    if url not in _STAMP_ENGINES:
        connect_args = {**options.get("connect_args", {}), "application_name": "partnership_hub stamps"}
        _STAMP_ENGINES[url] = create_engine(
            engine.url, isolation_level="AUTOCOMMIT", pool_size=2, connect_args=connect_args
        )
    return _STAMP_ENGINES[url]


# --- Pages: validators and the server-side cache ------------------------------------------------


@lru_cache(maxsize=1)
def release_id() -> str:
    """A digest of the code, templates and catalogs, so that a new release never serves (or answers
    304 for) a page an older one built. From file contents, so every machine of a release agrees."""
    digest = hashlib.sha256()
    for base in (Path(__file__).resolve().parent, ROOT / "translations"):
        for path in sorted(base.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _backend(app: Flask):
    if not app.config["PAGE_CACHE"]:
        return NullCache()
    url = app.config.get("REDIS_URL")
    if url:
        # A failing Redis is a miss (see _cache_get and _cache_set), never an error page.
        return RedisCache(host=Redis.from_url(url), key_prefix="hub:page:", default_timeout=PAGE_TIMEOUT)
    return SimpleCache(threshold=app.config["PAGE_CACHE_ENTRIES"], default_timeout=PAGE_TIMEOUT)


def _page_key(request: Request, tenant_id: uuid.UUID, national: str | None, own: str | None) -> str:
    identity = "|".join((
        release_id(),
        national or "-",
        own or "-",
        tenant_id.hex,
        # Pages carry absolute links (hreflang, sharing): scheme and host are identity. (Not host_url,
        # which also converts the address to an IRI: a tenth of the cost of a page answered here.)
        request.scheme, request.host, request.root_path,
        request.environ.get("partnership_hub.host_prefix", ""),
        request.full_path,
    ))
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def _cache_get(pages, key: str):
    try:
        return pages.get(key)
    except RedisError:
        log.warning("page cache unavailable: building the page", exc_info=True)
        return None


def _cache_set(pages, key: str, value) -> None:
    try:
        pages.set(key, value)
    except RedisError:
        log.warning("page cache unavailable: page not kept", exc_info=True)


def _keep_out_of_browsers(response: Response) -> None:
    response.headers["Cache-Control"] = BROWSER_CACHE_CONTROL
    response.headers["CDN-Cache-Control"] = CDN_CACHE_CONTROL


#: A 304's headers besides its ETag: what any response of ours carries, and the caching rules.
_NOT_MODIFIED_HEADERS = [("Cache-Control", BROWSER_CACHE_CONTROL), ("CDN-Cache-Control", CDN_CACHE_CONTROL),
                         *SECURITY_HEADERS.items()]


class KnownPages:
    """In front of the app: a resident page whose content has not changed since the client's copy is
    answered 304, and one in the page cache is answered from it, before Flask sees the request. Any
    other request, and any page not known, goes on to the app, carrying its key (``PAGE_KEY``).

    Answers are written straight to WSGI (status, header list, body) rather than through a Response
    object: the stored headers are already complete (see keep_page), and this path is the one a page
    takes nearly every time it is asked for."""

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.pages = app.extensions["page_cache"]
        self.engine = app.extensions["stamp_engine"]

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method in ("GET", "HEAD"):
            found = _RESIDENT_PAGE.match(environ.get("PATH_INFO", ""))
            known = self._known(environ, found.group(1)) if found else None
            if known is not None:
                status, headers, body = known
                start_response(status, headers)
                return [] if method == "HEAD" else [body]
        return self.wsgi_app(environ, start_response)

    def _known(self, environ, slug: str) -> tuple[str, list, bytes] | None:
        try:
            found = _tenant_version(self.engine, slug)
        except SQLAlchemyError:
            return None  # the app meets the same error and answers with its own error page
        if found is None:
            return None  # no such live partnership: the app answers 404
        environ[PAGE_KEY] = key = _page_key(Request(environ), *found)
        etag = ("ETag", quote_etag(key))
        # This very page's ETag only: not "*", which would answer 304 for any path of the partnership.
        etags = parse_etags(environ.get("HTTP_IF_NONE_MATCH"))
        if etags.is_strong(key) or etags.is_weak(key):
            return "304 NOT MODIFIED", [etag, *_NOT_MODIFIED_HEADERS], b""
        cached = _cache_get(self.pages, key)
        if cached is None:
            return None
        body, headers = cached
        return "200 OK", [*headers, etag, ("Content-Length", str(len(body)))], body


def keep_page(response):
    """After a resident page is built: validators, caching headers, and a copy in the server cache."""
    _keep_out_of_browsers(response)
    key = request.environ.get(PAGE_KEY)
    if key is None or response.status_code != 200:
        return response
    response.set_etag(key)
    # Never replay a cookie, or a page that was not built whole, to anyone else. The session cookie is
    # added after this hook runs, so a request that carries one (staff) or changed it is not kept.
    if (request.method != "GET" or request.cookies or session.modified
            or "Set-Cookie" in response.headers or response.is_streamed):
        return response
    # Kept with every header it is sent with (the app adds the security headers after this hook, and
    # leaves them as they are), so that KnownPages sends the copy as it is.
    add_security_headers(response)
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _UNSTORED_HEADERS]
    _cache_set(current_app.extensions["page_cache"], key, (response.get_data(), headers))
    return response


def init_app(app: Flask) -> None:
    """Before tenancy.install: its host mapping must wrap KnownPages, which reads mapped paths."""
    app.extensions["page_cache"] = _backend(app)
    with app.app_context():
        app.extensions["stamp_engine"] = stamp_engine(db.engine, app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    app.wsgi_app = KnownPages(app.wsgi_app, app)
    # On the Session class itself: every session of the process, whoever made it, stamps its writes.
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _bump_for_bulk_statement)
