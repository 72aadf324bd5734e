"""The audit history: one row per change to anything staff can edit, with what it was before."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..tenancy import NationalOrTenant
from .base import HasId, utcnow


class Audited:
    """Marker: every insert, update and delete of this model is recorded (see partnership_hub/audit.py).

    Columns named in ``audit_exclude`` (secrets, bookkeeping) are never copied into the history; those
    in ``audit_secret`` are recorded as changed, set or unset, but never with their values.
    """

    audit_exclude: frozenset[str] = frozenset({"created_at", "updated_at", "version"})
    audit_secret: frozenset[str] = frozenset()
    #: The history's word for a new row.
    audit_create_action: str = "create"


class AuditEvent(HasId, NationalOrTenant, db.Model):
    """A national row (tenant_id NULL) records national or platform changes; a tenant's row, that tenant's."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_tenant_at", "tenant_id", "at"),)

    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The email is kept beside the id so that the history still says who, after an account is deleted.
    actor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    actor_email: Mapped[str | None] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(20))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[uuid.UUID]
    label: Mapped[str] = mapped_column(String(200), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
