"""The partnership workspace's overview."""

from flask import g, render_template
from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent, Entry, EntryOverride
from . import bp


@bp.get("/")
def dashboard():
    local_entries = dict(
        db.session.execute(
            select(Entry.status, func.count()).where(Entry.tenant_id == g.tenant.id, Entry.deleted_at.is_(None))
            .group_by(Entry.status)
        ).all()
    )
    overrides = db.session.scalar(select(func.count()).select_from(EntryOverride))
    recent = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tenant_id == g.tenant.id).order_by(AuditEvent.at.desc()).limit(5)
    ).all()
    return render_template("admin/dashboard.html", local_entries=local_entries, overrides=overrides, recent=recent)
