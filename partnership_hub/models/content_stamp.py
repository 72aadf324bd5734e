"""Content stamps: one random token per partnership and one for the national catalogue, replaced
whenever any content a resident can see changes (see cache.py, which writes and reads them).

A resident page depends on exactly two stamps (the national one and its partnership's), so one small
query tells every app process whether what it built or cached before is still current.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: The scope of the national catalogue (no partnership has this id); a partnership's scope is its id.
NATIONAL_SCOPE = uuid.UUID(int=0)


class ContentStamp(db.Model):
    __tablename__ = "content_stamp"

    # Not a foreign key: the stamp of a deleted partnership is harmless, and writing it must never
    # depend on the order in which a flush deletes rows.
    scope: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
