"""A partnership's admins add to the help finder: their own routes for any situation (to their local
entries or to national ones) and their own words on a situation. National situations and routes are
shown but only the maintainer edits them. Runs in the partnership's scope (staff.enter_partnership)."""

from __future__ import annotations

import uuid

from flask import flash, g, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..finder_forms import NoteForm, RouteForm, entry_choices, save
from ..models import Entry, FinderNote, FinderRoute, FinderSituation
from ..models.finder import EVERYONE
from ..staff import get_local_or_404, get_or_404
from . import bp

ROUTE_FIELDS = ("entry_id", "audience", "advice", "easy_read", "position")


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
    routes = db.session.execute(
        select(FinderRoute, Entry).join(Entry, Entry.id == FinderRoute.entry_id)
        .where(FinderRoute.situation_id == situation.id)
        .order_by(FinderRoute.tenant_id.is_not(None), FinderRoute.position, Entry.title)
    ).all()
    return render_template("admin/finder_situation.html", situation=situation, routes=routes, form=form)


@bp.route("/help-finder/situations/<uuid:situation_id>/routes/new", methods=["GET", "POST"])
@bp.route("/help-finder/routes/<uuid:route_id>", methods=["GET", "POST"])
def finder_route(situation_id: uuid.UUID | None = None, route_id: uuid.UUID | None = None):
    if route_id:
        route = get_local_or_404(FinderRoute, route_id)
        situation = get_or_404(FinderSituation, route.situation_id)
    else:
        situation = get_or_404(FinderSituation, situation_id)
        route = FinderRoute(situation_id=situation.id, audience=EVERYONE, position=0)
    form = RouteForm(obj=route)
    # The partnership's own entries first, then the national ones.
    form.entry_id.choices = entry_choices(db.session.scalars(
        select(Entry).where(Entry.deleted_at.is_(None)).order_by(Entry.tenant_id.is_(None), Entry.title)
    ))
    if form.validate_on_submit():
        if route.id is None:
            db.session.add(route)
        if save(form, route, ROUTE_FIELDS):
            flash("Route saved.", "success")
            return redirect(url_for(".finder_situation", situation_id=situation.id))
    return render_template("admin/finder_route.html", situation=situation, route=route, form=form)


@bp.post("/help-finder/routes/<uuid:route_id>/delete")
def finder_route_delete(route_id: uuid.UUID):
    route = get_local_or_404(FinderRoute, route_id)
    situation_id = route.situation_id
    db.session.delete(route)
    db.session.commit()
    flash("Route removed.", "success")
    return redirect(url_for(".finder_situation", situation_id=situation_id))
