"""Which page of a long list a request asks for."""

from __future__ import annotations

from flask import request


def requested_page(last: int) -> int:
    """The ``page`` of the query string, from 1 to ``last``. Anything that is not a page number (a word,
    zero, a negative) is the first page, and a larger number is ``last``: a query's offset stays within
    what the database can count (SQLite overflows past 2**63)."""
    return min(max(request.args.get("page", 1, type=int), 1), last)
