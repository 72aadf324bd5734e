"""Sign in (password, then a one-time code where two-factor is on), sign out everywhere, set a password
from an invitation or reset link, change one's own password, and enrol in two-factor authentication."""

from __future__ import annotations

import time
import uuid
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from .. import two_factor
from ..accounts import PasswordRejected, check_password_rules, link_for, partnerships_of, set_password_by_link
from ..extensions import db
from ..models import User
from ..models.user import INVITATION, check_unknown_password
from . import bp, throttle
from .forms import ChangePasswordForm, CodeForm, ConfirmPasswordForm, EnrolForm, LoginForm, NewPasswordForm

#: How long the second step may take after the password step, in seconds.
SECOND_STEP_SECONDS = 5 * 60
_PENDING = "pending_sign_in"


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no backslash tricks (//evil, /\\evil)."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _status(form) -> int:
    return 200 if request.method == "GET" or not form.errors else 400


@bp.before_request
def _enrol_first():
    # The maintainer's two-factor is not optional: until it is on, enrolment is the only page.
    if (
        current_user.is_authenticated
        and current_user.needs_two_factor_enrolment
        and request.endpoint not in ("auth.two_factor_setup", "auth.logout")
    ):
        return redirect(url_for("auth.two_factor_setup"))
    return None


def _complete_sign_in(user: User, target: str | None):
    # A fresh session at sign-in: nothing from before (a planted cookie, the pending step) carries over.
    session.clear()
    user.rotate_session_token()
    db.session.commit()
    session.permanent = True
    login_user(user)
    return redirect(safe_next(target) or url_for("auth.account"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        attempt = throttle.Attempt(email)
        if attempt.refusal:
            form.password.errors = [attempt.refusal]
            return render_template("auth/login.html", form=form), 429
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            check_unknown_password(form.password.data)
        elif user.is_active and user.check_password(form.password.data):
            attempt.succeeded()
            if not user.has_two_factor:
                return _complete_sign_in(user, request.args.get("next"))
            # The password alone signs nobody in: the pending step lives in the cookie, for minutes.
            session.clear()
            session[_PENDING] = {"user": str(user.id), "at": int(time.time()), "next": request.args.get("next")}
            return redirect(url_for("auth.login_code"))
        attempt.failed()
        # One message for every failure, so the form does not reveal which accounts exist.
        form.password.errors = [gettext("The email address or password is not right.")]
    return render_template("auth/login.html", form=form), _status(form)


def _pending_user() -> User | None:
    pending = session.get(_PENDING)
    if not pending or time.time() - pending["at"] > SECOND_STEP_SECONDS:
        return None
    return db.session.scalar(
        select(User).where(User.id == uuid.UUID(pending["user"]), User.is_active.is_(True))
    )


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    user = _pending_user()
    if user is None:
        session.pop(_PENDING, None)
        flash("Sign in again: the time for the code ran out.")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        attempt = throttle.Attempt(user.email)
        if attempt.refusal:
            session.pop(_PENDING, None)
            form.code.errors = [attempt.refusal]
            return render_template("auth/login_code.html", form=form), 429
        if two_factor.verify(user, form.code.data):
            attempt.succeeded()
            return _complete_sign_in(user, session[_PENDING].get("next"))
        attempt.failed()
        form.code.errors = ["That code is not right, or it has been used already. Enter the newest code."]
    return render_template("auth/login_code.html", form=form), _status(form)


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html", partnerships=partnerships_of(current_user))


@bp.post("/logout")
@login_required
def logout():
    current_user.rotate_session_token()
    db.session.commit()
    logout_user()
    session.clear()
    flash(gettext("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """The page an invitation or reset link opens: choose a password, once."""
    link = link_for(token)
    if link is None:
        return render_template("auth/link_dead.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_by_link(link, form.password.data)
        except PasswordRejected as rejected:
            form.password.errors = [str(rejected)]
        else:
            flash("Your password is set. Sign in with it now.")
            return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, invitation=link.purpose == INVITATION,
                           email=link.user.email), _status(form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors = ["Your current password is not right."]
        else:
            try:
                check_password_rules(current_user.email, form.password.data)
            except PasswordRejected as rejected:
                form.password.errors = [str(rejected)]
            else:
                # A new password signs every other copy of the session out; this one stays signed in.
                current_user.set_password(form.password.data)
                db.session.commit()
                login_user(current_user)
                flash("Your password has been changed. You have been signed out everywhere else.")
                return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), _status(form)


@bp.route("/two-factor", methods=["GET", "POST"])
@login_required
def two_factor_setup():
    """Enrolment: scan the QR code (or type the secret), then prove it with a code from the app."""
    if current_user.has_two_factor:
        return redirect(url_for("auth.two_factor_manage"))
    form = EnrolForm()
    if form.validate_on_submit() and two_factor.is_secret(form.secret.data):
        codes = two_factor.enable(current_user, form.secret.data, form.code.data)
        if codes is not None:
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes, enrolled=True)
        form.code.errors = ["That code is not right. Check the app was set up with this page's code, then try again."]
    if not two_factor.is_secret(form.secret.data):
        form.secret.data = two_factor.new_secret()
    uri = two_factor.provisioning_uri(current_user.email, form.secret.data)
    return render_template("auth/two_factor_setup.html", form=form, qr=two_factor.qr_code_svg(uri)), _status(form)


@bp.route("/two-factor/manage", methods=["GET", "POST"])
@login_required
def two_factor_manage():
    """New recovery codes, or (for partnership admins only) turning two-factor off: both need the password."""
    if not current_user.has_two_factor:
        return redirect(url_for("auth.two_factor_setup"))
    form = ConfirmPasswordForm()
    action = request.form.get("action")
    if form.validate_on_submit():
        if action not in ("recovery_codes", "turn_off") or action == "turn_off" and current_user.is_maintainer:
            abort(400)
        if not current_user.check_password(form.current.data):
            form.current.errors = ["Your current password is not right."]
        elif action == "recovery_codes":
            codes = two_factor.replace_recovery_codes(current_user)
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes, enrolled=False)
        else:
            two_factor.disable(current_user)
            db.session.commit()
            flash("Two-factor authentication is off. You sign in with your password alone.")
            return redirect(url_for("auth.account"))
    return render_template("auth/two_factor_manage.html", form=form,
                           remaining=len(current_user.recovery_code_hashes)), _status(form)
