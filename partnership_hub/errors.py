"""Error pages: helpful, in the reader's language, and never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask.globals import request_ctx
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .i18n import text_direction
from .models import Tenant
from .tenancy import enter_tenant

log = logging.getLogger(__name__)

STAFF_BLUEPRINTS = frozenset({"admin", "national", "auth"})


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
    return tenant


def render_error(error: HTTPException):
    if request_ctx.url_adapter is None:
        # The request could not even be routed (a malformed Host header): no link of a page can be
        # built, so the answer is plain text.
        return f"{error.code} {error.name}\n", error.code, {"Content-Type": "text/plain; charset=utf-8"}
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
