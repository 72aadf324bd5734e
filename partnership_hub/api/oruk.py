"""How the directory reads in the Open Referral UK profile of HSDS 3.0.

An entry is a *service*. Its topic (category) and its kind are *taxonomy terms* of two taxonomies
defined here, linked to the service through *attributes*; its phone and text numbers are *phones*
(HSDS 3.0 core; the UK profile adds nothing of its own for them), its opening hours a *schedule* with
the staff's wording as the description. Objects that have no row of their own (schedules, phones,
attributes, the taxonomies and the kind terms) get name-based UUIDs, so their ids are stable too.
Properties the standard lacks carry the ``x_`` prefix, as the profile asks of local additions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import phonenumbers
from flask import url_for

from ..directory import Listing
from ..formatting import display_phone
from ..models import Category, EntryKind

STANDARD = Path(__file__).parent / "standard"
HSDS_VERSION = "3.0"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
NAMESPACE = uuid.UUID("0c5e4b8e-41f3-4f55-9a7c-6f0e2d9b7a31")


def stable_id(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


@dataclass(frozen=True)
class Taxonomy:
    key: str
    name: str
    description: str
    link_type: str

    @property
    def id(self) -> str:
        return stable_id("taxonomy", self.key)


TOPICS = Taxonomy(
    "topics", "Partnership Hub topics",
    "The topics a partnership's online-safety directory is arranged in: the national catalogue's, plus the "
    "partnership's own.", "topic",
)
RESOURCE_TYPES = Taxonomy(
    "resource_types", "Partnership Hub resource types",
    "What kind of resource a service is: a website, a helpline, a reporting route, a course, a document or an "
    "app guide.", "resource_type",
)
TAXONOMIES = (TOPICS, RESOURCE_TYPES)

KIND_LABELS = {
    EntryKind.WEBSITE: ("Website", "A website with advice or information."),
    EntryKind.HELPLINE: ("Helpline", "Someone to talk to by phone, text or chat."),
    EntryKind.REPORTING: ("Reporting route", "Where to report something that happened online."),
    EntryKind.COURSE: ("Course", "Training or a course, online or in person."),
    EntryKind.DOCUMENT: ("Document", "A guide or leaflet to read or download."),
    EntryKind.APP_GUIDE: ("App guide", "How to use an app's safety settings."),
}


def kind_term_id(kind: EntryKind) -> str:
    return stable_id("resource_type", kind.value)


KIND_BY_TERM_ID = {kind_term_id(kind): kind for kind in EntryKind}


def taxonomy(tax: Taxonomy, terms: list[dict] | None = None) -> dict:
    body = {
        "id": tax.id, "name": tax.name, "description": tax.description, "version": "1",
        "uri": url_for("api.taxonomy", taxonomy_id=tax.id, _external=True),
    }
    if terms is not None:
        body["taxonomy_terms"] = terms
    return body


def topic_term(category: Category) -> dict:
    return {
        "id": str(category.id), "name": category.name, "term": category.name, "description": category.description,
        "taxonomy": TOPICS.name, "taxonomy_id": TOPICS.id,
        "term_uri": url_for("api.taxonomy_term", term_id=category.id, _external=True),
    }


def kind_term(kind: EntryKind) -> dict:
    name, description = KIND_LABELS[kind]
    return {
        "id": kind_term_id(kind), "name": name, "term": name, "description": description,
        "taxonomy": RESOURCE_TYPES.name, "taxonomy_id": RESOURCE_TYPES.id,
        "term_uri": url_for("api.taxonomy_term", term_id=kind_term_id(kind), _external=True),
    }


def timestamp(moment: datetime) -> str:
    # SQLite hands back naive datetimes; every stored time is UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _without_empty(body: dict) -> dict:
    # The schemas type optional fields as plain strings: an absent value is left out, not null.
    return {key: value for key, value in body.items() if value is not None}


def service_summary(listing: Listing) -> dict:
    """The one-to-one fields of a service (compiled/service_list.json)."""
    entry, override = listing.entry, listing.override
    changed = [entry.updated_at, entry.category.updated_at] + ([override.updated_at] if override else [])
    return _without_empty({
        "id": str(entry.id),
        "name": entry.title,
        "description": entry.summary,
        "url": entry.url or None,
        "email": entry.email or None,
        "status": "active",
        "last_modified": timestamp(max(t for t in changed if t is not None)),
        "x_local": not entry.is_national,
        "x_pinned": listing.pinned,
        "x_partnership_note": override.note if override and override.note else None,
        "x_chat_url": entry.chat_url or None,
    })


def service(listing: Listing) -> dict:
    """The fully nested service (compiled/service.json) with HSDS 3.0's phones."""
    entry = listing.entry
    body = service_summary(listing)
    body["attributes"] = [
        _attribute(entry.id, TOPICS, topic_term(entry.category)),
        _attribute(entry.id, RESOURCE_TYPES, kind_term(entry.kind)),
    ]
    body["phones"] = [
        _phone(entry.id, number, kind, description)
        for number, kind, description in ((entry.phone, "voice", "Phone"), (entry.text_number, "text", "Text message"))
        if number
    ]
    body["schedules"] = (
        [{"id": stable_id(entry.id, "schedule"), "service_id": str(entry.id), "description": entry.opening_hours}]
        if entry.opening_hours else []
    )
    return body


def _attribute(entry_id, tax: Taxonomy, term: dict) -> dict:
    return {
        "id": stable_id(entry_id, "attribute", term["id"]), "link_id": str(entry_id), "link_type": tax.link_type,
        "link_entity": "service", "taxonomy_term_id": term["id"], "taxonomy_term": term,
    }


def _phone(entry_id, number: str, kind: str, description: str) -> dict:
    try:
        parsed = phonenumbers.parse(number, "GB")
        # A short number (116 123) is only dialled as it is, within the UK: never written after +44.
        shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL) \
            if number.startswith("+") else display_phone(number)
    except phonenumbers.NumberParseException:
        shown = number
    return {
        "id": stable_id(entry_id, "phone", kind), "service_id": str(entry_id), "number": shown, "type": kind,
        "description": description,
    }
