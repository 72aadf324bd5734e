"""The partnership workspace: its overview, its content (shared with the national workspace, see
content/), and its view of the national catalogue."""

from flask import g, render_template
from sqlalchemy import func, or_, select

from ..content import overrides
from ..content import views as content
from ..content.workspace import PARTNERSHIP
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
    changed = db.session.scalar(
        select(func.count()).select_from(EntryOverride)
        .where(or_(EntryOverride.hidden, EntryOverride.pinned, EntryOverride.note.is_not(None)))
    )
    recent = db.session.scalars(
        select(AuditEvent).where(AuditEvent.tenant_id == g.tenant.id).order_by(AuditEvent.at.desc()).limit(5)
    ).all()
    return render_template("admin/dashboard.html", local_entries=local_entries, overrides=changed, recent=recent)


# --- Content: local categories and entries, and this partnership's view of national entries -------

content.register(bp, PARTNERSHIP)


@bp.get("/national-entries/")
def national_entries():
    return overrides.national_entries(PARTNERSHIP)


@bp.route("/national-entries/<uuid:entry_id>/note", methods=["GET", "POST"])
def override_note(entry_id):
    return overrides.note_form(PARTNERSHIP, entry_id)


for _change in overrides.CHANGES:
    bp.add_url_rule(f"/national-entries/<uuid:entry_id>/{_change.replace('_', '-')}", f"override_{_change}",
                    content.bound(overrides.change_override, _change), methods=["POST"])
