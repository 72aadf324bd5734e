"""A partnership: its identity, its domains, its languages, and the lines shown on every page."""

from __future__ import annotations

import re

from sqlalchemy import JSON, Boolean, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from .audit import Audited
from ..tenancy import NationalOrTenant, TenantOwned
from .base import HasId, Timestamps, Versioned
from .translation import Translatable


class Tenant(HasId, Timestamps, Versioned, Audited, db.Model):
    __tablename__ = "tenant"

    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    logo_text: Mapped[str] = mapped_column(String(60))
    brand_colour: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["en"])
    default_language: Mapped[str] = mapped_column(String(12), default="en")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    hosts: Mapped[list[TenantHost]] = relationship(back_populates="tenant", cascade="all, delete-orphan")

    @validates("brand_colour")
    def _check_colour(self, _key, value: str) -> str:
        # The colour is written into a stylesheet, so nothing but #rrggbb may get through.
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
            raise ValueError("brand colour must look like #1d4f91")
        return value.lower()

    def offers(self, locale: str) -> bool:
        return locale in self.languages


class TenantHost(HasId, TenantOwned, Audited, db.Model):
    """A domain name a partnership is served on, such as ``onlinesafety.dudley.example``."""

    __tablename__ = "tenant_host"

    host: Mapped[str] = mapped_column(String(253), unique=True)
    tenant: Mapped[Tenant] = relationship(back_populates="hosts")


class ContactLine(HasId, TenantOwned, Timestamps, Versioned, Translatable, Audited, db.Model):
    """One of the partnership's own safeguarding lines, shown in the help box on every page."""

    __tablename__ = "contact_line"
    translatable_fields = ("label", "hours")

    label: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    hours: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)


class Snippet(HasId, NationalOrTenant, Timestamps, Versioned, Translatable, Audited, db.Model):
    """A named block of page text: the national emergency box, a partnership's welcome.

    A partnership's snippet with the same key takes the place of the national one.
    """

    __tablename__ = "snippet"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)
    translatable_fields = ("title", "body", "easy_read")

    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str | None] = mapped_column(Text)
