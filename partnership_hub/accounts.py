"""Staff accounts: creating them, the password rules of current UK guidance (NCSC: length over
complexity; no composition rules; not the account's own email; not a commonly used password), and the
links that set a password (invitations and resets: only their hash is stored, they expire, work once)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from sqlalchemy import select, update

from .extensions import db
from .models import AccountToken, Membership, Tenant, User
from .models.base import utcnow
from .models.user import INVITATION, RESET
from .tenancy import all_tenants

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024


class PasswordRejected(ValueError):
    pass


def check_password_rules(email: str, password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(f"Use a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordRejected(f"Use a password of at most {MAX_PASSWORD_LENGTH} characters.")
    if email.strip().lower() in password.lower():
        raise PasswordRejected("Do not use your email address in your password.")
    if password.lower() in common_passwords():
        raise PasswordRejected("This password is one of the most commonly used. Choose another.")


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of leaked lists (as zxcvbn ships them)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def partnerships_of(user: User) -> list[Tenant]:
    """The partnerships a staff member manages: read across tenants, keyed on the user alone."""
    return list(
        db.session.scalars(
            select(Tenant)
            .join(Membership, Membership.tenant_id == Tenant.id)
            .where(Membership.user_id == user.id)
            .order_by(Tenant.name)
            .execution_options(all_tenants=True)
        )
    )


def create_account(email: str, password: str, role: str, tenants: list[Tenant] = ()) -> User:
    """A new active account; raises PasswordRejected, or ValueError when the email is taken."""
    check_password_rules(email, password)
    if db.session.scalar(select(User).where(User.email == email.strip().lower())) is not None:
        raise ValueError(f"{email} already has an account")
    user = User(email=email, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    for tenant in tenants:
        db.session.add(Membership(user_id=user.id, tenant_id=tenant.id))
    db.session.commit()
    return user


def email_taken(email: str) -> bool:
    return db.session.scalar(select(User.id).where(User.email == email.strip().lower())) is not None


def invite_account(email: str, role: str, tenants: list[Tenant]) -> tuple[User, str]:
    """A new account without a password, and the invitation link's token that lets its owner choose one."""
    user = User(email=email, role=role)
    db.session.add(user)
    db.session.flush()
    with all_tenants():
        set_partnerships(user, tenants)
        token = issue_link(user, INVITATION)
        db.session.commit()
    return user, token


def set_partnerships(user: User, tenants: list[Tenant]) -> None:
    """Make the admin a member of exactly these partnerships (cross-tenant: the caller opens the scope)."""
    wanted = {t.id for t in tenants}
    # Queried, not read from user.memberships: a lazy load keeps the scope the user was loaded in.
    have = db.session.scalars(select(Membership).where(Membership.user_id == user.id)).all()
    for membership in have:
        if membership.tenant_id not in wanted:
            db.session.delete(membership)
    for tenant_id in wanted - {m.tenant_id for m in have}:
        db.session.add(Membership(user_id=user.id, tenant_id=tenant_id))


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_link(user: User, purpose: str) -> str:
    """A new invitation or reset token for the account (earlier unused links stop working)."""
    from flask import current_app

    hours = current_app.config["INVITATION_HOURS" if purpose == INVITATION else "RESET_HOURS"]
    _spend_links(user)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(user=user, purpose=purpose, token_hash=_hash_token(token),
                     expires_at=utcnow() + timedelta(hours=hours))
    )
    return token


def _spend_links(user: User) -> None:
    db.session.execute(
        update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.used_at.is_(None)).values(used_at=utcnow())
    )


def link_for(token: str) -> AccountToken | None:
    """The unused, unexpired link of an active account that this token belongs to, if any."""
    return db.session.scalar(
        select(AccountToken)
        .join(User, User.id == AccountToken.user_id)
        .where(
            AccountToken.token_hash == _hash_token(token),
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > utcnow(),
            User.is_active.is_(True),
        )
    )


def set_password_by_link(link: AccountToken, password: str) -> None:
    """Raises PasswordRejected; otherwise sets the password and spends the link (and any other)."""
    check_password_rules(link.user.email, password)
    link.user.set_password(password)
    _spend_links(link.user)
    db.session.commit()


def set_active(user: User, active: bool) -> None:
    """Disable or re-enable an account; disabling signs it out everywhere at once."""
    user.is_active = active
    if not active:
        user.rotate_session_token()
    db.session.commit()
