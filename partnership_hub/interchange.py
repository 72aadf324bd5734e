"""Moving content between installations: the national catalogue, or one partnership's own content, as
one JSON file, and back.

A file holds every row of its scope (drafts and soft-deleted rows too, so that a deletion travels)
with its id, its English columns and all its translations and easy-read texts. Importing updates the
rows whose ids it finds and adds the others, so importing a file twice changes nothing the second
time. Everything is checked before anything is written, and the whole import is one transaction: a
file that is refused changes nothing.

Export and import run in the scope they concern (tenancy.py): the national scope for the catalogue,
``acting_for(tenant)`` for a partnership, so the flush guard refuses any write outside it. Only the
check that a file's ids are not already another scope's rows looks across partnerships, visibly.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
import uuid
from collections import Counter
from typing import IO, Any

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, String, Text, Uuid, select
from sqlalchemy.exc import DataError, IntegrityError

from .extensions import db
from .i18n import SUPPORTED_LOCALES
from .models import (
    DRAFT,
    PUBLISHED,
    SOURCE_LOCALE,
    Bulletin,
    BulletinSection,
    Category,
    ContactLine,
    Entry,
    EntryOverride,
    Snippet,
    Tenant,
    Translation,
)
from .tenancy import RESERVED_SLUGS, CrossTenantWrite, acting_for

FORMAT = "partnership-hub-interchange"
VERSION = 1
CATALOGUE, TENANT = "catalogue", "tenant"

#: The sections of a file, in the order they are written (a row's references come before it), and
#: the columns each carries besides its id. tenant_id never travels: the scope of the import decides it.
SECTIONS: dict[str, tuple[type, tuple[str, ...]]] = {
    "categories": (Category, ("slug", "name", "description", "easy_read", "icon", "position", "status", "deleted_at")),
    "entries": (Entry, ("category_id", "kind", "title", "summary", "easy_read", "url", "phone", "text_number", "email",
                        "chat_url", "opening_hours", "position", "status", "deleted_at")),
    "overrides": (EntryOverride, ("entry_id", "hidden", "pinned", "note")),
    "bulletins": (Bulletin, ("title", "summary", "easy_read", "contact", "issued_on", "status", "deleted_at")),
    "bulletin_sections": (BulletinSection, ("bulletin_id", "position", "heading", "body", "easy_read")),
    "snippets": (Snippet, ("key", "title", "body", "easy_read")),
    "contact_lines": (ContactLine, ("label", "phone", "hours", "position")),
}
#: Rows that only a partnership has.
TENANT_ONLY = ("overrides", "contact_lines")
#: Columns unique together with the scope: a row with another id may not already hold the value.
NATURAL_KEYS = {"categories": "slug", "snippets": "key", "overrides": "entry_id"}
PHONE_COLUMNS = {"phone", "text_number"}
TENANT_SETTINGS = ("name", "logo_text", "brand_colour", "languages", "default_language")
# Numbers are stored in E.164 form, short numbers (116 123) as their digits; Ofcom's drama ranges (used
# by the demo) are not "valid" numbers to phonenumbers, so the form is what is checked.
STORED_PHONE = re.compile(r"\+[1-9][0-9]{2,14}|[1-9][0-9]{2,5}")
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?")
INT_RANGE = range(-(2**31), 2**31)
TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false"}


class ImportRefused(ValueError):
    """The file cannot be imported as it is; the message says where and why."""


# --- Export ----------------------------------------------------------------------------------------


def export_catalogue() -> dict:
    """The national catalogue (the session must be in the national scope, the default)."""
    return {"format": FORMAT, "version": VERSION, "scope": CATALOGUE, **_sections(None, CATALOGUE)}


def export_tenant(tenant: Tenant) -> dict:
    """One partnership's own rows: local content, overrides of national entries, contact lines."""
    with acting_for(tenant):
        sections = _sections(tenant.id, TENANT)
    settings = {name: getattr(tenant, name) for name in TENANT_SETTINGS}
    return {"format": FORMAT, "version": VERSION, "scope": TENANT, "tenant": settings, **sections}


