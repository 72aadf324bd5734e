"""Error pages: helpful, in the reader's language, and never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, g, redirect, render_template, request
from flask.globals import request_ctx
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, InternalServerError, NotFound
from werkzeug.routing import RoutingException

from .extensions import db
from .i18n import text_direction
from .models import Tenant
from .tenancy import enter_tenant, strip_host_prefix

log = logging.getLogger(__name__)

STAFF_BLUEPRINTS = frozenset({"admin", "national", "auth"})
RESIDENT_BLUEPRINTS = frozenset({"public", "landing"})


def _tenant_from_path() -> Tenant | None:
    """For a page that did not match any route, the partnership its path names, if any."""
    if g.get("tenant") is not None:
        return g.tenant
    parts = request.path.strip("/").split("/")
    if not parts or not parts[0]:
        return None
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == parts[0], Tenant.is_active.is_(True)))
    if tenant is not None:
        enter_tenant(tenant)
        g.tenant = tenant
        lang = parts[1] if len(parts) > 1 and parts[1] in tenant.languages else tenant.default_language
        g.lang = g.get("lang", lang)
        # The page's links keep the reading mode the resident asked for, as on every other page.
        g.easy_read = g.get("easy_read", request.args.get("easy") == "1")
    return tenant


def _meant_address() -> str | None:
    """For a resident page not found, the address of one that exists when the path loses a trailing
    slash or capital letters (``/dudley/EN/topics/reporting/``): edits people make by hand, and links
    typed from print. Slash first: a path may hold a token whose case matters."""
    path = request.path
    candidates = [path.rstrip("/"), path.lower(), path.lower().rstrip("/")]
    adapter = request_ctx.url_adapter
    for candidate in dict.fromkeys(c for c in candidates if c and c != path and not c.startswith("//")):
        try:
            endpoint, _ = adapter.match(candidate, method="GET")
        except (HTTPException, RoutingException):
            continue
        if endpoint.split(".")[0] not in RESIDENT_BLUEPRINTS:
            continue
        query = request.query_string.decode("latin-1")
        url = request.root_path + candidate + ("?" + query if query else "")
        return strip_host_prefix(url, request.environ)
    return None


def render_error(error: HTTPException):
    if request_ctx.url_adapter is None:
        # The request could not even be routed (a malformed Host header): no link of a page can be
        # built, so the answer is plain text.
        return f"{error.code} {error.name}\n", error.code, {"Content-Type": "text/plain; charset=utf-8"}
    if isinstance(error, NotFound) and request.method in ("GET", "HEAD"):
        meant = _meant_address()
        if meant is not None:
            return redirect(meant, 308)
    context = {"error": error, "tenant": None}
    if request.blueprint in STAFF_BLUEPRINTS:
        # Staff pages have no resident chrome (language, help box) to draw: the plain page it is.
        return _plain_page(context, error)
    try:
        tenant = _tenant_from_path()
        if tenant is not None:
            from .public.routes import chrome_context

            context.update(chrome_context())
    except Exception:  # the database itself may be what failed; the error page must still render
        log.exception("could not load the partnership for an error page")
        db.session.rollback()
        context = {"error": error, "tenant": None}
    return _plain_page(context, error)


def _plain_page(context: dict, error: HTTPException):
    context.setdefault("lang", "en")
    context.setdefault("dir", text_direction(context["lang"]))
    return render_template("errors/error.html", **context), error.code


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, render_error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s", request.path)
        db.session.rollback()
        return render_error(InternalServerError())
