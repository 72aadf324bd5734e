"""Sign-in attempts that failed (or are being checked), kept for the login limits' window (auth/throttle.py) and no longer.

In the database rather than in a process's memory, so that every app process (and every app server)
counts the same failures, and a restart forgets none of them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import HasId, utcnow

ACCOUNT = "account"  # keyed on the email typed, whether or not an account has it
ADDRESS = "address"  # keyed on the client's network address


class LoginFailure(HasId, db.Model):
    __tablename__ = "login_failure"
    # Counting one key's attempts in the window; dropping everyone's that left it.
    __table_args__ = (Index("ix_login_failure_scope_key_at", "scope", "key", "at"), Index("ix_login_failure_at", "at"))

    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(320))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
