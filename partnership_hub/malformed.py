"""Requests that no browser sends, made harmless before Flask reads them.

A raw HTTP client can put any byte into the query string; WSGI servers hand them on undecoded, and
Werkzeug's ``request.args`` then fails with a UnicodeDecodeError (a 500). Percent-encoding every
byte outside printable ASCII keeps the meaning of what a browser would send (it encodes the same
bytes the same way) and turns invalid UTF-8 into replacement characters instead of an error.

A path with a control character (``%00`` and the like) names no page: it is answered 404 at once,
before any of it reaches a database (PostgreSQL refuses NUL in text, which would be a 500).
"""

from __future__ import annotations

import re

from werkzeug.wrappers import Response

from .headers import add_security_headers

_UNSAFE_BYTE = re.compile(rb"[^\x21-\x7e]")


def _percent_encode(match: re.Match) -> bytes:
    return b"%%%02X" % match[0][0]


def _has_control_character(text: str) -> bool:
    return any(c < " " or c == "\x7f" for c in text)


class MalformedRequestGuard:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if _has_control_character(environ.get("PATH_INFO", "")):
            response = add_security_headers(Response("404 Not Found\n", 404, mimetype="text/plain"))
            return response(environ, start_response)
        query = environ.get("QUERY_STRING", "")
        if query and not query.isascii() or _has_control_character(query):
            # WSGI strings carry bytes as latin-1 characters.
            raw = query.encode("latin-1", "replace")
            environ["QUERY_STRING"] = _UNSAFE_BYTE.sub(_percent_encode, raw).decode("ascii")
        return self.wsgi_app(environ, start_response)
