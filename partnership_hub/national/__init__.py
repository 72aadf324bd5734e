"""The national maintainer's workspace: /national/... (the shared catalogue, tenants, staff).

Views here run in the national scope (national rows only); the few that look across partnerships say
so with ``tenancy.all_tenants()``.
"""

from flask import Blueprint, abort
from flask_login import current_user

from ..staff import require_sign_in

bp = Blueprint("national", __name__, template_folder="templates")


@bp.before_request
def _require_maintainer():
    # The one gate for every route of this blueprint: partnership admins get 403.
    redirect_to_sign_in = require_sign_in()
    if redirect_to_sign_in:
        return redirect_to_sign_in
    if not current_user.is_maintainer:
        abort(403)
    return None


from . import routes  # noqa: E402,F401
from . import finder_routes  # noqa: E402,F401
from . import links  # noqa: E402,F401
from ..workspace import register as _register_shared_pages  # noqa: E402

_register_shared_pages(bp)
from . import accounts, partnerships  # noqa: E402,F401
