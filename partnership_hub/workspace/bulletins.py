"""Bulletins and their sections: a partnership's own (admin) or the national ones (maintainer).

New bulletins start as drafts; residents see a bulletin once it is published and not deleted
(``Publishable.live``). Deleting is soft, so a deleted bulletin can be restored.
"""

from __future__ import annotations

import uuid

from flask import Blueprint, flash, g, redirect, render_template, request
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..content.views import status_of
from ..extensions import db
from ..models import DRAFT, PUBLISHED, Bulletin, BulletinSection, load_texts
from ..models.base import utcnow
from ..staff import ask_first
from . import editable_or_404, in_partnership, move_in_order, owner_tenant_id, save_form, ws_url
from .forms import BulletinForm, SectionForm


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/bulletins/", "bulletins", bulletin_list)
    bp.add_url_rule("/bulletins/new", "bulletin_new", bulletin_new, methods=["GET", "POST"])
    bp.add_url_rule("/bulletins/<uuid:bulletin_id>", "bulletin_edit", bulletin_edit, methods=["GET", "POST"])
    bp.add_url_rule("/bulletins/<uuid:bulletin_id>/preview", "bulletin_preview", bulletin_preview)
    for change in (publish, unpublish, delete, restore):
        bp.add_url_rule(f"/bulletins/<uuid:bulletin_id>/{change.__name__}", f"bulletin_{change.__name__}",
                        change, methods=["POST"])
    bp.add_url_rule("/bulletins/<uuid:bulletin_id>/sections/new", "section_new", section_new, methods=["GET", "POST"])
    bp.add_url_rule("/sections/<uuid:section_id>", "section_edit", section_edit, methods=["GET", "POST"])
    bp.add_url_rule("/sections/<uuid:section_id>/remove", "section_remove", section_remove, methods=["POST"])
    bp.add_url_rule("/sections/<uuid:section_id>/up", "section_up", section_up, methods=["POST"])
    bp.add_url_rule("/sections/<uuid:section_id>/down", "section_down", section_down, methods=["POST"])


def _bulletin_or_404(bulletin_id: uuid.UUID) -> Bulletin:
    return editable_or_404(Bulletin, bulletin_id, selectinload(Bulletin.sections))


def bulletin_list():
    bulletins = db.session.scalars(
        select(Bulletin).where(Bulletin.tenant_id == owner_tenant_id())  # None: IS NULL, the national ones
        .order_by(Bulletin.issued_on.desc().nulls_last(), Bulletin.title)
    ).all()
    current = [b for b in bulletins if b.deleted_at is None]
    deleted = [b for b in bulletins if b.deleted_at is not None]
    return render_template("staff/bulletins.html", bulletins=current, deleted=deleted)


def bulletin_new():
    bulletin = Bulletin(status=DRAFT, tenant_id=owner_tenant_id())
    form = BulletinForm()
    if save_form(form, bulletin, new=True):
        flash("Bulletin created as a draft: residents do not see it until you publish it.", "success")
        return redirect(ws_url("bulletin_edit", bulletin_id=bulletin.id))
    return render_template("staff/bulletin_edit.html", form=form, bulletin=None), 400 if form.errors else 200


def bulletin_edit(bulletin_id: uuid.UUID):
    bulletin = _bulletin_or_404(bulletin_id)
    form = BulletinForm(obj=bulletin)
    if save_form(form, bulletin):
        flash("Bulletin saved.", "success")
        return redirect(ws_url("bulletin_edit", bulletin_id=bulletin.id))
    return render_template("staff/bulletin_edit.html", form=form, bulletin=bulletin), 400 if form.errors else 200


def bulletin_preview(bulletin_id: uuid.UUID):
    """The bulletin as residents would see it, whatever its status, under a banner saying it is a preview."""
    bulletin = _bulletin_or_404(bulletin_id)
    load_texts([bulletin, *bulletin.sections], "en")
    context = {}
    if in_partnership():
        from ..public.routes import chrome_context

        # The partnership's real page chrome (colours, help box), in English.
        g.lang, g.easy_read = "en", request.args.get("easy") == "1"
        context = chrome_context() | {"preview_layout": "public/layout.html"}
    return render_template("staff/bulletin_preview.html", bulletin=bulletin, **context)


