"""The demo content: the national catalogue, Dudley, and a fictional neighbour, loaded from the TOML
files beside this module. Rows get stable ids derived from their keys, so loading twice adds nothing
and never overwrites what staff have since changed."""

from __future__ import annotations

import tomllib
import uuid
from pathlib import Path

from sqlalchemy import select

from ..extensions import db
from ..formatting import normalise_phone
from ..models import (
    Bulletin,
    BulletinSection,
    Category,
    ContactLine,
    Entry,
    EntryKind,
    EntryOverride,
    FinderNote,
    FinderQuestion,
    FinderRoute,
    FinderSituation,
    Snippet,
    Tenant,
    TenantHost,
)
from ..tenancy import all_tenants

HERE = Path(__file__).parent
NAMESPACE = uuid.UUID("6f1c3e0a-3b7e-4e4e-9b5c-2f8d1a0c9e11")
TENANT_FILES = ("dudley.toml", "brierley-vale.toml")
FINDER_FILE = "finder.toml"
TRANSLATIONS = HERE / "translations"


def stable_id(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(parts))


class Loader:
    """Adds what is missing; counts what it added."""

    def __init__(self):
        self.added = 0

    def ensure(self, model, id_: uuid.UUID, **values):
        obj = db.session.get(model, id_)
        if obj is None:
            obj = model(id=id_, **values)
            db.session.add(obj)
            self.added += 1
        return obj

    def categories(self, scope: str, tenant_id, items) -> None:
        for item in items:
            self.ensure(
                Category, stable_id(scope, "category", item["slug"]), tenant_id=tenant_id, slug=item["slug"],
                name=item["name"], description=item.get("description", ""), easy_read=item.get("easy_read"),
                icon=item.get("icon", "info"), position=item.get("position", 0),
            )

    def entries(self, scope: str, tenant_id, items) -> None:
        for item in items:
            category_id = self._category_id(scope, item["category"])
            self.ensure(
                Entry, stable_id(scope, "entry", item["key"]), tenant_id=tenant_id, category_id=category_id,
                kind=EntryKind(item["kind"]), title=item["title"], summary=item.get("summary", ""),
                easy_read=item.get("easy_read"), url=item.get("url"),
                phone=_phone(item.get("phone")), text_number=_phone(item.get("text_number")),
                email=item.get("email"), chat_url=item.get("chat_url"), opening_hours=item.get("opening_hours"),
                position=item.get("position", 0),
            )

    def _category_id(self, scope: str, slug: str) -> uuid.UUID:
        return self._own_or_national(scope, Category, "category", slug)

    def snippets(self, scope: str, tenant_id, items) -> None:
        for item in items:
            self.ensure(
                Snippet, stable_id(scope, "snippet", item["key"]), tenant_id=tenant_id, key=item["key"],
                title=item["title"], body=item["body"], easy_read=item.get("easy_read"),
            )

    def tenant(self, data: dict) -> Tenant:
        info = data["tenant"]
        scope = info["slug"]
        tenant = self.ensure(
            Tenant, stable_id(scope, "tenant"), slug=scope, name=info["name"], logo_text=info["logo_text"],
            brand_colour=info["brand_colour"], languages=info["languages"], default_language=info["default_language"],
        )
        db.session.flush()
        for host in info.get("hosts", []):
            self.ensure(TenantHost, stable_id(scope, "host", host), tenant_id=tenant.id, host=host)
        for line in data.get("contact_lines", []):
            self.ensure(
                ContactLine, stable_id(scope, "contact_line", line["key"]), tenant_id=tenant.id, label=line["label"],
                phone=normalise_phone(line["phone"]), hours=line.get("hours"), position=line.get("position", 0),
            )
        self.snippets(scope, tenant.id, data.get("snippets", []))
        self.categories(scope, tenant.id, data.get("categories", []))
        db.session.flush()
        self.entries(scope, tenant.id, data.get("entries", []))
        for item in data.get("overrides", []):
            self.ensure(
                EntryOverride, stable_id(scope, "override", item["entry"]), tenant_id=tenant.id,
                entry_id=stable_id("national", "entry", item["entry"]), hidden=item.get("hidden", False),
                pinned=item.get("pinned", False), note=item.get("note"),
            )
        for item in data.get("bulletins", []):
            self.bulletin(scope, tenant.id, item)
        return tenant

    def bulletin(self, scope: str, tenant_id, item: dict) -> None:
        bulletin = self.ensure(
            Bulletin, stable_id(scope, "bulletin", item["key"]), tenant_id=tenant_id, title=item["title"],
            summary=item.get("summary", ""), easy_read=item.get("easy_read"), contact=item.get("contact"),
            issued_on=item.get("issued_on"),
        )
        for section in item.get("sections", []):
            self.ensure(
                BulletinSection, stable_id(scope, "section", item["key"], str(section["position"])),
                tenant_id=tenant_id, bulletin_id=bulletin.id, position=section["position"],
                heading=section["heading"], body=section["body"], easy_read=section.get("easy_read"),
            )

    def finder(self, scope: str, tenant_id, data: dict) -> None:
        """The help finder's rows of one scope ("national" or a partnership's slug), from finder.toml."""
        for item in data.get("questions", []):
            self.ensure(
                FinderQuestion, stable_id(scope, "finder_question", item["key"]), tenant_id=tenant_id, key=item["key"],
                question=item["question"], hint=item.get("hint", ""), easy_read=item.get("easy_read"),
            )
        for item in data.get("situations", []):
            self.ensure(
                FinderSituation, stable_id(scope, "finder_situation", item["slug"]), tenant_id=tenant_id,
                slug=item["slug"], label=item["label"], hint=item.get("hint", ""), easy_read=item.get("easy_read"),
                position=item.get("position", 0),
            )
        db.session.flush()
        routes = [dict(route, situation=item["slug"]) for item in data.get("situations", []) for route in item["routes"]]
        for position, item in enumerate(routes + data.get("routes", [])):
            self.ensure(
                FinderRoute, stable_id(scope, "finder_route", item["situation"], item["entry"]), tenant_id=tenant_id,
                situation_id=self._own_or_national(scope, FinderSituation, "finder_situation", item["situation"]),
                entry_id=self._own_or_national(scope, Entry, "entry", item["entry"]),
                audience=item.get("audience", "everyone"), advice=item.get("advice", ""),
                easy_read=item.get("easy_read"), position=position,
            )
        for item in data.get("notes", []):
            self.ensure(
                FinderNote, stable_id(scope, "finder_note", item["situation"]), tenant_id=tenant_id,
                situation_id=self._own_or_national(scope, FinderSituation, "finder_situation", item["situation"]),
                body=item["body"], easy_read=item.get("easy_read"),
            )

    def _own_or_national(self, scope: str, model, kind: str, key: str) -> uuid.UUID:
        local = stable_id(scope, kind, key)
        if scope != "national" and db.session.get(model, local) is not None:
            return local
        return stable_id("national", kind, key)

    def translations(self, locale: str, data: dict) -> None:
        """``[scope.kind.key] field = "text"`` tables; an existing translation is left as staff left it."""
        kinds = {"category": Category, "entry": Entry, "snippet": Snippet, "override": EntryOverride,
                 "bulletin": Bulletin, "section": BulletinSection, "contact_line": ContactLine,
                 "finder_question": FinderQuestion, "finder_situation": FinderSituation,
                 "finder_route": FinderRoute, "finder_note": FinderNote}
        for scope, by_kind in data.items():
            for kind, by_key in by_kind.items():
                for key, fields in by_key.items():
                    obj = db.session.get(kinds[kind], stable_id(scope, kind, *key.split(":")))
                    if obj is None:
                        continue
                    for field, text in fields.items():
                        if not obj.text_in(field, locale):
                            obj.set_translation(field, locale, text)
                            self.added += 1


