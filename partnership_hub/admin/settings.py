"""A partnership's settings: its name, logo text and colour, languages, and the phone lines shown in
the help box on every page. (The welcome and emergency texts are on the shared page-texts pages.)"""

from __future__ import annotations

import uuid

from flask import flash, g, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..formatting import display_phone
from ..models import ContactLine
from ..staff import ask_first
from ..workspace import apply_form, editable_or_404, move_in_order, save_form
from ..workspace.forms import ContactLineForm, SettingsForm
from . import bp


def _apply_settings(form: SettingsForm, tenant) -> None:
    apply_form(form, tenant)
    tenant.languages = form.offered_languages()  # a new list, so that the JSON column is seen to change


def _lines() -> list[ContactLine]:
    return list(db.session.scalars(select(ContactLine).order_by(ContactLine.position, ContactLine.label)))


@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = SettingsForm(obj=g.tenant)
    if save_form(form, g.tenant, apply=_apply_settings):
        flash("Settings saved: your pages show them now.", "success")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", form=form, lines=_lines()), 400 if form.errors else 200


@bp.route("/settings/lines/new", methods=["GET", "POST"])
def line_new():
    last = max((line.position for line in _lines()), default=0)
    line = ContactLine(position=last + 1)
    form = ContactLineForm()
    if save_form(form, line, new=True):
        flash(f"Added {line.label}.", "success")
        return redirect(url_for("admin.settings", _anchor="lines"))
    return render_template("admin/line_edit.html", form=form, line=None), 400 if form.errors else 200


@bp.route("/settings/lines/<uuid:line_id>", methods=["GET", "POST"])
def line_edit(line_id: uuid.UUID):
    line = editable_or_404(ContactLine, line_id)
    form = ContactLineForm(obj=line)
    if not form.is_submitted():
        form.phone.data = display_phone(line.phone)  # as staff write it, not the stored +44 form
    if save_form(form, line):
        flash(f"Saved {line.label}.", "success")
        return redirect(url_for("admin.settings", _anchor="lines"))
    return render_template("admin/line_edit.html", form=form, line=line), 400 if form.errors else 200


@bp.post("/settings/lines/<uuid:line_id>/remove")
def line_remove(line_id: uuid.UUID):
    line = editable_or_404(ContactLine, line_id)
    asked = ask_first(f"Remove {line.label}?",
                      "Every page of your site stops showing this line at once, in every language. This cannot be "
                      "undone: you would have to add it again.", "Yes, remove it", url_for("admin.settings", _anchor="lines"))
    if asked:
        return asked
    db.session.delete(line)
    db.session.commit()
    flash(f"Removed {line.label}.", "success")
    return redirect(url_for("admin.settings", _anchor="lines"))


def _move(line_id: uuid.UUID, step: int):
    line = editable_or_404(ContactLine, line_id)
    if move_in_order(_lines(), line, step):
        db.session.commit()
    return redirect(url_for("admin.settings", _anchor="lines"))


@bp.post("/settings/lines/<uuid:line_id>/up")
def line_up(line_id: uuid.UUID):
    return _move(line_id, -1)


@bp.post("/settings/lines/<uuid:line_id>/down")
def line_down(line_id: uuid.UUID):
    return _move(line_id, +1)
