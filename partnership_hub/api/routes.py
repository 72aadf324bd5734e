"""The Open Referral UK endpoints of one partnership. Open to anyone, read-only, JSON only, no cookies,
``Access-Control-Allow-Origin: *`` on every answer (errors too). Every query runs in the partnership's
scope (tenancy.py), so another partnership's local entries cannot appear; hidden, draft and deleted
entries are left out by directory.published_query, as on the resident pages."""

from __future__ import annotations

import copy
import json
import logging
import math
import uuid
from functools import cache

from flask import g, jsonify, request, url_for
from sqlalchemy import false, func, select
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError, MethodNotAllowed, NotFound

from .. import directory
from ..extensions import db
from ..models import Category, Entry
from ..tenancy import load_tenant_or_404
from . import bp, oruk

log = logging.getLogger(__name__)

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_SEARCH_LENGTH = 200
# Filters of the standard that this directory has no data for: refused, rather than silently ignored.
UNSUPPORTED_FILTERS = ("minimum_age", "maximum_age", "start_time", "end_time", "day", "postcode", "proximity")
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


@bp.url_value_preprocessor
def enter_publisher(endpoint, values) -> None:
    load_tenant_or_404(values.pop("tenant"))


@bp.url_defaults
def keep_publisher(endpoint, values) -> None:
    values.setdefault("tenant", g.tenant.slug)


@bp.after_request
def open_to_all(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.errorhandler(HTTPException)
def json_error(error: HTTPException):
    response = jsonify({"status": error.code, "error": error.name, "message": error.description})
    response.status_code = error.code
    if isinstance(error, MethodNotAllowed):
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    return response


@bp.errorhandler(Exception)
def json_crash(error: Exception):
    log.exception("unhandled error on %s", request.path)
    db.session.rollback()
    return json_error(InternalServerError())


# --- Parameters ------------------------------------------------------------------------------------


def _int_arg(name: str, default: int, highest: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= highest:
        raise BadRequest(f"{name} must be a whole number from 1 to {highest}.")
    return int(raw)


def _uuid_arg(name: str) -> uuid.UUID | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a UUID.") from None


def _paging() -> tuple[int, int]:
    # The page is capped only so that the offset stays within the database's integers.
    return _int_arg("page", 1, 10**9), _int_arg("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)


def _page(total: int, page: int, per_page: int, contents: list) -> dict:
    """The standard's Page object (openapi.json, components/schemas/Page)."""
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _parse_id(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound("There is no such item.") from None


# --- Endpoints -------------------------------------------------------------------------------------


@bp.get("/")
def root():
    return jsonify({
        "version": oruk.HSDS_VERSION,
        "profile": oruk.PROFILE_URL,
        "openapi_url": url_for("api.openapi", _external=True),
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(describe(url_for("api.root", _external=True).rstrip("/"), g.tenant.name))


@bp.get("/services")
def services():
    page, per_page = _paging()
    for name in UNSUPPORTED_FILTERS:
        if name in request.args:
            raise BadRequest(f"This directory records no data for the {name} filter.")
    stmt = directory.published_query()
    query = " ".join(request.args.get("search", "").split())
    if len(query) > MAX_SEARCH_LENGTH:
        raise BadRequest(f"search must be at most {MAX_SEARCH_LENGTH} characters.")
    if query:
        stmt = directory.matching(stmt, query, "en")
    term_id = _uuid_arg("taxonomy_term_id")
    if term_id is not None:
        kind = oruk.KIND_BY_TERM_ID.get(str(term_id))
        stmt = stmt.where(Entry.kind == kind if kind else Entry.category_id == term_id)
    taxonomy_id = _uuid_arg("taxonomy_id")
    if taxonomy_id is not None and str(taxonomy_id) not in {t.id for t in oruk.TAXONOMIES}:
        # Every service has a term in both taxonomies; in any other, none.
        stmt = stmt.where(false())
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = []
    if (page - 1) * per_page < total:
        rows = db.session.execute(stmt.order_by(Entry.title, Entry.id).limit(per_page).offset((page - 1) * per_page))
    contents = [oruk.service_summary(directory.Listing(entry, override)) for entry, override in rows]
    return jsonify(_page(total, page, per_page, contents))


@bp.get("/services/<service_id>")
def service(service_id: str):
    row = db.session.execute(directory.published_query().where(Entry.id == _parse_id(service_id))).first()
    if row is None:
        raise NotFound("This directory has no such service.")
    return jsonify(oruk.service(directory.Listing(*row)))


@bp.get("/taxonomies")
def taxonomies():
    page, per_page = _paging()
    items = [oruk.taxonomy(tax) for tax in oruk.TAXONOMIES]
    return jsonify(_page(len(items), page, per_page, items[(page - 1) * per_page: page * per_page]))


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    if taxonomy_id == oruk.TOPICS.id:
        return jsonify(oruk.taxonomy(oruk.TOPICS, [oruk.topic_term(c) for c in _topics()]))
    if taxonomy_id == oruk.RESOURCE_TYPES.id:
        return jsonify(oruk.taxonomy(oruk.RESOURCE_TYPES, [oruk.kind_term(k) for k in oruk.KIND_LABELS]))
    raise NotFound("This directory has no such taxonomy.")


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    page, per_page = _paging()
    # A few dozen topics at most: they are read whole and the page cut here, in one query at any size.
    terms = [oruk.topic_term(c) for c in _topics()] + [oruk.kind_term(k) for k in oruk.KIND_LABELS]
    return jsonify(_page(len(terms), page, per_page, terms[(page - 1) * per_page: page * per_page]))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    kind = oruk.KIND_BY_TERM_ID.get(term_id)
    if kind is not None:
        return jsonify(oruk.kind_term(kind))
    category = db.session.scalar(select(Category).where(Category.id == _parse_id(term_id), Category.live()))
    if category is None:
        raise NotFound("This directory has no such taxonomy term.")
    return jsonify(oruk.topic_term(category))


@bp.route("/", defaults={"rest": ""}, methods=WRITE_METHODS)
@bp.route("/<path:rest>", methods=["GET", *WRITE_METHODS])
def elsewhere(rest: str):
    """Anything else under the API answers in JSON too: a read-only API refuses writes."""
    if request.method in WRITE_METHODS:
        raise MethodNotAllowed(description="This API is read-only.")
    raise NotFound("This API has no such endpoint.")


def _topics() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.live()).order_by(Category.position, Category.name)))


# --- The OpenAPI description -----------------------------------------------------------------------

SERVED_PATHS = ("/", "/services", "/services/{id}", "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms",
                "/taxonomy_terms/{id}")


@cache
def _standard() -> dict:
    return json.loads((oruk.STANDARD / "openapi.json").read_text(encoding="utf-8"))


def describe(base_url: str, publisher: str) -> dict:
    """The standard's own description, cut to what this API implements, with this publisher's base URL."""
    spec = copy.deepcopy(_standard())
    spec["info"]["title"] = f"{publisher}: online-safety directory (Open Referral UK)"
    spec["servers"] = [{"url": base_url}]
    spec["paths"] = {path: spec["paths"][path] for path in SERVED_PATHS}
    unsupported = {f"#/components/parameters/{name}" for name in UNSUPPORTED_FILTERS}
    operation = spec["paths"]["/services"]["get"]
    operation["parameters"] = [p for p in operation["parameters"] if p["$ref"] not in unsupported]
    return spec
