"""/ lists the partnerships; /<tenant>/ sends a resident on to the partnership in their language."""

from flask import redirect, render_template, url_for
from sqlalchemy import select

from ..extensions import db
from ..formatting import on_colour
from ..i18n import negotiate
from ..models import Tenant
from ..pictures import sprite
from ..tenancy import load_tenant_or_404
from . import bp


@bp.get("/")
def index():
    tenants = db.session.scalars(select(Tenant).where(Tenant.is_active.is_(True)).order_by(Tenant.name)).all()
    return render_template("landing/index.html", tenants=tenants)


@bp.get("/<tenant>/")
def partnership(tenant: str):
    partnership = load_tenant_or_404(tenant)
    lang = negotiate(partnership.languages, partnership.default_language)
    response = redirect(url_for("public.home", tenant=partnership.slug, lang=lang))
    response.vary.add("Accept-Language")
    return response


@bp.get("/healthz")
def health():
    db.session.execute(select(1))
    return {"status": "ok"}


@bp.get("/pictures.svg")
def pictures():
    """The easy-read pictures as one SVG sprite: the same for every page, partnership and language."""
    return sprite(), 200, {"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=604800"}


@bp.get("/<tenant>/theme.css")
def theme(tenant: str):
    """The partnership's brand colour, as a stylesheet (no inline styles: the CSP forbids them)."""
    partnership = load_tenant_or_404(tenant)
    css = render_template("landing/theme.css", brand=partnership.brand_colour, on_brand=on_colour(partnership.brand_colour))
    return css, 200, {"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=86400"}