def _change(bulletin_id: uuid.UUID, change: str, message: str, **values):
    bulletin = editable_or_404(Bulletin, bulletin_id)
    # Only restoring applies to a deleted bulletin (publishing one would say it shows when it does not),
    # and only to a deleted one: a page opened before someone else's change may still offer the others.
    if (bulletin.deleted_at is not None) != (change == "restore"):
        flash(f"Nothing to {change}: “{bulletin.title}” is {status_of(bulletin)}.", "error")
        return redirect(ws_url("bulletin_edit", bulletin_id=bulletin.id))
    for key, value in values.items():
        setattr(bulletin, key, value)
    db.session.commit()
    flash(message, "success")
    return redirect(ws_url("bulletin_edit", bulletin_id=bulletin.id))


def publish(bulletin_id: uuid.UUID):
    return _change(bulletin_id, "publish", "Published: residents see this bulletin now.", status=PUBLISHED)


def unpublish(bulletin_id: uuid.UUID):
    return _change(bulletin_id, "unpublish", "Unpublished: residents no longer see this bulletin.", status=DRAFT)


def delete(bulletin_id: uuid.UUID):
    return _change(bulletin_id, "delete", "Deleted: residents no longer see this bulletin. You can restore it.",
                   deleted_at=utcnow())


def restore(bulletin_id: uuid.UUID):
    return _change(bulletin_id, "restore", "Restored.", deleted_at=None)


def section_new(bulletin_id: uuid.UUID):
    bulletin = _bulletin_or_404(bulletin_id)
    last = db.session.scalar(select(func.max(BulletinSection.position)).where(BulletinSection.bulletin_id == bulletin.id))
    section = BulletinSection(bulletin_id=bulletin.id, tenant_id=bulletin.tenant_id, position=(last or 0) + 1)
    form = SectionForm()
    if save_form(form, section, new=True):
        flash("Section added.", "success")
        return redirect(ws_url("bulletin_edit", bulletin_id=bulletin.id))
    return render_template("staff/section_edit.html", form=form, bulletin=bulletin, section=None), \
        400 if form.errors else 200


def _section_or_404(section_id: uuid.UUID) -> BulletinSection:
    return editable_or_404(BulletinSection, section_id)


def section_edit(section_id: uuid.UUID):
    section = _section_or_404(section_id)
    form = SectionForm(obj=section)
    if save_form(form, section):
        flash("Section saved.", "success")
        return redirect(ws_url("bulletin_edit", bulletin_id=section.bulletin_id))
    bulletin = _bulletin_or_404(section.bulletin_id)
    return render_template("staff/section_edit.html", form=form, bulletin=bulletin, section=section), \
        400 if form.errors else 200


def section_remove(section_id: uuid.UUID):
    section = _section_or_404(section_id)
    asked = ask_first(f"Remove the section “{section.heading}”?",
                      "The section and its translations are deleted. This cannot be undone.", "Yes, remove it",
                      ws_url("bulletin_edit", bulletin_id=section.bulletin_id))
    if asked:
        return asked
    db.session.delete(section)
    db.session.commit()
    flash(f"Section “{section.heading}” removed.", "success")
    return redirect(ws_url("bulletin_edit", bulletin_id=section.bulletin_id))


def _move(section_id: uuid.UUID, step: int):
    section = _section_or_404(section_id)
    bulletin = _bulletin_or_404(section.bulletin_id)
    if move_in_order(list(bulletin.sections), section, step):
        db.session.commit()
    return redirect(ws_url("bulletin_edit", bulletin_id=bulletin.id, _anchor=f"section-{section.id}"))


def section_up(section_id: uuid.UUID):
    return _move(section_id, -1)


def section_down(section_id: uuid.UUID):
    return _move(section_id, +1)