def _sections(tenant_id: uuid.UUID | None, scope: str) -> dict:
    out, owners = {}, {}
    for section, (model, fields) in SECTIONS.items():
        if scope == CATALOGUE and section in TENANT_ONLY:
            continue
        rows = db.session.scalars(select(model).where(_owned_by(model, tenant_id)).order_by(model.id)).all()
        out[section] = [{"id": str(row.id), **{f: _dump(getattr(row, f)) for f in fields}} for row in rows]
        owners.update({row.id: record for row, record in zip(rows, out[section])})
    for record in owners.values():
        record["translations"] = {}
    texts = db.session.execute(
        select(Translation.owner_id, Translation.locale, Translation.field, Translation.text)
        .where(_owned_by(Translation, tenant_id))
    )
    for owner_id, locale, field, text in texts:
        if owner_id in owners:
            owners[owner_id]["translations"].setdefault(locale, {})[field] = text
    return out


def _owned_by(model, tenant_id):
    return model.tenant_id.is_(None) if tenant_id is None else model.tenant_id == tenant_id


def _dump(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def write(document: dict, stream: IO[str]) -> None:
    json.dump(document, stream, ensure_ascii=False, indent=2, sort_keys=True)
    stream.write("\n")


# --- Import ----------------------------------------------------------------------------------------


def read(stream: IO[str]) -> dict:
    try:
        document = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"the file is not JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(f"the file is not a Partnership Hub export (its \"format\" is not {FORMAT!r})")
    if document.get("version") != VERSION:
        raise ImportRefused(f"the file is version {document.get('version')!r}; "
                            f"this installation reads version {VERSION}")
    return document


def import_catalogue(document: dict) -> Counter:
    """Add or update the national catalogue from a file; the session must be in the national scope."""
    _expect_scope(document, CATALOGUE)
    return _commit(lambda: _import(document, None))


def import_tenant(slug: str, document: dict) -> Counter:
    """Add or update one partnership's own content; the partnership is created when it does not exist."""
    _expect_scope(document, TENANT)

    def work():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
        if tenant is None:
            tenant = _new_tenant(slug, document.get("tenant"))
        with acting_for(tenant):
            return _import(document, tenant.id)

    return _commit(work)


def _expect_scope(document: dict, scope: str) -> None:
    if document.get("scope") != scope:
        other = "import-tenant" if scope == CATALOGUE else "import-catalogue"
        raise ImportRefused(f"the file holds {document.get('scope')!r} content, not {scope!r}: use {other}")


def _commit(work) -> Counter:
    try:
        counts = work()
        db.session.commit()
    except ImportRefused:
        db.session.rollback()
        raise
    except (IntegrityError, DataError, CrossTenantWrite) as exc:
        db.session.rollback()
        reason = getattr(exc, "orig", exc)
        raise ImportRefused(f"the file conflicts with what is already here: {reason}") from None
    return counts


def _new_tenant(slug: str, settings: Any) -> Tenant:
    if not SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        raise ImportRefused(f"{slug!r} cannot be a partnership's slug (lower-case letters, digits and dashes; not "
                            "one of the platform's own paths)")
    if not isinstance(settings, dict) or set(settings) != set(TENANT_SETTINGS):
        raise ImportRefused(f"\"tenant\" must give exactly {', '.join(TENANT_SETTINGS)}")
    languages = settings["languages"]
    if (not isinstance(languages, list) or not languages or any(code not in SUPPORTED_LOCALES for code in languages)
            or settings["default_language"] not in languages):
        raise ImportRefused("\"tenant\": languages must be a list of supported codes that includes default_language")
    for name in ("name", "logo_text"):
        _value(Tenant, name, settings[name], f"tenant.{name}")
    try:
        tenant = Tenant(slug=slug, **settings)
    except (ValueError, TypeError) as exc:  # the model's own checks (the brand colour)
        raise ImportRefused(f"tenant: {exc}") from None
    db.session.add(tenant)
    db.session.flush()
    return tenant


def _import(document: dict, tenant_id: uuid.UUID | None) -> Counter:
    scope = CATALOGUE if tenant_id is None else TENANT
    allowed = {"format", "version", "scope", *SECTIONS} | ({"tenant"} if scope == TENANT else set())
    if scope == CATALOGUE:
        allowed -= set(TENANT_ONLY)
    unknown = set(document) - allowed
    if unknown:
        raise ImportRefused(f"the file has sections a {scope} file cannot have: {', '.join(sorted(unknown))}")
    parsed = {section: _parse_section(document, section) for section in SECTIONS if section in document}
    _check_ids(parsed, tenant_id)
    _check_references(parsed, tenant_id)
    counts: Counter = Counter()
    for section, records in parsed.items():
        _apply(section, records, tenant_id, counts)
        db.session.flush()  # the next section's rows refer to these
    _apply_translations(parsed, tenant_id, counts)
    db.session.flush()  # while still in the scope; the commit comes after it is left
    return counts


def _parse_section(document: dict, section: str) -> list[dict]:
    model, fields = SECTIONS[section]
    records = document[section]
    if not isinstance(records, list):
        raise ImportRefused(f"{section} must be a list")
    parsed = []
    for n, record in enumerate(records, 1):
        where = f"{section}[{n}]"
        if not isinstance(record, dict):
            raise ImportRefused(f"{where} must be an object")
        expected = {"id", "translations", *fields}
        if set(record) != expected:
            missing, extra = expected - set(record), set(record) - expected
            raise ImportRefused(f"{where}: " + "; ".join(
                part for part in (missing and f"missing {', '.join(sorted(missing))}",
                                  extra and f"unknown {', '.join(sorted(extra))}") if part))
        values = {name: _value(model, name, record[name], f"{where}.{name}") for name in ("id", *fields)}
        values["translations"] = _translations(model, record["translations"], where)
        parsed.append(values)
    ids = Counter(v["id"] for v in parsed)
    twice = [str(i) for i, n in ids.items() if n > 1]
    if twice:
        raise ImportRefused(f"{section}: the same id more than once: {', '.join(twice)}")
    return parsed


def _value(model, name: str, raw: Any, where: str) -> Any:
    """A file's value for one column, checked against the column's type, length and nullability."""
    column = model.__table__.c[name]
    if raw is None:
        if column.nullable and not column.primary_key:
            return None
        raise ImportRefused(f"{where} may not be empty")
    kind = column.type
    try:
        if isinstance(kind, Enum):
            if raw not in kind.enums:
                raise ValueError(f"must be one of {', '.join(kind.enums)}")
            return kind.enum_class(raw) if kind.enum_class else raw
        if isinstance(kind, Uuid):
            return uuid.UUID(_typed(raw, str))
        if isinstance(kind, Boolean):
            return _typed(raw, bool)
        if isinstance(kind, Integer):
            if _typed(raw, int) not in INT_RANGE:
                raise ValueError("is out of range")
            return raw
        if isinstance(kind, DateTime):
            return _utc(datetime.datetime.fromisoformat(_typed(raw, str)))
        if isinstance(kind, Date):
            return datetime.date.fromisoformat(_typed(raw, str))
        if isinstance(kind, (String, Text)):
            text = _typed(raw, str)
            if kind.length and len(text) > kind.length:
                raise ValueError(f"is longer than {kind.length} characters")
            if name == "status" and text not in (PUBLISHED, DRAFT):
                raise ValueError(f"must be {PUBLISHED} or {DRAFT}")
            if name in PHONE_COLUMNS and not STORED_PHONE.fullmatch(text):
                raise ValueError("must be a phone number in E.164 form, such as +441384241511, or a short number "
                                 "such as 116123")
            return text
    except ValueError as exc:
        shown = repr(raw) if len(repr(raw)) <= 60 else repr(raw)[:57] + "..."
        raise ImportRefused(f"{where}: {shown} {exc}" if str(exc).startswith(("must", "is")) else
                            f"{where}: {shown} is not valid ({exc})") from None
    raise ImportRefused(f"{where}: cannot be imported")  # a column type this module does not know yet


def _typed(raw: Any, kind: type) -> Any:
    # bool is an int to Python; neither stands in for the other here.
    if not isinstance(raw, kind) or (kind is int and isinstance(raw, bool)):
        raise ValueError(f"must be {TYPE_NAMES[kind]}")
    return raw


def _translations(model, raw: Any, where: str) -> dict[tuple[str, str], str]:
    if not isinstance(raw, dict):
        raise ImportRefused(f"{where}.translations must be an object of languages")
    texts = {}
    for locale, fields in raw.items():
        if locale not in SUPPORTED_LOCALES or locale == SOURCE_LOCALE:
            raise ImportRefused(f"{where}.translations: {locale!r} is not one of the translated languages")
        if not isinstance(fields, dict):
            raise ImportRefused(f"{where}.translations.{locale} must be an object of fields")
        for field, text in fields.items():
            if field not in model.translatable_fields:
                raise ImportRefused(f"{where}.translations.{locale}: {field!r} is not translated")
            if not isinstance(text, str) or not text.strip():
                raise ImportRefused(f"{where}.translations.{locale}.{field} must be some text")
            texts[field, locale] = text
    return texts


def _check_ids(parsed: dict[str, list[dict]], tenant_id) -> None:
    """No id in the file may be another scope's row, and no natural key another row's of this scope."""
    for section, records in parsed.items():
        model, _ = SECTIONS[section]
        ids = [r["id"] for r in records]
        # The one look across partnerships: whose rows are these ids?
        owners = db.session.execute(
            select(model.id, model.tenant_id).where(model.id.in_(ids)).execution_options(all_tenants=True)
        )
        foreign = [str(i) for i, owner in owners if owner != tenant_id]
        if foreign:
            raise ImportRefused(f"{section}: ids already used by other content of this installation: "
                                f"{', '.join(foreign[:5])}")
        key = NATURAL_KEYS.get(section)
        if key is None:
            continue
        in_file = Counter(r[key] for r in records)
        doubled = [str(k) for k, n in in_file.items() if n > 1]
        if doubled:
            raise ImportRefused(f"{section}: the same {key} more than once: {', '.join(doubled)}")
        file_ids = set(ids)
        existing = db.session.execute(
            select(getattr(model, key), model.id).where(_owned_by(model, tenant_id), getattr(model, key).in_(in_file))
        )
        taken = [str(k) for k, row_id in existing if row_id not in file_ids]
        if taken:
            raise ImportRefused(f"{section}: {key} already used here by a row with another id: {', '.join(taken)}")


def _check_references(parsed: dict[str, list[dict]], tenant_id) -> None:
    """Every reference points at a row in the file or one this scope may use."""
    categories = {r["id"] for r in parsed.get("categories", [])}
    bulletins = {r["id"] for r in parsed.get("bulletins", [])}
    checks = (
        ("entries", "category_id", Category, categories, True),
        ("overrides", "entry_id", Entry, set(), False),
        ("bulletin_sections", "bulletin_id", Bulletin, bulletins, None),
    )
    for section, column, target, in_file, national_allowed in checks:
        wanted = {r[column] for r in parsed.get(section, [])} - in_file
        if not wanted:
            continue
        if national_allowed is None:  # a section belongs to a bulletin of the same owner
            owner = _owned_by(target, tenant_id)
        elif national_allowed:  # a local entry may sit in a national topic
            owner = target.tenant_id.is_(None) | (target.tenant_id == tenant_id)
        else:  # an override is of a national entry
            owner = target.tenant_id.is_(None)
        found = set(db.session.scalars(select(target.id).where(target.id.in_(wanted), owner)))
        missing = sorted(str(i) for i in wanted - found)
        if missing:
            raise ImportRefused(f"{section}: {column} refers to rows that are neither in the file nor here: "
                                f"{', '.join(missing[:5])}" + (" (import the national catalogue first?)"
                                                              if tenant_id else ""))


def _apply(section: str, records: list[dict], tenant_id, counts: Counter) -> None:
    model, fields = SECTIONS[section]
    ids = [r["id"] for r in records]
    existing = {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}
    for record in records:
        row = existing.get(record["id"])
        if row is None:
            row = model(id=record["id"], tenant_id=tenant_id)
            db.session.add(row)
            counts[section + " added"] += 1
        changed = False
        for name in fields:
            if not _same(getattr(row, name), record[name]):
                setattr(row, name, record[name])
                changed = True
        if changed and record["id"] in existing:
            counts[section + " updated"] += 1


def _same(current: Any, new: Any) -> bool:
    # SQLite hands back naive datetimes (stored as UTC); the file's are aware.
    if isinstance(current, datetime.datetime) and isinstance(new, datetime.datetime):
        return _utc(current) == new
    return current == new


def _utc(moment: datetime.datetime) -> datetime.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def _apply_translations(parsed: dict[str, list[dict]], tenant_id, counts: Counter) -> None:
    """Each row's translations become exactly the file's."""
    wanted = {}
    for section, records in parsed.items():
        owner_type = SECTIONS[section][0].__tablename__
        for record in records:
            for (field, locale), text in record["translations"].items():
                wanted[owner_type, record["id"], field, locale] = text
    owners = [r["id"] for records in parsed.values() for r in records]
    current = {
        (t.owner_type, t.owner_id, t.field, t.locale): t
        for t in db.session.scalars(select(Translation).where(Translation.owner_id.in_(owners)))
    }
    for key, row in current.items():
        if key not in wanted:
            db.session.delete(row)
            counts["translations removed"] += 1
    for key, text in wanted.items():
        row = current.get(key)
        if row is None:
            owner_type, owner_id, field, locale = key
            row = Translation(owner_type=owner_type, owner_id=owner_id, field=field, locale=locale, tenant_id=tenant_id)
            db.session.add(row)
            counts["translations added"] += 1
        elif row.text != text:
            counts["translations updated"] += 1
        row.text = text


# --- Commands --------------------------------------------------------------------------------------


def _summary(counts: Counter) -> str:
    return ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing changed"


@click.command("export-catalogue")
@click.argument("file", type=click.File("w", encoding="utf-8"))
@with_appcontext
def export_catalogue_command(file) -> None:
    """Write the national catalogue to FILE (JSON; - for standard output)."""
    write(export_catalogue(), file)


@click.command("export-tenant")
@click.argument("slug")
@click.argument("file", type=click.File("w", encoding="utf-8"))
@with_appcontext
def export_tenant_command(slug: str, file) -> None:
    """Write one partnership's own content to FILE (JSON; - for standard output)."""
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        raise click.ClickException(f"there is no partnership {slug!r}")
    write(export_tenant(tenant), file)


@click.command("import-catalogue")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@with_appcontext
def import_catalogue_command(file) -> None:
    """Add or update the national catalogue from FILE; a refused file changes nothing."""
    try:
        counts = import_catalogue(read(file))
    except ImportRefused as exc:
        raise click.ClickException(f"nothing imported: {exc}") from None
    click.echo(f"National catalogue imported: {_summary(counts)}.")


@click.command("import-tenant")
@click.argument("slug")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@with_appcontext
def import_tenant_command(slug: str, file) -> None:
    """Add or update partnership SLUG's own content from FILE (creating the partnership if needed)."""
    try:
        counts = import_tenant(slug, read(file))
    except ImportRefused as exc:
        raise click.ClickException(f"nothing imported: {exc}") from None
    click.echo(f"{slug} imported: {_summary(counts)}.")


def init_app(app: Flask) -> None:
    for command in (export_catalogue_command, export_tenant_command, import_catalogue_command, import_tenant_command):
        app.cli.add_command(command)
