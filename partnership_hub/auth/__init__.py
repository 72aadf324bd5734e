"""Staff sign-in and sign-out. Residents never sign in and never get a cookie."""

from flask import Blueprint, Flask
from sqlalchemy import select

from ..extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_token: str):
    from ..models import User

    return db.session.scalar(select(User).where(User.session_token == session_token, User.is_active.is_(True)))


from . import routes  # noqa: E402,F401
