"""A partnership's admins add to the help finder: their own routes for any situation (to their local
entries or to national ones) and their own words on a situation. National situations and routes are
shown but only the maintainer edits them. Runs in the partnership's scope (staff.enter_partnership)."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..finder_forms import NoteForm, remove_route, save, situation_routes, submit_route
from ..models import Entry, FinderNote, FinderRoute, FinderSituation
from ..models.finder import EVERYONE
from ..staff import get_local_or_404, get_or_404
from . import bp



@bp.get("/help-finder/")
def finder():
    situations = db.session.scalars(
        select(FinderSituation).where(FinderSituation.deleted_at.is_(None))
        .order_by(FinderSituation.position, FinderSituation.label)
    ).all()
    return render_template("admin/finder.html", situations=situations)


@bp.route("/help-finder/situations/<uuid:situation_id>", methods=["GET", "POST"])
def finder_situation(situation_id: uuid.UUID):
    """The situation's routes, and the partnership's note on it (saved here; empty removes it)."""
    situation = get_or_404(FinderSituation, situation_id)
    note = db.session.scalar(select(FinderNote).where(FinderNote.situation_id == situation.id)) or FinderNote(
        situation_id=situation.id, body="")
    form = NoteForm(obj=note)
    if form.validate_on_submit():
        if not (form.body.data or "").strip():
            if note.id is not None:
                db.session.delete(note)
                db.session.commit()
            flash("Your note has been removed.", "success")
            return redirect(url_for(".finder_situation", situation_id=situation.id))
        if note.id is None:
            db.session.add(note)
        if save(form, note, ("body", "easy_read")):
            flash("Your note has been saved.", "success")
            return redirect(url_for(".finder_situation", situation_id=situation.id))
    return render_template("admin/finder_situation.html", situation=situation, routes=situation_routes(situation),
                           form=form), 400 if form.errors else 200


@bp.route("/help-finder/situations/<uuid:situation_id>/routes/new", methods=["GET", "POST"])
@bp.route("/help-finder/routes/<uuid:route_id>", methods=["GET", "POST"])
def finder_route(situation_id: uuid.UUID | None = None, route_id: uuid.UUID | None = None):
    if route_id:
        route = get_local_or_404(FinderRoute, route_id)
        situation = get_or_404(FinderSituation, route.situation_id)
    else:
        situation = get_or_404(FinderSituation, situation_id)
        route = FinderRoute(situation_id=situation.id, audience=EVERYONE, position=0)
    # The partnership's own entries first, then the national ones.
    form, saved = submit_route(route, db.session.scalars(
        select(Entry).where(Entry.deleted_at.is_(None)).order_by(Entry.tenant_id.is_(None), Entry.title)
    ))
    if saved:
        return redirect(url_for(".finder_situation", situation_id=situation.id))
    return render_template("admin/finder_route.html", situation=situation, route=route, form=form), 400 if form.errors else 200


@bp.post("/help-finder/routes/<uuid:route_id>/delete")
def finder_route_delete(route_id: uuid.UUID):
    return remove_route(get_local_or_404(FinderRoute, route_id))
