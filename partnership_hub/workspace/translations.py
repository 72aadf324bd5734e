"""Translating what residents read: an editor for any translatable object this workspace may edit, one
language at a time, and a status page saying how much of what residents see is translated.

The editor's URL names the object by its table and id (``translate_url(obj, 'pl')``), so that every
edit page can link to it; ``templates/staff/_translations.html`` renders those links.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_wtf import FlaskForm
from sqlalchemy import String, inspect, select
from sqlalchemy.orm import selectinload
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from .. import directory
from ..extensions import db
from ..i18n import text_direction
from ..models import (
    SOURCE_LOCALE,
    Bulletin,
    Category,
    ContactLine,
    Entry,
    Snippet,
    Translatable,
    Translation,
)
from . import editable_or_404, language_name, owner_tenant_id, translate_url, translation_locales, ws_url

#: What staff call each kind of translatable object.
KIND_NAMES = {
    "entry": "Entry",
    "category": "Category",
    "bulletin": "Bulletin",
    "bulletin_section": "Bulletin section",
    "contact_line": "Contact line",
    "snippet": "Page text",
    "entry_override": "Local note",
}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/translate/<owner_type>/<uuid:owner_id>/<locale:locale>", "translate", translate,
                    methods=["GET", "POST"])
    bp.add_url_rule("/translations/", "translation_status", translation_status)


def translatable_models() -> dict[str, type]:
    """Every model with translations, by table name (the ``owner_type`` of its Translation rows)."""
    return {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers if issubclass(m.class_, Translatable)}


def describe(obj) -> str:
    """A name staff recognise the object by."""
    for attr in ("title", "name", "heading", "label"):
        if getattr(obj, attr, None):
            return getattr(obj, attr)
    if isinstance(obj, Snippet):
        return f"{obj.key} text"
    return KIND_NAMES.get(obj.__tablename__, obj.__tablename__)


def translation_form(obj, fields: list[str]) -> type[FlaskForm]:
    """A form with one input per translatable field: a line for short columns, a text area for long ones."""
    columns = inspect(type(obj)).columns
    attrs = {}
    for name in fields:
        column_type = columns[name].type
        if isinstance(column_type, String) and column_type.length:
            attrs[name] = StringField(name.replace("_", " ").capitalize(),
                                      validators=[Optional(), Length(max=column_type.length,
                                                  message=f"Keep it to {column_type.length} characters or fewer")])
        else:
            attrs[name] = TextAreaField(name.replace("_", " ").capitalize(),
                                        validators=[Optional(), Length(max=20000, message="Keep it shorter")])
    return type("TranslationForm", (FlaskForm,), attrs)


def translate(owner_type: str, owner_id: uuid.UUID, locale: str):
    model = translatable_models().get(owner_type)
    if model is None or locale == SOURCE_LOCALE:
        abort(404)
    obj = editable_or_404(model, owner_id)
    existing = dict(db.session.execute(
        select(Translation.field, Translation.text).where(
            Translation.owner_type == owner_type, Translation.owner_id == obj.id, Translation.locale == locale)
    ).all())
    # Fields with no English text have nothing to translate, unless a translation is left over from before.
    fields = [f for f in model.translatable_fields if getattr(obj, f) or f in existing]
    form = translation_form(obj, fields)(data=existing)
    if form.validate_on_submit():
        for name in fields:
            obj.set_translation(name, locale, form[name].data)
        db.session.commit()
        flash(f"{language_name(locale)} translation saved.", "success")
        return redirect(translate_url(obj, locale))
    return render_template(
        "staff/translate.html", form=form, obj=obj, kind=KIND_NAMES.get(owner_type, owner_type), name=describe(obj),
        locale=locale, dir=text_direction(locale), fields=fields, other_locales=translation_locales(),
    ), 400 if form.errors else 200


# --- How much is translated ---------------------------------------------------------------------


@dataclass
class Missing:
    """One object with fields not yet translated into a language."""

    obj: Translatable
    name: str
    fields: list[str] = field(default_factory=list)


def visible_content() -> list[tuple[Translatable, str]]:
    """What residents read (published, not hidden) and a name for each: on a partnership, its own content
    and the national content its residents see; nationally, the national catalogue."""
    listings = directory.visible_listings()
    content = [(x.entry, x.entry.title) for x in listings]
    content += [(x.override, f"Local note on {x.entry.title}") for x in listings if x.override and x.override.note]
    content += [(c, c.name) for c in db.session.scalars(select(Category).where(Category.live()))]
    for bulletin in db.session.scalars(select(Bulletin).options(selectinload(Bulletin.sections)).where(Bulletin.live())):
        content.append((bulletin, bulletin.title))
        content += [(s, f"{bulletin.title}: {s.heading}") for s in bulletin.sections]
    content += [(line, line.label) for line in db.session.scalars(select(ContactLine).order_by(ContactLine.position))]
    # A partnership's own snippet replaces the national one with the same key.
    snippets = {}
    for snippet in db.session.scalars(select(Snippet).order_by(Snippet.tenant_id.is_(None).desc())):
        snippets[snippet.key] = snippet
    content += [(s, describe(s)) for s in snippets.values()]
    return content


def translation_status():
    locales = translation_locales()
    content = visible_content()
    done = set(db.session.execute(
        select(Translation.owner_id, Translation.field, Translation.locale).where(Translation.locale.in_(locales))
    ).all())
    texts = [(obj, name, f) for obj, name in content for f in obj.translatable_fields if getattr(obj, f)]
    summary = []
    for locale in locales:
        translated = sum((obj.id, f, locale) in done for obj, _, f in texts)
        summary.append({"locale": locale, "total": len(texts), "translated": translated,
                        "percent": 100 * translated // len(texts) if texts else 100})
    chosen = request.args.get("locale") or (locales[0] if locales else None)
    if chosen not in locales:
        chosen = None
    missing: dict[uuid.UUID, Missing] = {}
    for obj, name, f in texts:
        if chosen and (obj.id, f, chosen) not in done:
            missing.setdefault(obj.id, Missing(obj, name)).fields.append(f)
    return render_template(
        "staff/translation_status.html", summary=summary, chosen=chosen, missing=list(missing.values()),
        kinds=KIND_NAMES, own=owner_tenant_id(), translate_url=translate_url, status_url=ws_url("translation_status"),
    )
