"""Text a resident reads, in every language: the source (English) in the owner's own columns, every
other language as a Translation row keyed by (owner, field, locale).

One table serves every translatable aggregate, so a new language or a new kind of content needs no
schema change, and the translation status of a tenant is one query.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Iterable

from sqlalchemy import DateTime, Index, String, Text, UniqueConstraint, delete, event, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .audit import Audited
from ..tenancy import NationalOrTenant
from .base import HasId, utcnow

SOURCE_LOCALE = "en"


class Translation(HasId, NationalOrTenant, Audited, db.Model):
    __tablename__ = "translation"
    __table_args__ = (
        UniqueConstraint("owner_type", "owner_id", "field", "locale"),
        Index("ix_translation_owner_locale", "owner_id", "locale"),
    )

    owner_type: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[uuid.UUID]
    field: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


@dataclass(frozen=True)
class Localized:
    """A piece of text and the language it is actually in (``fallback``: not the one asked for)."""

    text: str
    lang: str
    fallback: bool = False

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.text


class Translatable:
    """Mixin for aggregates whose resident-facing columns have translations.

    ``translatable_fields`` names the columns. Call :func:`load_texts` once for every object on a page,
    then read ``obj.text("title")``.
    """

    translatable_fields: ClassVar[tuple[str, ...]] = ()

    def text(self, field: str) -> Localized:
        source = getattr(self, field) or ""
        locale = getattr(self, "_locale", SOURCE_LOCALE)
        if locale == SOURCE_LOCALE:
            return Localized(source, SOURCE_LOCALE)
        translated = getattr(self, "_texts", {}).get(field)
        if translated:
            return Localized(translated, locale)
        return Localized(source, SOURCE_LOCALE, fallback=bool(source))

    def text_in(self, field: str, locale: str) -> str | None:
        """The stored translation of one field, or None."""
        row = self._translation_row(field, locale)
        return row.text if row is not None else None

    def _translation_row(self, field: str, locale: str) -> Translation | None:
        if field not in self.translatable_fields or locale == SOURCE_LOCALE:
            raise ValueError(f"{field!r} in {locale!r} is not a translation of {type(self).__name__}")
        return db.session.scalar(
            select(Translation).where(
                Translation.owner_type == self.__tablename__,
                Translation.owner_id == self.id,
                Translation.field == field,
                Translation.locale == locale,
            )
        )

    def set_translation(self, field: str, locale: str, text: str | None) -> None:
        """Create, change or (with empty text) remove one translation of one field."""
        row = self._translation_row(field, locale)
        text = (text or "").strip()
        if not text:
            if row is not None:
                db.session.delete(row)
            return
        if row is None:
            row = Translation(
                owner_type=self.__tablename__, owner_id=self.id, field=field, locale=locale, tenant_id=self.tenant_id
            )
            db.session.add(row)
        row.text = text


def load_texts(objects: Iterable[Translatable], locale: str) -> None:
    """Fetch, in one query, the translations of every given object into ``locale``."""
    objects = [o for o in objects if o is not None]
    for obj in objects:
        obj._locale = locale
        obj._texts = {}
    if locale == SOURCE_LOCALE or not objects:
        return
    by_id = {obj.id: obj for obj in objects}
    rows = db.session.execute(
        select(Translation.owner_id, Translation.field, Translation.text).where(
            Translation.owner_id.in_(by_id), Translation.locale == locale
        )
    )
    for owner_id, field, text in rows:
        by_id[owner_id]._texts[field] = text


@event.listens_for(db.Model, "after_delete", propagate=True)
def _delete_translations(_mapper, connection, target) -> None:
    # The owner row was authorised for deletion by the flush guard; its texts go with it.
    if isinstance(target, Translatable):
        connection.execute(
            delete(Translation.__table__).where(
                Translation.__table__.c.owner_type == target.__tablename__,
                Translation.__table__.c.owner_id == target.id,
            )
        )