def _phone(raw: str | None) -> str | None:
    return normalise_phone(raw) if raw else None


def read(name: str) -> dict:
    with open(HERE / name, "rb") as f:
        return tomllib.load(f)


def load_demo() -> int:
    """Load every demo file; returns how many rows were added (0 on a second run)."""
    loader = Loader()
    with all_tenants():
        national = read("national.toml")
        loader.snippets("national", None, national.get("snippets", []))
        loader.categories("national", None, national.get("categories", []))
        db.session.flush()
        loader.entries("national", None, national.get("entries", []))
        db.session.flush()
        for name in TENANT_FILES:
            loader.tenant(read(name))
            db.session.flush()
        for scope, data in read(FINDER_FILE).items():
            loader.finder(scope, None if scope == "national" else stable_id(scope, "tenant"), data)
            db.session.flush()
        for path in sorted(TRANSLATIONS.glob("*.toml")):
            with open(path, "rb") as f:
                loader.translations(path.stem, tomllib.load(f))
            db.session.flush()
        db.session.commit()
    return loader.added


def load_demo_accounts(password: str, totp_secret: str | None = None) -> list[str]:
    """The demo's staff accounts (only the demo seed makes them): the maintainer and one admin per
    demo partnership. Returns the emails it created.

    With ``totp_secret`` (DEMO_TOTP_SECRET), they all have two-factor on with that secret, so that
    automated checks of a demo install can compute their codes and sign in."""
    from ..accounts import create_account
    from ..models import User

    wanted = [("maintainer@demo.invalid", "maintainer", [])]
    with all_tenants():
        for name in TENANT_FILES:
            slug = read(name)["tenant"]["slug"]
            tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
            wanted.append((f"admin@{slug}.demo.invalid", "admin", [tenant]))
        created = []
        for email, role, tenants in wanted:
            if db.session.scalar(select(User).where(User.email == email)) is None:
                user = create_account(email, password, role, tenants)
                if totp_secret:
                    user.totp_secret = totp_secret
                    db.session.commit()
                created.append(email)
    return created
