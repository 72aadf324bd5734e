"""Login limits (SECURITY.md AU3): failed attempts counted per account and per address, never successes.

The ``limits`` library (what Flask-Limiter is built on, without its per-request hooks) keeps the counts
in its storage: memory by default; Redis when REDIS_URL is set, which several app servers need so that
they share one count. The limits are applied here by hand rather than
by a route decorator, for two reasons: only failures count, so an office full of staff signing in
correctly is never slowed down; and an account's count is keyed on the email typed, whether or not an
account has it, so that being locked out reveals nothing about which accounts exist.

An account that reached its limit is refused even with the right password until the window has passed
or the national maintainer unlocks it (moving window: the oldest failure has to be 15 minutes old).
"""

from __future__ import annotations

from flask import Flask, current_app, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

ACCOUNT_LOCKED = (
    "Too many failed sign-in attempts for this account. It is locked for 15 minutes, "
    "or until the national maintainer unlocks it."
)
ADDRESS_BLOCKED = "Too many failed sign-in attempts from your network. Try again in 15 minutes."


def init_app(app: Flask) -> None:
    app.extensions["login_limits"] = MovingWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]))


def _limiter() -> MovingWindowRateLimiter:
    return current_app.extensions["login_limits"]


def _account_limit():
    return parse(current_app.config["LOGIN_ACCOUNT_LIMIT"]), "login-account"


def _address_limit():
    return parse(current_app.config["LOGIN_ADDRESS_LIMIT"]), "login-address"


def _key(email: str) -> str:
    return email.strip().lower()


def refusal(email: str) -> str | None:
    """Why a sign-in attempt for this email from this address is refused before it is checked, if it is."""
    if is_locked(email):
        return ACCOUNT_LOCKED
    limit, scope = _address_limit()
    if not _limiter().test(limit, scope, request.remote_addr or "unknown"):
        return ADDRESS_BLOCKED
    return None


def record_failure(email: str) -> None:
    # %r: an email typed with CR/LF in it cannot forge log lines. Passwords are never logged.
    current_app.logger.warning("authn_login_fail email=%r address=%s", _key(email), request.remote_addr)
    limit, scope = _account_limit()
    _limiter().hit(limit, scope, _key(email))
    if is_locked(email):
        current_app.logger.warning("authn_login_fail_max email=%r", _key(email))
    limit, scope = _address_limit()
    _limiter().hit(limit, scope, request.remote_addr or "unknown")


def is_locked(email: str) -> bool:
    limit, scope = _account_limit()
    return not _limiter().test(limit, scope, _key(email))


def unlock(email: str) -> None:
    limit, scope = _account_limit()
    _limiter().clear(limit, scope, _key(email))
