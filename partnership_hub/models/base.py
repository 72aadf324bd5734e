"""Column mixins shared by the aggregates."""

import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class HasId:
    # Random UUIDs, so that no URL lets anyone count or guess the rows behind it.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, server_default=func.now()
    )


class Versioned:
    """A version counter: a save made from a stale copy fails instead of overwriting a newer edit."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls):
        return {"version_id_col": cls.version}


PUBLISHED = "published"
DRAFT = "draft"


class Publishable:
    """Content that residents see only once published, and that is deleted softly."""

    status: Mapped[str] = mapped_column(String(12), default=PUBLISHED, server_default=PUBLISHED)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @classmethod
    def live(cls):
        """The criterion for what a resident may see."""
        return (cls.status == PUBLISHED) & cls.deleted_at.is_(None)
