"""A partnership's staff workspace: /admin/<tenant>/... (tenant-scoped, members and the maintainer)."""

from flask import Blueprint, g

from ..staff import enter_partnership, require_sign_in

bp = Blueprint("admin", __name__, template_folder="templates")


@bp.url_value_preprocessor
def _pull_tenant(_endpoint, values) -> None:
    g.tenant_slug = values.pop("tenant")


@bp.url_defaults
def _add_tenant(_endpoint, values) -> None:
    if "tenant" not in values and "tenant" in g:
        values["tenant"] = g.tenant.slug


@bp.before_request
def _enter_partnership():
    # Sign-in first, then membership: the one gate for every route of this blueprint.
    redirect_to_sign_in = require_sign_in()
    if redirect_to_sign_in:
        return redirect_to_sign_in
    enter_partnership(g.tenant_slug)
    return None


from . import routes  # noqa: E402,F401
from . import finder_routes  # noqa: E402,F401
from . import links  # noqa: E402,F401
from . import settings  # noqa: E402,F401
from ..workspace import register as _register_shared_pages  # noqa: E402

_register_shared_pages(bp)
