"""Staff accounts: partnership admins (members of one or more partnerships) and national maintainers."""

from __future__ import annotations

import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .audit import Audited
from ..tenancy import TenantOwned
from .base import HasId, Timestamps, utcnow

# argon2id with argon2-cffi's defaults (t=3, m=64 MiB, p=4): above OWASP's minimum (m=19 MiB, t=2, p=1).
HASHER = PasswordHasher()
# Verified against when the account does not exist, so that both failures take the same time.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))

MAINTAINER = "maintainer"
ADMIN = "admin"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(HasId, Timestamps, Audited, db.Model):
    __tablename__ = "staff_user"
    # A rotated session token or a used code is not a change anyone needs to see. A new password and
    # two-factor turned on or off are (security events), but without the secrets themselves.
    audit_exclude = Audited.audit_exclude | {"session_token", "totp_last_step", "recovery_code_hashes"}
    audit_secret = frozenset({"password_hash", "totp_secret"})

    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default=ADMIN)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the session cookie carries instead of the user's id. Changing it (at login, logout, password
    # change or disabling) makes every cookie issued before worthless, although the cookie is stateless.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    # Two-factor authentication (see two_factor.py): the TOTP secret once confirmed, the last time step
    # a code was accepted for (so that no code works twice), and the unused recovery codes' hashes.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    recovery_code_hashes: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @validates("email")
    def _normalise_email(self, _key, value: str) -> str:
        return value.strip().lower()

    @property
    def is_maintainer(self) -> bool:
        return self.role == MAINTAINER

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    @property
    def needs_two_factor_enrolment(self) -> bool:
        """Two-factor authentication is required of the national maintainer, optional for admins."""
        return self.is_maintainer and not self.has_two_factor

    def set_password(self, password: str) -> None:
        self.password_hash = HASHER.hash(password)
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        if self.password_hash is None:  # invited, no password chosen yet
            check_unknown_password(password)
            return False
        try:
            return HASHER.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return self.session_token


def check_unknown_password(password: str) -> None:
    """Spend the time a real check would, for an email that has no account."""
    try:
        HASHER.verify(_DUMMY_HASH, password)
    except VerificationError:
        pass


class Membership(HasId, TenantOwned, Audited, db.Model):
    """A partnership admin's right to manage one partnership."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "tenant_id"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship(back_populates="memberships")


INVITATION = "invitation"
RESET = "reset"


class AccountToken(HasId, Audited, db.Model):
    """A link that sets an account's password: an invitation or a reset. Only its hash is stored; it
    expires, and works once. Issuing one is in the history (who made a link for whom, and when)."""

    __tablename__ = "account_token"
    audit_exclude = Audited.audit_exclude | {"token_hash", "used_at"}
    audit_create_action = "issue"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @property
    def label(self) -> str:
        """How the history names it."""
        return f"{self.purpose} link for {self.user.email}"
