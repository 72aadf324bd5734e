"""The national catalogue's broken or redirected links (from the last ``flask check-links`` run)."""

from flask import render_template

from ..links import last_checked, link_problems
from . import bp


@bp.get("/links")
def links():
    # The national scope: only national entries are visible here, and only they are asked for.
    return render_template("national/links.html", problems=link_problems(None), checked_at=last_checked(None))
