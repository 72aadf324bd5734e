"""The "What's happened?" help finder, as data: situations a resident can pick, the wording of the
questions asked after it, and per situation an ordered list of routes (catalogue entries) to report
to or get help from.

The national maintainer keeps the national rows (tenant_id NULL); a partnership adds its own routes
(pointing at its local entries or at national ones), its own situations, its own wording of a
question (a row with the same key takes the national one's place) and a local note per situation.
"""

from __future__ import annotations

import uuid

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..tenancy import NationalOrTenant, TenantOwned
from .audit import Audited
from .base import HasId, Publishable, Timestamps, Versioned
from .catalogue import Entry
from .translation import Translatable

#: The questions, in the order the finder asks them.
QUESTION_KEYS = ("situation", "danger", "age")

#: Who a route is for, by the age of the person affected.
EVERYONE = "everyone"
UNDER_18 = "under_18"
ADULT = "adult"
AUDIENCES = (EVERYONE, UNDER_18, ADULT)


class FinderQuestion(HasId, NationalOrTenant, Timestamps, Versioned, Translatable, Audited, db.Model):
    """The wording of one of the finder's questions; a partnership's row with the same key wins."""

    __tablename__ = "finder_question"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)
    translatable_fields = ("question", "hint", "easy_read")

    key: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(String(200))
    hint: Mapped[str] = mapped_column(Text, default="")
    easy_read: Mapped[str | None] = mapped_column(Text)


class FinderSituation(HasId, NationalOrTenant, Timestamps, Versioned, Publishable, Translatable, Audited, db.Model):
    """Something that has happened, as a resident would say it ("Someone is bullying me online")."""

    __tablename__ = "finder_situation"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)
    translatable_fields = ("label", "hint", "easy_read")

    slug: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(200))
    hint: Mapped[str] = mapped_column(Text, default="")
    easy_read: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    routes: Mapped[list[FinderRoute]] = relationship(back_populates="situation", lazy="raise",
                                                     cascade="all, delete-orphan")


class FinderRoute(HasId, NationalOrTenant, Timestamps, Versioned, Translatable, Audited, db.Model):
    """One place to go for a situation: a catalogue entry, what to do there, and whom it is for."""

    __tablename__ = "finder_route"
    translatable_fields = ("advice", "easy_read")

    situation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("finder_situation.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(String(12), default=EVERYONE)
    advice: Mapped[str] = mapped_column(Text, default="")
    easy_read: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    situation: Mapped[FinderSituation] = relationship(back_populates="routes", lazy="raise")
    entry: Mapped[Entry] = relationship(lazy="raise")


class FinderNote(HasId, TenantOwned, Timestamps, Versioned, Translatable, Audited, db.Model):
    """A partnership's own words on a situation, shown above its routes."""

    __tablename__ = "finder_note"
    __table_args__ = (UniqueConstraint("tenant_id", "situation_id"),)
    translatable_fields = ("body", "easy_read")

    situation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("finder_situation.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str | None] = mapped_column(Text)
