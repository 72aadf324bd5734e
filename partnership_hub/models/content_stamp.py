"""Content stamps: one random token per partnership and one for the national catalogue, replaced
whenever any content a resident can see changes (see cache.py, which writes and reads them).

A resident page depends on exactly two stamps (the national one and its partnership's), so one small
query tells every app process whether what it built or cached before is still current.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: The scope of the national catalogue; a partnership's scope is its id in hex.
NATIONAL_SCOPE = "national"


class ContentStamp(db.Model):
    __tablename__ = "content_stamp"

    # Not a foreign key: the stamp of a deleted partnership is harmless, and writing it must never
    # depend on the order in which a flush deletes rows.
    scope: Mapped[str] = mapped_column(String(36), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
