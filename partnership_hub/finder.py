"""The help finder's logic: which situations a partnership offers, how its questions are worded, and
which routes answer a path through them. Every query runs in the request's tenant scope (tenancy.py),
so another partnership's situations, routes and notes never appear, and a national entry the
partnership has hidden is dropped from the routes like everywhere else on its site."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flask import abort
from sqlalchemy import select

from .directory import Listing, _not_hidden
from .extensions import db
from .models import Entry, EntryOverride, FinderNote, FinderQuestion, FinderRoute, FinderSituation
from .models.finder import ADULT, EVERYONE, UNDER_18


class Danger(StrEnum):
    YES = "yes"
    NO = "no"


class Age(StrEnum):
    UNDER_18 = "under-18"
    ADULT = "18-or-over"
    NOT_SURE = "not-sure"


# Which routes each answer to the age question reaches; "not sure" reaches them all.
AUDIENCES_FOR = {
    Age.UNDER_18: (EVERYONE, UNDER_18),
    Age.ADULT: (EVERYONE, ADULT),
    Age.NOT_SURE: (EVERYONE, UNDER_18, ADULT),
}


@dataclass
class Route:
    """A route as the partnership shows it: the finder's advice and the entry's listing."""

    route: FinderRoute
    listing: Listing


def parse(enum: type[StrEnum], raw: str | None) -> StrEnum | None:
    """An answer from the URL, or None when it is missing or not one of the choices."""
    try:
        return enum(raw)
    except ValueError:
        return None


def situations() -> list[FinderSituation]:
    return list(db.session.scalars(
        select(FinderSituation).where(FinderSituation.live()).order_by(FinderSituation.position, FinderSituation.label)
    ))


def situation_or_404(slug: str) -> tuple[FinderSituation, FinderNote | None]:
    """The partnership's own situation with this slug, else the national one, with the partnership's note."""
    row = db.session.execute(
        select(FinderSituation, FinderNote)
        .outerjoin(FinderNote, FinderNote.situation_id == FinderSituation.id)
        .where(FinderSituation.slug == slug, FinderSituation.live())
        .order_by(FinderSituation.tenant_id.is_(None))
        .limit(1)
    ).first()
    if row is None:
        abort(404)
    return row[0], row[1]


def question(key: str) -> FinderQuestion | None:
    """The partnership's wording of a question, else the national one (None: the template's default)."""
    return db.session.scalars(
        select(FinderQuestion).where(FinderQuestion.key == key).order_by(FinderQuestion.tenant_id.is_(None)).limit(1)
    ).first()


def routes(situation: FinderSituation, age: Age) -> list[Route]:
    """National routes first, then the partnership's own, each in its set order."""
    rows = db.session.execute(
        select(FinderRoute, Entry, EntryOverride)
        .join(Entry, Entry.id == FinderRoute.entry_id)
        .outerjoin(EntryOverride, EntryOverride.entry_id == Entry.id)
        .where(
            FinderRoute.situation_id == situation.id,
            FinderRoute.audience.in_(AUDIENCES_FOR[age]),
            Entry.live(),
            _not_hidden(),
        )
        .order_by(FinderRoute.tenant_id.is_not(None), FinderRoute.position, Entry.title)
    )
    return [Route(route, Listing(entry, override)) for route, entry, override in rows]
