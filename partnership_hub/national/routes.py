"""The national workspace's overview."""

from flask import render_template
from sqlalchemy import func, select

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
