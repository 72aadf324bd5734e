"""The maintainer edits the national help finder: the questions' wording, the situations, and each
situation's national routes to national entries. Runs in the national scope, so only national rows
are read or written here."""

from __future__ import annotations

import uuid

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..finder_forms import QuestionForm, SituationForm, remove_route, save, situation_routes, submit_route
from ..models import DRAFT, PUBLISHED, Entry, FinderQuestion, FinderRoute, FinderSituation
from ..models.finder import EVERYONE
from ..staff import get_or_404
from . import bp

SITUATION_FIELDS = ("label", "slug", "hint", "easy_read", "position")


@bp.get("/help-finder/")
def finder():
    questions = db.session.scalars(select(FinderQuestion).order_by(FinderQuestion.key)).all()
    situations = db.session.scalars(
        select(FinderSituation).where(FinderSituation.deleted_at.is_(None))
        .order_by(FinderSituation.position, FinderSituation.label)
    ).all()
    return render_template("national/finder.html", questions=questions, situations=situations)


@bp.route("/help-finder/questions/<uuid:question_id>", methods=["GET", "POST"])
def finder_question(question_id: uuid.UUID):
    question = get_or_404(FinderQuestion, question_id)
    form = QuestionForm(obj=question)
    if form.validate_on_submit() and save(form, question, ("question", "hint", "easy_read")):
        flash("Question saved.", "success")
        return redirect(url_for(".finder"))
    return render_template("national/finder_question.html", question=question, form=form), 400 if form.errors else 200


@bp.route("/help-finder/situations/new", methods=["GET", "POST"])
@bp.route("/help-finder/situations/<uuid:situation_id>", methods=["GET", "POST"])
def finder_situation(situation_id: uuid.UUID | None = None):
    situation = get_or_404(FinderSituation, situation_id) if situation_id else FinderSituation(position=0)
    form = SituationForm(obj=situation, published=situation.status != DRAFT)
    if form.validate_on_submit() and _slug_is_free(form, situation):
        if situation.id is None:
            db.session.add(situation)
        status = PUBLISHED if form.published.data else DRAFT
        if save(form, situation, SITUATION_FIELDS, status=status):
            flash("Situation saved.", "success")
            return redirect(url_for(".finder_situation", situation_id=situation.id))
    routes = situation_routes(situation) if situation.id else []
    return render_template("national/finder_situation.html", situation=situation, form=form, routes=routes), \
        400 if form.errors else 200


@bp.route("/help-finder/situations/<uuid:situation_id>/routes/new", methods=["GET", "POST"])
@bp.route("/help-finder/routes/<uuid:route_id>", methods=["GET", "POST"])
def finder_route(situation_id: uuid.UUID | None = None, route_id: uuid.UUID | None = None):
    if route_id:
        route = get_or_404(FinderRoute, route_id)
        situation = get_or_404(FinderSituation, route.situation_id)
    else:
        situation = get_or_404(FinderSituation, situation_id)
        route = FinderRoute(situation_id=situation.id, audience=EVERYONE, position=0)
    form, saved = submit_route(route, db.session.scalars(
        select(Entry).where(Entry.deleted_at.is_(None)).order_by(Entry.title)
    ))
    if saved:
        return redirect(url_for(".finder_situation", situation_id=situation.id))
    return render_template("national/finder_route.html", situation=situation, route=route, form=form), \
        400 if form.errors else 200


@bp.post("/help-finder/routes/<uuid:route_id>/delete")
def finder_route_delete(route_id: uuid.UUID):
    return remove_route(get_or_404(FinderRoute, route_id))


def _slug_is_free(form: SituationForm, situation: FinderSituation) -> bool:
    same_slug = select(FinderSituation.id).where(FinderSituation.slug == form.slug.data.strip())
    if situation.id is not None:
        same_slug = same_slug.where(FinderSituation.id != situation.id)
    taken = db.session.scalar(same_slug)
    if taken:
        form.slug.errors.append("Another situation already uses this web address part")
    return not taken
