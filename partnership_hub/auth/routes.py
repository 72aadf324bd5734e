"""Sign in with email and password; sign out everywhere the cookie was copied to."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..accounts import partnerships_of
from ..extensions import db
from ..models import User
from ..models.user import check_unknown_password
from . import bp
from .forms import LoginForm


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no backslash tricks (//evil, /\\evil)."""
    if not target or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _after_login() -> str:
    return safe_next(request.args.get("next")) or url_for("auth.account")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data.strip().lower()))
        if user is None:
            check_unknown_password(form.password.data)
        elif user.is_active and user.check_password(form.password.data):
            # A fresh session at sign-in: nothing from before (a planted cookie) carries over.
            session.clear()
            user.rotate_session_token()
            db.session.commit()
            session.permanent = True
            login_user(user)
            return redirect(_after_login())
        # One message for every failure, so the form does not reveal which accounts exist.
        form.password.errors = [gettext("The email address or password is not right.")]
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" or not form.errors else 400


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
