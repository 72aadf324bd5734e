"""The texts every partnership's pages show: the welcome on the home page and the emergency box.

The maintainer writes the national ones; a partnership may write its own, which then replaces the
national text on its pages (``directory.snippet``), and remove it again to go back to the national one.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template
from sqlalchemy import select

from ..extensions import db
from ..models import Snippet
from ..staff import ask_first
from . import in_partnership, owner_tenant_id, save_form, ws_url
from .forms import SnippetForm

#: The snippets staff edit, and what each is for.
KEYS = {
    "welcome": "Welcome, on the home page",
    "emergency": "Emergency box, at the top of every page",
}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/texts/", "snippets", snippet_list)
    bp.add_url_rule("/texts/<key>", "snippet_edit", snippet_edit, methods=["GET", "POST"])
    if bp.name == "admin":
        bp.add_url_rule("/texts/<key>/remove", "snippet_remove", snippet_remove, methods=["POST"])


def _snippets() -> dict[tuple[str, bool], Snippet]:
    """Every snippet in scope, by (key, whether it is this workspace's own)."""
    rows = db.session.scalars(select(Snippet).where(Snippet.key.in_(KEYS))).all()
    return {(s.key, s.tenant_id == owner_tenant_id()): s for s in rows}


def snippet_list():
    return render_template("staff/snippets.html", keys=KEYS, snippets=_snippets())


def snippet_edit(key: str):
    if key not in KEYS:
        abort(404)
    snippets = _snippets()
    own = snippets.get((key, True))
    national = snippets.get((key, False))
    snippet = own or Snippet(key=key, tenant_id=owner_tenant_id())
    # A partnership's first own text starts from the national one.
    form = SnippetForm(obj=own or national)
    if save_form(form, snippet, new=own is None):
        flash(f"Saved: {KEYS[key].split(',')[0].lower()} text.", "success")
        return redirect(ws_url("snippets"))
    return render_template("staff/snippet_edit.html", form=form, key=key, purpose=KEYS[key], snippet=own,
                           national=national if in_partnership() else None), 400 if form.errors else 200


def snippet_remove(key: str):
    own = _snippets().get((key, True)) if key in KEYS else None
    if own is None:
        abort(404)
    asked = ask_first("Remove your own text?",
                      "Your pages show the national text again, at once. Your words and their translations are "
                      "deleted: this cannot be undone.", "Yes, remove my text", ws_url("snippet_edit", key=key))
    if asked:
        return asked
    db.session.delete(own)
    db.session.commit()
    flash("Your own text is removed: your pages show the national text again.", "success")
    return redirect(ws_url("snippets"))
