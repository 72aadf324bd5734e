"""The one place that knows how a request finds its tenant and how queries are scoped to it.

Every session is in one of three scopes, kept in ``session.info``:

* **tenant scope** (``tenant_id`` set): reads see that tenant's rows plus the national catalogue;
  writes may touch only that tenant's rows, and new rows are stamped with it;
* **national scope** (the default, nothing set): reads see the national catalogue only and no
  tenant-owned row at all; writes may touch national rows only. A view that forgot to pick a tenant
  therefore fails closed;
* **all tenants** (``all_tenants``): no criteria. Only the CLI and the maintainer's cross-tenant views
  use it, visibly, through :func:`all_tenants` or the ``all_tenants=True`` execution option.

What bypasses the ORM criteria: raw ``text()`` SQL, Core table selects, and ``session.get()`` of an
object already in the identity map. Tenant code uses none of them.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, abort, g, has_request_context, request
from sqlalchemy import ForeignKey, event, false, or_, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, with_loader_criteria

from .extensions import AppSession, db

#: Slugs a tenant may not take, because they are the platform's own top-level paths.
RESERVED_SLUGS = frozenset(
    {"admin", "auth", "api", "static", "national", "healthz", "favicon.ico", "robots.txt", "partnerships"}
)


class CrossTenantWrite(RuntimeError):
    """A flush tried to write a row outside the session's scope."""


class TenantOwned:
    """Rows that always belong to exactly one tenant (overrides, contact lines, ...)."""

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)


class NationalOrTenant:
    """Rows of the shared catalogue (tenant_id NULL) or of one tenant (its local additions)."""

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True, nullable=True)

    @property
    def is_national(self) -> bool:
        return self.tenant_id is None


_SCOPED = (TenantOwned, NationalOrTenant)


def current_tenant_id(session=None) -> uuid.UUID | None:
    return (session or db.session).info.get("tenant_id")


def enter_tenant(tenant) -> None:
    """Put the request's session in the tenant's scope."""
    db.session.info["tenant_id"] = tenant.id
    db.session.info.pop("all_tenants", None)


@contextmanager
def all_tenants() -> Iterator[None]:
    """Lift the scoping for cross-tenant work (CLI, national maintainer); it is restored afterwards."""
    info = db.session.info
    before = info.get("all_tenants")
    info["all_tenants"] = True
    try:
        yield
    finally:
        if before is None:
            info.pop("all_tenants", None)
        else:
            info["all_tenants"] = before


@contextmanager
def acting_for(tenant) -> Iterator[None]:
    """Work inside one tenant's scope, then return to the scope the session had."""
    info = db.session.info
    saved = {k: info.get(k) for k in ("tenant_id", "all_tenants")}
    info.pop("all_tenants", None)
    info["tenant_id"] = tenant.id
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                info.pop(key, None)
            else:
                info[key] = value


def _scope_statement(state) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    # Relationship and column loads start from objects that were loaded with the criteria already;
    # the option travels with them.
    if state.is_column_load or state.is_relationship_load:
        return
    if state.execution_options.get("all_tenants") or state.session.info.get("all_tenants"):
        return
    tid = state.session.info.get("tenant_id")
    if tid is None:
        owned = with_loader_criteria(TenantOwned, lambda cls: false(), include_aliases=True)
        shared = with_loader_criteria(NationalOrTenant, lambda cls: cls.tenant_id.is_(None), include_aliases=True)
    else:
        owned = with_loader_criteria(TenantOwned, lambda cls: cls.tenant_id == tid, include_aliases=True)
        shared = with_loader_criteria(
            NationalOrTenant,
            lambda cls: or_(cls.tenant_id.is_(None), cls.tenant_id == tid),
            include_aliases=True,
        )
    state.statement = state.statement.options(owned, shared)


def _owner_id(obj) -> uuid.UUID | None:
    if obj.tenant_id is not None:
        return obj.tenant_id
    tenant = obj.__dict__.get("tenant")  # set through the relationship but not yet flushed
    return tenant.id if tenant is not None else None


def _guard_flush(session, _flush_context, _instances) -> None:
    if session.info.get("all_tenants"):
        return
    tid = session.info.get("tenant_id")
    for obj in session.new:
        if isinstance(obj, _SCOPED) and _owner_id(obj) is None and tid is not None:
            obj.tenant_id = tid
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, _SCOPED) and _owner_id(obj) != tid:
            raise CrossTenantWrite(f"{type(obj).__name__} belongs to another scope than this session's")


def install(app: Flask) -> None:
    """Attach the scoping listeners to the session class (not to db.session, which tests may replace)."""
    if not event.contains(AppSession, "do_orm_execute", _scope_statement):
        event.listen(AppSession, "do_orm_execute", _scope_statement)
        event.listen(AppSession, "before_flush", _guard_flush)
    app.wsgi_app = HostTenantMiddleware(app.wsgi_app, app)


# --- Finding the tenant of a request ------------------------------------------------------------


def load_tenant_or_404(slug: str):
    """The live tenant with this slug, in scope for the rest of the request; 404 otherwise."""
    from .models import Tenant

    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug, Tenant.is_active.is_(True)))
    if tenant is None:
        abort(404)
    enter_tenant(tenant)
    g.tenant = tenant
    return tenant


#: Paths served the same on every host: a partnership's domain must not prefix them with its slug.
PLATFORM_PATHS = ("/static/", "/pictures.svg", "/healthz")


class HostTenantMiddleware:
    """Serve a partnership on its own domain by mapping ``https://its.domain/x`` to ``/<slug>/x``.

    On the platform's own hosts (``PLATFORM_HOSTS``) nothing changes and tenants live under a path
    prefix. For any other host, the host is looked up among the tenants' domains; an unknown host is
    served the platform as on its own hosts. URL building strips the prefix again (see
    :func:`strip_host_prefix`), so links on a partnership's domain stay short.
    """

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(self, environ, start_response):
        host = (environ.get("HTTP_HOST") or "").lower()
        host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        path = environ.get("PATH_INFO") or "/"
        if host and host not in self.app.config["PLATFORM_HOSTS"] and not path.startswith(PLATFORM_PATHS):
            slug = self._slug_for_host(host)
            if slug:
                environ["partnership_hub.host_prefix"] = "/" + slug
                environ["PATH_INFO"] = "/" + slug + path
        return self.wsgi_app(environ, start_response)

    def _slug_for_host(self, host: str) -> str | None:
        from .models import Tenant, TenantHost

        with self.app.app_context():
            # Before any tenant is known, the host table is searched across all of them.
            return db.session.scalar(
                select(Tenant.slug)
                .join(TenantHost)
                .where(TenantHost.host == host, Tenant.is_active.is_(True))
                .execution_options(all_tenants=True)
            )


def strip_host_prefix(url: str, environ) -> str:
    """On a partnership's own domain, ``/dudley/en/`` is written ``/en/``."""
    prefix = environ.get("partnership_hub.host_prefix")
    if not prefix:
        return url
    parts = urlsplit(url)
    if parts.path.startswith(prefix + "/"):
        return urlunsplit(parts._replace(path=parts.path[len(prefix):]))
    return url


class TenantAwareFlask(Flask):
    """Flask whose URL building knows about partnerships served on their own domain."""

    def url_for(self, endpoint: str, /, **values) -> str:
        url = super().url_for(endpoint, **values)
        return strip_host_prefix(url, request.environ) if has_request_context() else url
