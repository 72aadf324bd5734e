"""The maintainer's partnerships (tenants): list them, create one, disable and re-enable.

A disabled partnership's resident site and admin workspace answer 404 (tenancy and staff.py look up
active partnerships only); its content and accounts stay, ready for re-enabling.
"""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..i18n import SUPPORTED_LOCALES
from ..models import Tenant
from ..staff import ask_first
from ..tenancy import all_tenants
from . import bp
from .account_forms import PartnershipForm


def get_partnership_or_404(partnership_id: uuid.UUID) -> Tenant:
    tenant = db.session.scalar(select(Tenant).where(Tenant.id == partnership_id))
    if tenant is None:
        abort(404)
    return tenant


@bp.get("/partnerships/")
def partnerships():
    with all_tenants():
        tenants = db.session.scalars(select(Tenant).order_by(Tenant.name)).all()
    return render_template("national/partnerships.html", tenants=tenants)


@bp.route("/partnerships/new", methods=["GET", "POST"])
def partnership_new():
    form = PartnershipForm()
    if form.validate_on_submit():
        tenant = Tenant(slug=form.slug.data, name=form.name.data.strip(), logo_text=form.name.data.strip()[:60],
                        languages=[code for code in SUPPORTED_LOCALES if code in form.languages.data],
                        default_language=form.default_language.data)
        # The new partnership's history is its own: writing it is cross-tenant work.
        with all_tenants():
            db.session.add(tenant)
            db.session.commit()
        flash(f"Partnership “{tenant.name}” created. Its site is at /{tenant.slug}/. Invite its admins next.")
        return redirect(url_for("national.partnerships"))
    return render_template("national/partnership_new.html", form=form), 400 if form.errors else 200


def _set_active(partnership_id: uuid.UUID, active: bool):
    tenant = get_partnership_or_404(partnership_id)
    tenant.is_active = active
    with all_tenants():
        db.session.commit()
    flash(f"“{tenant.name}” is {'enabled: its site and workspace are open again' if active else 'disabled: its site and workspace are closed'}.")
    return redirect(url_for("national.partnerships"))


@bp.post("/partnerships/<uuid:partnership_id>/disable")
def partnership_disable(partnership_id: uuid.UUID):
    tenant = get_partnership_or_404(partnership_id)
    asked = ask_first(f"Disable {tenant.name}?",
                      "Its site, its open data and its workspace will answer ‘page not found’ at once, for residents "
                      "and admins alike, until you enable it again. Nothing is deleted.",
                      f"Yes, disable {tenant.name}", url_for("national.partnerships"))
    return asked or _set_active(partnership_id, False)


@bp.post("/partnerships/<uuid:partnership_id>/enable")
def partnership_enable(partnership_id: uuid.UUID):
    return _set_active(partnership_id, True)
