"""The maintainer's staff pages: every account, invitations, partnerships, disabling, unlocking, and
password-reset links. Links are shown once, to the maintainer, to send on (the platform sends no mail)."""

from __future__ import annotations

import uuid
from collections import defaultdict

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from ..accounts import invite_account, issue_link, set_active, set_partnerships
from ..auth import throttle
from ..extensions import db
from ..models import ADMIN, Membership, Tenant, User
from ..models.user import INVITATION, RESET
from ..staff import ask_first
from ..tenancy import all_tenants
from .. import two_factor
from . import bp
from .account_forms import InviteForm, MembershipsForm


def get_account_or_404(user_id: uuid.UUID) -> User:
    user = db.session.scalar(select(User).where(User.id == user_id))
    if user is None:
        abort(404)
    return user


def partnership_names() -> dict[uuid.UUID, list[str]]:
    """Each account's partnerships, in one cross-tenant query."""
    names = defaultdict(list)
    with all_tenants():
        rows = db.session.execute(
            select(Membership.user_id, Tenant.name).join(Tenant, Tenant.id == Membership.tenant_id).order_by(Tenant.name)
        )
        for user_id, name in rows:
            names[user_id].append(name)
    return names


def _tenants(ids: list[str]) -> list[Tenant]:
    with all_tenants():
        return list(db.session.scalars(select(Tenant).where(Tenant.id.in_([uuid.UUID(i) for i in ids]))))


def _link_page(user: User, purpose: str, token: str):
    return render_template("national/link_issued.html", user=user, invitation=purpose == INVITATION,
                           link=url_for("auth.set_password", token=token, _external=True))


@bp.get("/staff/")
def accounts():
    users = db.session.scalars(select(User).order_by(User.role.desc(), User.email)).all()
    return render_template("national/accounts.html", users=users, partnerships=partnership_names(),
                           locked=throttle.locked(u.email for u in users))


@bp.route("/staff/invite", methods=["GET", "POST"])
def account_invite():
    form = InviteForm()
    if form.validate_on_submit():
        tenants = _tenants(form.partnerships.data) if form.role.data == ADMIN else []
        user, token = invite_account(form.email.data, form.role.data, tenants)
        return _link_page(user, INVITATION, token)
    return render_template("national/account_invite.html", form=form), 400 if form.errors else 200


@bp.route("/staff/<uuid:user_id>/", methods=["GET", "POST"])
def account(user_id: uuid.UUID):
    user = get_account_or_404(user_id)
    form = MembershipsForm()
    if user.role == ADMIN and form.validate_on_submit():
        with all_tenants():
            set_partnerships(user, _tenants(form.partnerships.data))
            db.session.commit()
        flash(f"{user.email}'s partnerships are saved.")
        return redirect(url_for("national.account", user_id=user.id))
    if not form.is_submitted():
        form.partnerships.data = [str(t) for t in _membership_ids(user)]
    return render_template("national/account.html", user=user, form=form, locked=throttle.is_locked(user.email),
                           partnerships=partnership_names().get(user.id, [])), 400 if form.errors else 200


def _membership_ids(user: User) -> list[uuid.UUID]:
    with all_tenants():
        return list(db.session.scalars(select(Membership.tenant_id).where(Membership.user_id == user.id)))


def _set_account_active(user_id: uuid.UUID, active: bool):
    user = get_account_or_404(user_id)
    if not active and user.id == current_user.id:
        flash("You cannot disable your own account.", "error")
    else:
        set_active(user, active)
        flash(f"{user.email} is enabled again." if active else f"{user.email} is disabled and has been signed out everywhere.")
    return redirect(url_for("national.account", user_id=user.id))


@bp.post("/staff/<uuid:user_id>/disable")
def account_disable(user_id: uuid.UUID):
    user = get_account_or_404(user_id)
    asked = ask_first(f"Disable {user.email}?",
                      "They will be signed out everywhere at once and cannot sign in until you enable the account "
                      "again.", "Yes, disable the account", url_for("national.account", user_id=user.id))
    return asked or _set_account_active(user_id, False)


@bp.post("/staff/<uuid:user_id>/enable")
def account_enable(user_id: uuid.UUID):
    return _set_account_active(user_id, True)


@bp.post("/staff/<uuid:user_id>/unlock")
def account_unlock(user_id: uuid.UUID):
    user = get_account_or_404(user_id)
    throttle.unlock(user.email)
    db.session.commit()
    flash(f"{user.email} is unlocked: they can sign in again.")
    return redirect(url_for("national.account", user_id=user.id))


@bp.post("/staff/<uuid:user_id>/reset-link")
def account_reset_link(user_id: uuid.UUID):
    user = get_account_or_404(user_id)
    if not user.is_active:
        flash("Enable the account before sending it a link.", "error")
        return redirect(url_for("national.account", user_id=user.id))
    # An account that never set a password gets a fresh invitation rather than a reset.
    purpose = INVITATION if user.password_hash is None else RESET
    token = issue_link(user, purpose)
    db.session.commit()
    return _link_page(user, purpose, token)


@bp.post("/staff/<uuid:user_id>/two-factor-off")
def account_two_factor_off(user_id: uuid.UUID):
    """For someone who lost both their phone and their recovery codes; a maintainer re-enrols at sign-in."""
    user = get_account_or_404(user_id)
    two_factor.disable(user)
    user.rotate_session_token()
    db.session.commit()
    flash(f"Two-factor authentication is off for {user.email}, who has been signed out everywhere.")
    return redirect(url_for("national.account", user_id=user.id))
