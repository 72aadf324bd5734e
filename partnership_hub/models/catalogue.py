"""The directory: categories and entries, national (shared by every partnership) or local, and the
overrides by which a partnership hides, pins or annotates a national entry without copying it."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import Audited
from ..tenancy import NationalOrTenant, TenantOwned
from .base import HasId, Publishable, Timestamps, Versioned
from .translation import Translatable


class EntryKind(enum.StrEnum):
    WEBSITE = "website"
    HELPLINE = "helpline"
    REPORTING = "reporting"
    COURSE = "course"
    DOCUMENT = "document"
    APP_GUIDE = "app_guide"


class Category(HasId, NationalOrTenant, Timestamps, Versioned, Publishable, Translatable, Audited, db.Model):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)
    translatable_fields = ("name", "description", "easy_read")

    slug: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    easy_read: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str] = mapped_column(String(40), default="info")
    position: Mapped[int] = mapped_column(Integer, default=0)

    entries: Mapped[list[Entry]] = relationship(back_populates="category", lazy="raise")


class Entry(HasId, NationalOrTenant, Timestamps, Versioned, Publishable, Translatable, Audited, db.Model):
    """A resource a resident can use: a website, a helpline, a reporting route, a course, a document."""

    __tablename__ = "entry"
    # A topic page asks for one category's entries of one partnership and the national catalogue.
    __table_args__ = (Index("ix_entry_category_tenant", "category_id", "tenant_id"),)
    translatable_fields = ("title", "summary", "easy_read", "opening_hours")

    category_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("category.id"))
    kind: Mapped[EntryKind] = mapped_column(
        Enum(EntryKind, native_enum=False, length=20, name="entry_kind", values_callable=lambda e: [k.value for k in e])
    )
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    easy_read: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    # Phone numbers are kept in E.164 form (+441384241511) and formatted for display.
    phone: Mapped[str | None] = mapped_column(String(20))
    text_number: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    chat_url: Mapped[str | None] = mapped_column(String(500))
    opening_hours: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[Category] = relationship(back_populates="entries", lazy="joined", innerjoin=True)


class EntryOverride(HasId, TenantOwned, Timestamps, Versioned, Translatable, Audited, db.Model):
    """A partnership's view of one national entry: hidden, pinned to the top, or with a local note."""

    __tablename__ = "entry_override"
    __table_args__ = (UniqueConstraint("tenant_id", "entry_id"),)
    translatable_fields = ("note",)

    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)

    entry: Mapped[Entry] = relationship(lazy="raise")
