"""Creating staff accounts, with the password rules of current UK guidance (NCSC: length over
complexity; no composition rules; no password that is the account's own email)."""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import Membership, Tenant, User

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
