"""Residents' pages of one partnership: /<tenant>/<lang>/..."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
from . import finder_routes  # noqa: E402,F401
from . import help_card  # noqa: E402,F401
