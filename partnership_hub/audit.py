"""Recording the audit history at the one place every change passes: the session's flush.

Views never write audit rows themselves, so no view can forget to. Each flushed insert, update or
delete of an :class:`~partnership_hub.models.audit.Audited` model becomes one ``AuditEvent`` with the
changed columns before and after. The action is named from what changed: a status change is a
publish, setting ``deleted_at`` a (soft) delete, an override's ``hidden`` a hide, and so on.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from flask import has_request_context
from sqlalchemy import event, insert, inspect, select

from .extensions import AppSession
from .models.audit import Audited, AuditEvent
from .models.base import utcnow
from .tenancy import current_tenant_id

# (column, new value) -> action, checked in order; the first column that changed names the action.
_NAMED_CHANGES: tuple[tuple[str, Any, str], ...] = (
    ("deleted_at", None, "restore"),
    ("deleted_at", Any, "delete"),
    ("status", "published", "publish"),
    ("status", "draft", "unpublish"),
    ("is_active", True, "enable"),
    ("is_active", False, "disable"),
    ("hidden", True, "hide"),
    ("hidden", False, "unhide"),
    ("pinned", True, "pin"),
    ("pinned", False, "unpin"),
    ("totp_secret", None, "two-factor off"),
    ("totp_secret", Any, "two-factor on"),
    ("password_hash", Any, "new password"),
)
#: What the history shows of a secret column that holds a value.
SECRET = "(secret)"


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _columns(obj) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in type(obj).audit_exclude]


def _shown(obj, key: str, value: Any) -> Any:
    if key in type(obj).audit_secret:
        return None if value is None else SECRET
    return _jsonable(value)


def snapshot(obj) -> dict[str, Any]:
    return {key: _shown(obj, key, getattr(obj, key)) for key in _columns(obj)}


def _changes(session, obj) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    changed = {key: state.attrs[key].history for key in _columns(obj) if state.attrs[key].history.has_changes()}
    # An attribute set while expired (after a commit) has no old value in its history: read the stored row.
    unknown = [key for key, history in changed.items() if not history.deleted]
    stored = _stored_values(session, obj, unknown) if unknown else {}
    before, after = {}, {}
    for key, history in changed.items():
        old = history.deleted[0] if history.deleted else stored.get(key)
        new = history.added[0] if history.added else None
        if old != new:
            before[key], after[key] = _shown(obj, key, old), _shown(obj, key, new)
    return before, after


def _stored_values(session, obj, keys: list[str]) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    columns = [mapper.attrs[key].columns[0] for key in keys]
    row = session.connection().execute(select(*columns).where(mapper.primary_key[0] == obj.id)).first()
    return dict(zip(keys, row)) if row else {}


def _action(after: dict[str, Any]) -> str:
    for column, value, action in _NAMED_CHANGES:
        if column in after and (value is Any and after[column] is not None or after[column] == value):
            return action
    return "edit"


def _label(obj) -> str:
    for attr in ("title", "name", "label", "email", "host", "slug", "key", "field"):
        value = getattr(obj, attr, None)
        if value:
            return str(value)[:200]
    return ""


def _event_tenant(session, obj) -> uuid.UUID | None:
    """Whose history the change belongs to: the session's tenant, else the object's own."""
    tid = current_tenant_id(session)
    if tid is not None:
        return tid
    if type(obj).__tablename__ == "tenant":
        return obj.id
    return getattr(obj, "tenant_id", None)


def _actor() -> tuple[uuid.UUID | None, str | None]:
    if not has_request_context():
        return None, None  # the command line
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        return current_user.id, current_user.email
    return None, None


def _record(session, _flush_context, _instances) -> None:
    """Before the flush, while the old values are still known: what changed, as rows to write."""
    events = []
    for obj in session.new:
        if isinstance(obj, Audited):
            events.append((obj, type(obj).audit_create_action, None, snapshot(obj)))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            before, after = _changes(session, obj)
            if after:
                events.append((obj, _action(after), before, after))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            events.append((obj, "erase", snapshot(obj), None))
    if not events:
        session.info.pop(_PENDING, None)
        return
    actor_id, actor_email = _actor()
    rows = []
    for obj, action, before, after in events:
        if obj.id is None:  # primary keys are assigned on flush; the history needs it now
            obj.id = uuid.uuid4()
        tenant_id = _event_tenant(session, obj)
        if action == "erase" and type(obj).__tablename__ == "tenant":
            tenant_id = None  # the partnership's own history goes with it; its erasure is the platform's
        rows.append(
            dict(id=uuid.uuid4(), at=utcnow(), tenant_id=tenant_id, actor_id=actor_id, actor_email=actor_email,
                 action=action, object_type=type(obj).__tablename__, object_id=obj.id, label=_label(obj),
                 before=before, after=after)
        )
    session.info[_PENDING] = rows


def _write(session, _flush_context) -> None:
    """After the flush, so that a partnership created in this flush exists before its history does."""
    rows = session.info.pop(_PENDING, None)
    if rows:
        session.connection().execute(insert(AuditEvent.__table__), rows)


_PENDING = "audit_pending"


def install() -> None:
    """Listen after the tenancy guard: the guard has vetted each change before it is recorded."""
    if not event.contains(AppSession, "before_flush", _record):
        event.listen(AppSession, "before_flush", _record)
        event.listen(AppSession, "after_flush", _write)
