"""A partnership's view of the national catalogue: it hides, pins or annotates a national entry for its
own residents only (an EntryOverride row of its own), and undoes that; and the maintainer's view of
which partnerships do so for one national entry."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from .. import staff
from ..directory import Listing
from ..extensions import db
from ..models import PUBLISHED, Category, Entry, EntryOverride, Tenant
from ..staff import STALE_MESSAGE, commit_unless_stale
from ..tenancy import all_tenants
from .forms import NoteForm
from .views import by_category, contains, list_filter
from .workspace import Workspace

#: The "Show" filter of the national list.
SHOW = {
    "all": ("All national entries", None),
    "hidden": ("Hidden here", EntryOverride.hidden.is_(True)),
    "pinned": ("Pinned here", EntryOverride.pinned.is_(True)),
    "annotated": ("With a local note", EntryOverride.note.is_not(None)),
}

#: change -> (column, value, what staff are told)
CHANGES = {
    "hide": ("hidden", True, "Hidden: your residents no longer see it"),
    "unhide": ("hidden", False, "Shown again to your residents"),
    "pin": ("pinned", True, "Pinned: your residents see it first"),
    "unpin": ("pinned", False, "Unpinned"),
    "remove_note": ("note", None, "Local note removed"),
}


def is_changed(override: EntryOverride | None) -> bool:
    return bool(override and (override.hidden or override.pinned or override.note))


def national_entry_or_404(entry_id: uuid.UUID) -> tuple[Entry, EntryOverride | None]:
    """A national entry residents can see, with this partnership's override of it (if any)."""
    entry = staff.get_or_404(Entry, entry_id)
    if not entry.is_national or entry.status != PUBLISHED or entry.deleted_at is not None:
        abort(404)
    override = db.session.scalar(select(EntryOverride).where(EntryOverride.entry_id == entry.id))
    return entry, override


def national_entries(ws: Workspace):
    categories = list(db.session.scalars(
        select(Category).where(Category.tenant_id.is_(None), Category.live()).order_by(Category.position, Category.name)
    ))
    form = list_filter(SHOW, categories)
    show = form.show.data
    stmt = (
        select(Entry, EntryOverride)
        .outerjoin(EntryOverride, EntryOverride.entry_id == Entry.id)
        .where(Entry.tenant_id.is_(None), Entry.live())
    )
    if SHOW[show][1] is not None:
        stmt = stmt.where(SHOW[show][1])
    if form.q.data:
        stmt = stmt.where(contains(Entry.title, form.q.data))
    if form.category.data:
        stmt = stmt.where(Entry.category_id == uuid.UUID(form.category.data))
    listings = [Listing(entry, override) for entry, override in db.session.execute(stmt)]
    return render_template("content/national_entries.html", ws=ws, form=form, groups=by_category(listings),
                           count=len(listings))


def change_override(change: str, entry_id: uuid.UUID):
    entry, override = national_entry_or_404(entry_id)
    column, value, message = CHANGES[change]
    if override is None:
        if not value:
            return _back(entry)  # nothing to undo
        override = EntryOverride(entry_id=entry.id, hidden=False, pinned=False, note=None)
        db.session.add(override)
    setattr(override, column, value)
    if _commit():
        flash(f"{message}: {entry.title}.", "success")
    return _back(entry)


def note_form(ws: Workspace, entry_id: uuid.UUID):
    entry, override = national_entry_or_404(entry_id)
    form = NoteForm(obj=override)
    status = 200
    if form.is_submitted():
        # A first note has no version yet: it is stale only if an override appeared meanwhile.
        stale = form.is_stale(override) if override is not None else bool(form.version.data)
        if stale:
            form = NoteForm(formdata=None, obj=override)
            form.form_errors.append(STALE_MESSAGE)
            status = 409
        elif not form.validate():
            status = 400
        else:
            if override is None:
                override = EntryOverride(entry_id=entry.id, hidden=False, pinned=False)
                db.session.add(override)
            override.note = form.note.data
            if _commit():
                flash(f"{'Local note saved' if override.note else 'Local note removed'}: {entry.title}.", "success")
                return _back(entry)
            form.form_errors.append(STALE_MESSAGE)
            status = 409
    return render_template("content/note_form.html", ws=ws, form=form, entry=entry,
                           listing=Listing(entry, override)), status


def _commit() -> bool:
    """Commit; when another admin's save got in first (a newer version, or the first override row
    made at the same moment), keep theirs and say so."""
    try:
        saved = commit_unless_stale()
    except IntegrityError:
        db.session.rollback()
        saved = False
    if not saved:
        flash(STALE_MESSAGE, "error")
    return saved


def _back(entry: Entry):
    return redirect(url_for(".national_entries", _anchor=f"entry-{entry.id}"))


def tenants_changing(entry_id: uuid.UUID):
    """Which partnerships hide, pin or annotate one national entry (the maintainer, across tenants)."""
    entry = staff.get_or_404(Entry, entry_id)
    with all_tenants():
        rows = db.session.execute(
            select(Tenant, EntryOverride)
            .join(EntryOverride, EntryOverride.tenant_id == Tenant.id)
            .where(EntryOverride.entry_id == entry.id,
                   or_(EntryOverride.hidden, EntryOverride.pinned, EntryOverride.note.is_not(None)))
            .order_by(Tenant.name)
        ).all()
    return render_template("content/entry_partnerships.html", entry=entry, rows=rows)
