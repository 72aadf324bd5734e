"""Bulletins: short numbered briefings such as Dudley's Safer Seven."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import Audited
from ..tenancy import NationalOrTenant
from .base import HasId, Publishable, Timestamps, Versioned
from .translation import Translatable


class Bulletin(HasId, NationalOrTenant, Timestamps, Versioned, Publishable, Translatable, Audited, db.Model):
    __tablename__ = "bulletin"
    translatable_fields = ("title", "summary", "easy_read", "contact")

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    easy_read: Mapped[str | None] = mapped_column(Text)
    # Who to contact, shown after the last section (Markdown).
    contact: Mapped[str | None] = mapped_column(Text)
    issued_on: Mapped[date | None] = mapped_column(Date)

    sections: Mapped[list[BulletinSection]] = relationship(
        back_populates="bulletin",
        order_by="BulletinSection.position",
        cascade="all, delete-orphan",
        lazy="raise",
    )


class BulletinSection(HasId, NationalOrTenant, Timestamps, Versioned, Translatable, Audited, db.Model):
    __tablename__ = "bulletin_section"
    translatable_fields = ("heading", "body", "easy_read")

    bulletin_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bulletin.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str | None] = mapped_column(Text)

    bulletin: Mapped[Bulletin] = relationship(back_populates="sections")
