"""Residents' pages. Each view loads through directory.py (tenant-scoped) and renders."""

from __future__ import annotations

import datetime
import unicodedata
import uuid

from flask import abort, g, redirect, render_template, request, url_for

from .. import cache, directory
from ..i18n import SUPPORTED_LOCALES, text_direction
from ..models import load_texts
from ..paging import requested_page
from ..tenancy import load_tenant_or_404
from . import bp

MAX_QUERY_LENGTH = 200
# When the accessibility statement was last reviewed against the pages; update it with each review.
STATEMENT_PREPARED_ON = datetime.date(2026, 11, 23)


# A page whose content has not changed never gets here: cache.KnownPages answers it from its validator
# or the page cache. A page built here is kept under the key KnownPages worked out.
bp.after_request(cache.keep_page)


@bp.url_value_preprocessor
def enter_partnership(endpoint, values) -> None:
    tenant = load_tenant_or_404(values.pop("tenant"))
    g.lang = values.pop("lang")
    g.easy_read = request.args.get("easy") == "1"
    if not tenant.offers(g.lang):
        # Same page, in a language the partnership offers.
        args = {**request.view_args, **request.args.to_dict(), "lang": tenant.default_language}
        abort(redirect(url_for(request.endpoint, **args)))


@bp.url_defaults
def keep_partnership(endpoint, values) -> None:
    if "tenant" not in values:
        values["tenant"] = g.tenant.slug
    if "lang" not in values:
        values["lang"] = g.lang
    # Easy read travels with every link until a link says easy=0.
    if str(values.pop("easy", 1 if g.get("easy_read") else 0)) == "1":
        values["easy"] = 1


def here(**changes) -> str:
    """This page again, with some of its URL values changed (language, easy read)."""
    if request.endpoint is None or not request.endpoint.startswith("public."):
        return url_for("public.home", **changes)
    values = {**request.args.to_dict(), **(request.view_args or {}), **changes}
    return url_for(request.endpoint, **values)


@bp.context_processor
def page_chrome() -> dict:
    # An error page for an unknown partnership renders without it (errors.py decides).
    return chrome_context() if g.get("tenant") is not None and g.get("lang") else {}


def chrome_context() -> dict:
    """What every page of a partnership shows around its content (also used by error pages)."""
    box = directory.help_box()
    load_texts([box.emergency, *box.lines], g.lang)
    return {
        "tenant": g.tenant,
        "help_box": box,
        "lang": g.lang,
        "dir": text_direction(g.lang),
        "here": here,
        "languages": [code for code in SUPPORTED_LOCALES if g.tenant.offers(code)],
    }


@bp.get("/")
def home():
    categories = directory.categories_with_counts()
    pinned = directory.pinned_listings()
    welcome = directory.snippet("welcome")
    bulletins = directory.bulletins(limit=3)
    directory.translate(pinned, g.lang, [c for c, _ in categories], welcome, bulletins)
    return render_template("public/home.html", categories=categories, pinned=pinned, welcome=welcome,
                           bulletins=bulletins)


@bp.get("/topics/<slug>")
def category(slug: str):
    category = directory.category_or_404(slug)
    listings = directory.category_listings(category)
    directory.translate(listings, g.lang, category)
    return render_template("public/category.html", category=category, listings=listings)


@bp.get("/entries/<uuid:entry_id>")
def entry(entry_id: uuid.UUID):
    listing = directory.listing_or_404(entry_id)
    directory.translate([listing], g.lang)
    return render_template("public/entry.html", listing=listing, entry=listing.entry)


@bp.get("/search")
def search():
    query = " ".join(without_control_characters(request.args.get("q", "")).split())[:MAX_QUERY_LENGTH]
    results = directory.search(query, g.lang, requested_page(directory.SEARCH_MAX_PAGE))
    directory.translate(results.listings, g.lang)
    return render_template("public/search.html", query=query, results=results)


def without_control_characters(text: str) -> str:
    # NUL and other control characters are no search words, and the databases refuse some of them.
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)


@bp.get("/bulletins/")
def bulletins():
    items = directory.bulletins()
    load_texts(items, g.lang)
    return render_template("public/bulletins.html", bulletins=items)


@bp.get("/bulletins/<uuid:bulletin_id>")
def bulletin(bulletin_id: uuid.UUID):
    item = directory.bulletin_or_404(bulletin_id)
    load_texts([item, *item.sections], g.lang)
    return render_template("public/bulletin.html", bulletin=item)


@bp.get("/help/cover-your-tracks")
def cover_your_tracks():
    return render_template("public/cover_your_tracks.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html", prepared_on=STATEMENT_PREPARED_ON)
