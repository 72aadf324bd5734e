"""Open data: each partnership's published directory as a read-only Open Referral UK (HSDS 3.0) API,
at ``/<tenant>/api/`` (``/api/`` on the partnership's own domain)."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
# Nothing here changes anything, and no request carries a session: there is nothing to forge.
csrf.exempt(bp)

from . import routes  # noqa: E402,F401  (registers the views on bp)
