"""The national workspace: its overview and the national catalogue (content pages shared with the
partnership workspace, see content/)."""

from flask import render_template
from sqlalchemy import func, select

from ..content import overrides
from ..content import views as content
from ..content.workspace import NATIONAL
from ..extensions import db
from ..models import AuditEvent, Entry, Tenant, User
from ..tenancy import all_tenants
from . import bp


@bp.get("/")
def dashboard():
    with all_tenants():
        tenants = db.session.scalar(select(func.count()).select_from(Tenant).where(Tenant.is_active.is_(True)))
        staff = db.session.scalar(select(func.count()).select_from(User).where(User.is_active.is_(True)))
        recent = db.session.scalars(select(AuditEvent).order_by(AuditEvent.at.desc()).limit(5)).all()
    national_entries = db.session.scalar(select(func.count()).select_from(Entry).where(Entry.deleted_at.is_(None)))
    return render_template(
        "national/dashboard.html", tenants=tenants, staff=staff, national_entries=national_entries, recent=recent
    )


# --- Content: the national catalogue, shown on every partnership ------------------------------------

content.register(bp, NATIONAL)


@bp.get("/entries/<uuid:entry_id>/partnerships")
def entry_partnerships(entry_id):
    return overrides.tenants_changing(entry_id)
