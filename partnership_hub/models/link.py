"""Link health: the last check of every external address the directory links to.

One row per URL, not per entry or per partnership: an address that several partnerships link to is
checked once. The table holds no partnership data (only public addresses and what they answered), so
it is not tenant-scoped; who may see which rows is decided by joining it to the scoped ``entry``
table (see links.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, or_
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class LinkCheck(db.Model):
    __tablename__ = "link_check"

    url: Mapped[str] = mapped_column(String(500), primary_key=True)
    # The HTTP status of the last answer, after redirects; None when no answer came (timeout, DNS, TLS).
    status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(String(2000))
    error: Mapped[str | None] = mapped_column(String(500))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    @classmethod
    def needs_attention(cls):
        """The criterion for broken or redirected links, the same as the two properties below."""
        return or_(cls.status.is_(None), cls.status >= 400, cls.final_url != cls.url)

    @property
    def is_broken(self) -> bool:
        return self.status is None or self.status >= 400

    @property
    def is_redirected(self) -> bool:
        return not self.is_broken and self.final_url is not None and self.final_url != self.url
