"""The audit history: a partnership's own changes for its admins; every change, on every partnership,
for the maintainer (explicitly across tenants). Filterable by object, object type, action and (for the
maintainer) partnership; newest first, a page at a time."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, g, render_template, request
from sqlalchemy import select, true

from ..extensions import db
from ..models import AuditEvent, Tenant
from ..paging import requested_page
from ..tenancy import all_tenants
from . import in_partnership, ws_url

PAGE_SIZE = 50
#: Half a million events back: further than anyone pages (the filters find older ones).
LAST_PAGE = 10_000
#: The value of the partnership filter that picks national (platform-wide) changes.
NATIONAL = "national"


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/history", "history", history)


def _object_filter() -> uuid.UUID | None:
    raw = request.args.get("object", "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        abort(404)


def history():
    page = requested_page(LAST_PAGE)
    object_id = _object_filter()
    filters = {key: request.args.get(key, "") for key in ("type", "action", "tenant")}
    stmt = select(AuditEvent)
    if object_id:
        stmt = stmt.where(AuditEvent.object_id == object_id)
    if filters["type"]:
        stmt = stmt.where(AuditEvent.object_type == filters["type"])
    if filters["action"]:
        stmt = stmt.where(AuditEvent.action == filters["action"])
    if in_partnership():
        # The tenant scope also shows national rows; a partnership's history is its own events only.
        stmt = stmt.where(AuditEvent.tenant_id == g.tenant.id)
        events, types, actions = _page(stmt, page)
        tenants, names = {}, None
    else:
        with all_tenants():
            tenants = dict(db.session.execute(select(Tenant.slug, Tenant.name).order_by(Tenant.name)).all())
            names = dict(db.session.execute(select(Tenant.id, Tenant.name)).all())
            if filters["tenant"] == NATIONAL:
                stmt = stmt.where(AuditEvent.tenant_id.is_(None))
            elif filters["tenant"]:
                stmt = stmt.join(Tenant, Tenant.id == AuditEvent.tenant_id).where(Tenant.slug == filters["tenant"])
            events, types, actions = _page(stmt, page)
    subject = events[0].label if object_id and events else None
    args = request.args.to_dict()
    newer_url = ws_url("history", **(args | {"page": page - 1})) if page > 1 else None
    older_url = ws_url("history", **(args | {"page": page + 1})) if len(events) > PAGE_SIZE else None
    return render_template(
        "staff/history.html", events=events[:PAGE_SIZE], newer_url=newer_url, older_url=older_url, page=page,
        filters=filters, object_id=object_id, subject=subject, types=types, actions=actions, tenants=tenants,
        tenant_names=names, national=NATIONAL,
    )


def _page(stmt, page: int):
    """One page of events (and one more, to know whether there is a next page), and the filter choices."""
    scope = AuditEvent.tenant_id == g.tenant.id if in_partnership() else true()
    events = db.session.scalars(
        stmt.order_by(AuditEvent.at.desc(), AuditEvent.id).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).all()
    types = db.session.scalars(select(AuditEvent.object_type).distinct().where(scope).order_by(AuditEvent.object_type)).all()
    actions = db.session.scalars(select(AuditEvent.action).distinct().where(scope).order_by(AuditEvent.action)).all()
    return events, types, actions
