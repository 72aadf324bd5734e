"""Staff sign-in and sign-out. Residents never sign in and never get a cookie."""

from flask import Blueprint, Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import select

from ..extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")


class StaffSessionInterface(SecureCookieSessionInterface):
    """Only staff carry a session cookie: a request without one (every resident's) gets an empty
    session without building the cookie's signer."""

    def open_session(self, app: Flask, request):
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = StaffSessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(session_token: str):
    from ..models import User

    return db.session.scalar(select(User).where(User.session_token == session_token, User.is_active.is_(True)))


from . import routes  # noqa: E402,F401
