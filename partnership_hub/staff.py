"""What the two staff workspaces share: who may come in, loading what they edit, and saving it safely.

Access is decided once per request, in each workspace's ``before_request`` (see admin/ and national/),
never in individual views: a route added later is guarded without anyone remembering to.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from .extensions import db
from .tenancy import enter_tenant


def require_sign_in():
    """Anonymous visitors go to the sign-in page and come back here afterwards; a maintainer without
    two-factor authentication goes to set it up first."""
    if not current_user.is_authenticated:
        target = request.path + ("?" + urlencode(request.args) if request.args else "")
        return redirect(url_for("auth.login", next=target))
    if current_user.needs_two_factor_enrolment:
        return redirect(url_for("auth.two_factor_setup"))
    return None


def enter_partnership(slug: str):
    """Put the request in the partnership's scope if the signed-in person may manage it, else 404.

    404 rather than 403, so that an admin cannot even learn which other partnerships exist.
    """
    from .models import Membership, Tenant

    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug, Tenant.is_active.is_(True)))
    if tenant is None:
        abort(404)
    enter_tenant(tenant)
    if not current_user.is_maintainer:
        member = db.session.scalar(select(Membership.id).where(Membership.user_id == current_user.id))
        if member is None:
            abort(404)
    g.tenant = tenant
    return tenant


def get_or_404(model, object_id: uuid.UUID):
    """An object the current scope can see (a tenant's own rows and national ones), else 404."""
    obj = db.session.scalar(select(model).where(model.id == object_id))
    if obj is None:
        abort(404)
    return obj


def get_local_or_404(model, object_id: uuid.UUID):
    """An object the partnership owns: national rows are visible to it but only the maintainer edits them."""
    obj = get_or_404(model, object_id)
    if obj.tenant_id is None or obj.tenant_id != g.tenant.id:
        abort(404)
    return obj


class VersionedForm(FlaskForm):
    """A form that edits a Versioned object: it carries the version the editor started from."""

    version = HiddenField()

    def is_stale(self, obj) -> bool:
        """True when someone else saved the object after this form was loaded."""
        try:
            return int(self.version.data) != obj.version
        except (TypeError, ValueError):
            return True


def commit_unless_stale() -> bool:
    """Commit; False (and nothing saved) when a concurrent save slipped in between load and flush."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


STALE_MESSAGE = (
    "Someone else saved this while you were editing it. Your changes have not been saved: "
    "the form below shows their version. Make your changes again, then save."
)


def ask_first(question: str, consequence: str, confirm_label: str, back_url: str):
    """For an action that cannot be undone, or that takes a site offline: the page that asks, unless the
    request is the answer to it (``confirm=yes``), in which case None and the action goes ahead. The
    question is a page of its own rather than a script's dialog, so it works without JavaScript and
    reads the same to a screen reader."""
    if request.form.get("confirm") == "yes":
        return None
    return render_template("staff/confirm.html", question=question, consequence=consequence,
                           confirm_label=confirm_label, action=request.script_root + request.path,
                           back_url=back_url)
