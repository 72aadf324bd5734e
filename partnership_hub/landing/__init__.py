"""The platform's front door: the list of partnerships, and the way into one of them."""

from flask import Blueprint

bp = Blueprint("landing", __name__, template_folder="templates")

from . import routes  # noqa: E402,F401
