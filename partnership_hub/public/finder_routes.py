"""The "What's happened?" help finder: one question per server-rendered page, answers carried in the
URL (plain links, no cookies, no JavaScript), ending at the routes for that path.

/help-finder/                    what happened?
/help-finder/<slug>/             is anyone in danger right now?
/help-finder/<slug>/age?danger=  is the person affected under 18?
/help-finder/<slug>/routes?danger=&age=   where to go, in order
"""

from __future__ import annotations

from flask import g, render_template, request

from .. import finder
from ..finder import Age, Danger
from ..models import load_texts
from . import bp


@bp.get("/help-finder/")
def finder_start():
    situations = finder.situations()
    question = finder.question("situation")
    load_texts([*situations, question], g.lang)
    return render_template("public/finder_start.html", situations=situations, question=question)


@bp.get("/help-finder/<slug>/")
def finder_danger(slug: str):
    situation, _note = finder.situation_or_404(slug)
    return _ask_danger(situation)


@bp.get("/help-finder/<slug>/age")
def finder_age(slug: str):
    situation, _note = finder.situation_or_404(slug)
    danger = finder.parse(Danger, request.args.get("danger"))
    if danger is None:
        return _ask_danger(situation, invalid=True)
    return _ask_age(situation, danger)


@bp.get("/help-finder/<slug>/routes")
def finder_result(slug: str):
    situation, note = finder.situation_or_404(slug)
    danger = finder.parse(Danger, request.args.get("danger"))
    if danger is None:
        return _ask_danger(situation, invalid=True)
    age = finder.parse(Age, request.args.get("age"))
    if age is None:
        return _ask_age(situation, danger, invalid=True)
    routes = finder.routes(situation, age)
    listings = [r.listing for r in routes]
    load_texts([situation, note, *(r.route for r in routes), *(x.entry for x in listings),
                *(x.override for x in listings)], g.lang)
    return render_template("public/finder_result.html", situation=situation, note=note, routes=routes,
                           danger=danger, age=age, Danger=Danger)


def _ask_danger(situation, invalid: bool = False):
    """The danger question; after an answer the finder cannot read, the same page with a message."""
    question = finder.question("danger")
    load_texts([situation, question], g.lang)
    return render_template("public/finder_danger.html", situation=situation, question=question,
                           invalid=invalid, Danger=Danger), 400 if invalid else 200


def _ask_age(situation, danger: Danger, invalid: bool = False):
    question = finder.question("age")
    load_texts([situation, question], g.lang)
    return render_template("public/finder_age.html", situation=situation, question=question, danger=danger,
                           invalid=invalid, Danger=Danger, Age=Age), 400 if invalid else 200
