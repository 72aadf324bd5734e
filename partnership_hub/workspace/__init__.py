"""Pages both staff workspaces have: bulletins, the welcome and emergency texts, history and translations.

Each page is written once and registered on both blueprints (:func:`register`): on ``admin`` it works
on the partnership's own rows, on ``national`` on the national ones. What differs is decided here, by
whether the request entered a partnership (``g.tenant``), never by copies of the views.
"""

from __future__ import annotations

import uuid

from babel import Locale
from flask import Blueprint, abort, g, request, url_for
from sqlalchemy import inspect, select

from ..extensions import db
from ..i18n import SUPPORTED_LOCALES
from ..models import SOURCE_LOCALE
from ..staff import STALE_MESSAGE, commit_unless_stale


def in_partnership() -> bool:
    """True on the admin workspace (one partnership's rows), False on the national one."""
    return g.get("tenant") is not None


def owner_tenant_id() -> uuid.UUID | None:
    """The tenant_id of what this workspace edits: the partnership's, or None for national rows."""
    return g.tenant.id if in_partnership() else None


def editable_or_404(model, object_id: uuid.UUID, *options):
    """An object this workspace may change, else 404: the partnership's own row (national rows are
    visible to it, but only the maintainer changes them), or on the national workspace a national row."""
    obj = db.session.scalar(select(model).options(*options).where(model.id == object_id))
    if obj is None or obj.tenant_id != owner_tenant_id():
        abort(404)
    return obj


def apply_form(form, obj) -> None:
    """Copy a form's fields onto the object's columns of the same name (never the version: the ORM
    counts it). Blank text becomes NULL where the column allows it."""
    columns = inspect(type(obj)).columns
    for name, field in form._fields.items():
        if name in ("version", "csrf_token") or name not in columns:
            continue
        value = field.data.strip() if isinstance(field.data, str) else field.data
        if value == "" and columns[name].nullable:
            value = None
        setattr(obj, name, value)


def save_form(form, obj, *, new: bool = False, apply=apply_form) -> bool:
    """Validate a submitted form and save it onto ``obj``; True once saved.

    A save from a stale copy (someone saved since the form was loaded) is refused: nothing is saved and
    the form shows the stored version with :data:`staff.STALE_MESSAGE`.
    """
    if not form.validate_on_submit():
        return False
    if new or not form.is_stale(obj):
        apply(form, obj)
        if new:
            db.session.add(obj)
        if commit_unless_stale():
            return True
    db.session.refresh(obj)
    form.process(formdata=None, obj=obj)
    form.form_errors.append(STALE_MESSAGE)
    return False


def move_in_order(items: list, item, step: int) -> bool:
    """Swap ``item``'s position with its neighbour's, above (-1) or below (+1); False at either end."""
    index = items.index(item)
    if not 0 <= index + step < len(items):
        return False
    neighbour = items[index + step]
    item.position, neighbour.position = neighbour.position, item.position
    if item.position == neighbour.position:  # equal positions (older data): make them distinct
        item.position += step
    return True


def language_name(code: str) -> str:
    """A language's English name, for English-only staff pages."""
    return Locale.parse(code).get_display_name("en")


def translate_url(obj, locale: str) -> str:
    """The translation editor of one object in one language, on this workspace."""
    return ws_url("translate", owner_type=obj.__tablename__, owner_id=obj.id, locale=locale)


def ws_url(name: str, **values) -> str:
    """A URL of this same workspace: ``ws_url('bulletins')`` is admin.bulletins or national.bulletins."""
    return url_for(f"{request.blueprint}.{name}", **values)


def translation_locales() -> list[str]:
    """The languages staff translate into here: the partnership's (or, nationally, every) language but English."""
    offered = g.tenant.languages if in_partnership() else SUPPORTED_LOCALES
    return [code for code in SUPPORTED_LOCALES if code in offered and code != SOURCE_LOCALE]


def _page_context() -> dict:
    return {"workspace_layout": f"{request.blueprint}/layout.html", "in_partnership": in_partnership()}


def register(bp: Blueprint) -> None:
    """Add the shared pages to a workspace blueprint (admin or national)."""
    from . import bulletins, history, snippets, translations

    bp.context_processor(_page_context)
    # Globals rather than context, so that imported macros (staff/_translations.html) can call them too.
    for helper in (ws_url, translation_locales, translate_url, language_name):
        bp.add_app_template_global(helper)
    for module in (bulletins, snippets, history, translations):
        module.register(bp)
