"""Login limits (SECURITY.md AU3): failed attempts counted per account and per address, never successes.

Each attempt is a row (models.LoginFailure) in the app's own database, so every app process and every
app server counts the same attempts with nothing else to run, and a restart forgets none. An attempt is
written, and committed, **before** its password or code is checked: guesses sent in parallel (to one
process or to many) are each counted before any of them is checked, so no more than the limit are ever
checked. A successful attempt then takes its row back; a refused one too, so that being refused does
not prolong a lock. The limits are applied here by hand rather than by a route decorator, for two
reasons: only failures count, so an office full of staff signing in correctly is never slowed down;
and an account's count is keyed on the email typed, whether or not an account has it, so that being
locked out reveals nothing about which accounts exist.

The window moves: an account that reached its limit is refused, even with the right password, until its
oldest counted failure is older than the window, or until the national maintainer unlocks it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models.base import utcnow
from ..models.login_failure import ACCOUNT, ADDRESS, LoginFailure

ACCOUNT_LOCKED = (
    "Too many failed sign-in attempts for this account. It is locked for 15 minutes, "
    "or until the national maintainer unlocks it."
)
ADDRESS_BLOCKED = "Too many failed sign-in attempts from your network. Try again in 15 minutes."


def _since() -> datetime:
    return utcnow() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def _key(email: str) -> str:
    return email.strip().lower()


def _address() -> str:
    return request.remote_addr or "unknown"


def _failures(scope: str, key: str) -> int:
    return db.session.scalar(
        select(func.count()).where(LoginFailure.scope == scope, LoginFailure.key == key, LoginFailure.at > _since())
    )


class Attempt:
    """One sign-in attempt for ``email`` from this request's address, counted as it starts.

    ``refusal`` says why it is refused before anything is checked, if it is. Otherwise the caller checks
    the password or code and then calls :meth:`succeeded` or :meth:`failed`."""

    def __init__(self, email: str):
        self.email = _key(email)
        # Failures that left the window count for nothing: dropped here, so the table holds one window.
        db.session.execute(delete(LoginFailure).where(LoginFailure.at <= _since()))
        self.rows = [LoginFailure(scope=ACCOUNT, key=self.email), LoginFailure(scope=ADDRESS, key=_address())]
        db.session.add_all(self.rows)
        db.session.commit()
        self.refusal = None
        if _failures(ACCOUNT, self.email) > current_app.config["LOGIN_ACCOUNT_FAILURES"]:
            self.refusal = ACCOUNT_LOCKED
        elif _failures(ADDRESS, _address()) > current_app.config["LOGIN_ADDRESS_FAILURES"]:
            self.refusal = ADDRESS_BLOCKED
        if self.refusal:
            self._withdraw()

    def succeeded(self) -> None:
        self._withdraw()

    def failed(self) -> None:
        # %r: an email typed with CR/LF in it cannot forge log lines. Passwords are never logged.
        current_app.logger.warning("authn_login_fail email=%r address=%s", self.email, _address())
        if is_locked(self.email):
            current_app.logger.warning("authn_login_fail_max email=%r", self.email)

    def _withdraw(self) -> None:
        ids = [row.id for row in self.rows]
        db.session.execute(delete(LoginFailure).where(LoginFailure.id.in_(ids)))
        db.session.commit()


def is_locked(email: str) -> bool:
    return _failures(ACCOUNT, _key(email)) >= current_app.config["LOGIN_ACCOUNT_FAILURES"]


def locked(emails) -> set[str]:
    """Which of these accounts are locked, in one query (the maintainer's list of accounts)."""
    keys = {_key(email) for email in emails}
    rows = db.session.execute(
        select(LoginFailure.key)
        .where(LoginFailure.scope == ACCOUNT, LoginFailure.key.in_(keys), LoginFailure.at > _since())
        .group_by(LoginFailure.key)
        .having(func.count() >= current_app.config["LOGIN_ACCOUNT_FAILURES"])
    )
    return set(rows.scalars())


def unlock(email: str) -> None:
    """Forget the account's failures (the maintainer's Unlock); the caller commits."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.scope == ACCOUNT, LoginFailure.key == _key(email)))
