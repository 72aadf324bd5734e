"""The printable help card: one A4 page per partnership and language, for posters in schools,
surgeries and libraries. It carries the emergency box and the partnership's own lines (the help box
every page shows), the top national reporting routes, and a QR code for the partnership's site.

The QR code is drawn here, as SVG inside the page, so printing the card asks nothing of any other
site. It encodes the site's address in the card's language (and in easy read, for an easy-read card).
"""

from __future__ import annotations

from flask import g, render_template, url_for
from flask_babel import gettext as _

from .. import directory
from ..formatting import qr_code
from . import bp

# As many routes as fit on the page beside everything else. Easy read has larger text and a picture
# beside each idea, and fewer choices are easier to act on.
HELP_CARD_ROUTES = 6
EASY_READ_ROUTES = 4


@bp.get("/help-card")
def help_card():
    routes = directory.national_reporting_routes(limit=EASY_READ_ROUTES if g.easy_read else HELP_CARD_ROUTES)
    directory.translate(routes, g.lang)
    site_url = url_for("public.home", _external=True)
    return render_template("public/help_card.html", routes=routes, site_url=site_url,
                           qr_code=qr_code(site_url, _("QR code that opens this website"), svgclass="qr-code", omitsize=True))


@bp.app_template_filter("printable_url")
def printable_url(url: str) -> str:
    """An address as a reader types it from paper: no scheme, no trailing slash."""
    return url.split("://", 1)[-1].rstrip("/")
