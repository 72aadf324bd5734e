"""The partnership's broken or redirected links (from the last ``flask check-links`` run)."""

from flask import g, render_template

from ..links import last_checked, link_problems
from . import bp


@bp.get("/links")
def links():
    return render_template("admin/links.html", problems=link_problems(g.tenant.id), checked_at=last_checked(g.tenant.id))
