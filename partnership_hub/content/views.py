"""The content pages of both staff workspaces: lists, forms, previews and state changes of categories
and entries. :func:`register` adds them to a workspace's blueprint; each view loads through the
workspace (which 404s on anything it may not edit), then acts, then renders or redirects."""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from functools import partial, update_wrapper
from itertools import groupby

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select
from wtforms import SelectChoice

from .. import readability
from ..directory import Listing, category_listings
from ..extensions import db
from ..models import DRAFT, PUBLISHED, Category, Entry, EntryKind
from ..models.base import utcnow
from ..public.routes import chrome_context
from ..staff import STALE_MESSAGE, ask_first, commit_unless_stale
from ..tenancy import all_tenants
from .forms import CategoryForm, EntryForm, FilterForm
from .workspace import Workspace

#: The filter of a list: which items it shows.
SHOW = {
    "current": ("Published and drafts", lambda m: m.deleted_at.is_(None)),
    "published": ("Published", lambda m: m.live()),
    "draft": ("Drafts", lambda m: (m.status == DRAFT) & m.deleted_at.is_(None)),
    "deleted": ("Deleted", lambda m: m.deleted_at.is_not(None)),
}


def status_of(item) -> str:
    """What staff read in a list: deleted, draft or published (as words, never colour alone)."""
    if item.deleted_at is not None:
        return "deleted"
    return "published" if item.status == PUBLISHED else "draft"


def hidden_by_category(entry: Entry) -> Category | None:
    """The category that keeps a published entry from residents (a draft or deleted one), if any:
    staff must not read "Published" and think residents see it."""
    if status_of(entry) == "published" and status_of(entry.category) != "published":
        return entry.category
    return None


def contains(column, text: str):
    """Case-insensitive substring match with the user's text taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def list_filter(shows: dict, categories: list[Category] = ()) -> FilterForm:
    """The filter above a list; what cannot be understood is ignored (the first "Show" option)."""
    form = FilterForm(request.args)
    form.show.choices = [SelectChoice(key, label) for key, (label, _) in shows.items()]
    form.category.choices = [SelectChoice("", "All categories")] + [SelectChoice(str(c.id), c.name) for c in categories]
    if not form.validate():
        form.q.data = ""
    if form.show.data not in shows:
        form.show.data = next(iter(shows))
    if form.category.data not in {choice.value for choice in form.category.choices}:
        form.category.data = ""
    return form


def category_choice(ws: Workspace, category: Category) -> SelectChoice:
    """A partnership files entries under its own categories and national ones: say which is which."""
    group = None if ws.is_national else ("National categories" if category.is_national else "Your categories")
    draft = "" if category.status == PUBLISHED else " (draft)"
    return SelectChoice(str(category.id), category.name + draft, optgroup=group)


# --- Lists -------------------------------------------------------------------------------------


def category_list(ws: Workspace):
    form = list_filter(SHOW)
    stmt = select(Category).where(ws.owns(Category), SHOW[form.show.data][1](Category))
    if form.q.data:
        stmt = stmt.where(contains(Category.name, form.q.data))
    categories = db.session.scalars(stmt.order_by(Category.position, Category.name)).all()
    return render_template("content/category_list.html", ws=ws, form=form, categories=categories,
                           status_of=status_of)


def entry_list(ws: Workspace):
    categories = ws.categories()
    form = list_filter(SHOW, categories)
    stmt = select(Entry).where(ws.owns(Entry), SHOW[form.show.data][1](Entry))
    if form.q.data:
        stmt = stmt.where(contains(Entry.title, form.q.data))
    if form.category.data:
        stmt = stmt.where(Entry.category_id == uuid.UUID(form.category.data))
    entries = db.session.scalars(stmt).all()
    return render_template("content/entry_list.html", ws=ws, form=form, groups=by_category(entries), count=len(entries),
                           status_of=status_of, hidden_by_category=hidden_by_category)


def by_category(items) -> list[tuple[Category, list]]:
    """Entries (or listings) grouped under their categories, in the order residents see them."""
    def entry_of(item) -> Entry:
        return item.entry if isinstance(item, Listing) else item

    def order(item):
        category = entry_of(item).category
        return category.position, category.name, str(category.id), entry_of(item).title.lower()

    ordered = sorted(items, key=order)
    return [(category, list(group)) for category, group in groupby(ordered, key=lambda i: entry_of(i).category)]


# --- Forms -------------------------------------------------------------------------------------

CATEGORY_FIELDS = ("name", "slug", "description", "easy_read", "icon")
ENTRY_FIELDS = ("title", "summary", "easy_read", "url", "phone", "text_number", "email", "chat_url",
                "opening_hours")


def _taken_slugs(ws: Workspace, category: Category | None) -> list[str]:
    """The web address names a category here may not take. A partnership's topic page of a name shows
    its own category first, so the names are taken across the line too: a partnership's category may not
    hide a national one (its scope holds both), nor a national one be hidden by any partnership's."""
    stmt = select(Category.slug)
    if category is not None:
        stmt = stmt.where(Category.id != category.id)
    with all_tenants() if ws.is_national else nullcontext():
        return list(db.session.scalars(stmt))


def category_form(ws: Workspace, category_id: uuid.UUID | None = None):
    category = ws.load(Category, category_id) if category_id else None
    form = CategoryForm(obj=category, taken_slugs=_taken_slugs(ws, category))

    def apply(obj: Category) -> None:
        for name in CATEGORY_FIELDS:
            setattr(obj, name, getattr(form, name).data)
        obj.position = form.position.data or 0

    return _edit(ws, "category", Category, category, form, apply)


def entry_form(ws: Workspace, entry_id: uuid.UUID | None = None):
    entry = ws.load(Entry, entry_id) if entry_id else None
    categories = ws.categories()
    if entry is not None and entry.category not in categories:
        categories.append(entry.category)  # still filed under a category that has since gone
    form = EntryForm(obj=entry, data=None if entry else {"category_id": request.args.get("category", "")},
                     categories=[category_choice(ws, c) for c in categories])

    def apply(obj: Entry) -> None:
        for name in ENTRY_FIELDS:
            setattr(obj, name, getattr(form, name).data)
        obj.category_id = uuid.UUID(form.category_id.data)
        obj.kind = EntryKind(form.kind.data)
        obj.position = form.position.data or 0

    return _edit(ws, "entry", Entry, entry, form, apply)


def _edit(ws: Workspace, kind: str, model, obj, form, apply):
    """Create or edit: a rejected or stale form changes nothing; "Check readability" saves nothing."""
    status, measure = 200, None
    if form.is_submitted():
        if form.checking:
            measure = readability.measure(form.easy_read.data)
        elif obj is not None and form.is_stale(obj):
            form = type(form)(formdata=None, obj=obj, **_form_context(form))
            form.form_errors.append(STALE_MESSAGE)
            status = 409
        elif not form.validate():
            status = 400
        else:
            creating = obj is None
            if creating:
                obj = model(status=DRAFT)
                db.session.add(obj)
            apply(obj)
            if commit_unless_stale():
                flash(f"Saved {'as a draft' if creating else 'your changes'}: {_name(obj)}.", "success")
                return redirect(url_for(f".{kind}_edit", **{f"{kind}_id": obj.id}))
            obj = ws.load(model, obj.id)
            form = type(form)(formdata=None, obj=obj, **_form_context(form))
            form.form_errors.append(STALE_MESSAGE)
            status = 409
    elif obj is not None:
        measure = readability.measure(obj.easy_read)
    return render_template(f"content/{kind}_form.html", ws=ws, form=form, item=obj, measure=measure,
                           status=status_of(obj) if obj else None,
                           hidden_by=hidden_by_category(obj) if isinstance(obj, Entry) else None), status


def _form_context(form) -> dict:
    """What a form was built with besides the object, to build it again from the stored version."""
    if isinstance(form, EntryForm):
        return {"categories": form.categories}
    return {"taken_slugs": form._taken_slugs}


def _name(obj) -> str:
    return getattr(obj, "title", None) or obj.name


# --- State changes -----------------------------------------------------------------------------


def change_state(ws: Workspace, model, change: str, **url_ids: uuid.UUID):
    obj = ws.load(model, *url_ids.values())
    kind = model.__tablename__
    if change == "publish" and obj.deleted_at is None:
        obj.status = PUBLISHED
        message = "Published: residents see it now"
    elif change == "unpublish" and obj.deleted_at is None:
        # A category takes its entries with it, partnerships' own ones too: say so before.
        in_use = _entries_in(ws, obj) if model is Category else 0
        entries = f"{in_use} {'entry' if in_use == 1 else 'entries'}"
        asked = in_use and ask_first(
            f"Unpublish {obj.name}?",
            f"Residents will no longer see it, nor the {entries} filed under it (partnerships file their "
            f"own under national categories too), on any site, until it is published again." if ws.is_national else
            f"Residents will no longer see it, nor the {entries} filed under it, until it is published again.",
            "Yes, unpublish it", url_for(f".{kind}_edit", **{f"{kind}_id": obj.id}))
        if asked:
            return asked
        obj.status = DRAFT
        message = "Unpublished: it is a draft again, and residents no longer see it"
    elif change == "delete" and obj.deleted_at is None:
        in_use = _entries_in(ws, obj) if model is Category else 0
        if in_use:
            flash(f"{obj.name} still has {in_use} entries. Move or delete them first.", "error")
            return redirect(url_for(f".{kind}_edit", **{f"{kind}_id": obj.id}))
        obj.deleted_at = utcnow()
        message = "Deleted: residents no longer see it. You can restore it from the list of deleted items"
    elif change == "restore" and obj.deleted_at is not None:
        obj.deleted_at = None
        message = "Restored, with the status it had before"
    else:
        flash(f"Nothing to {change}: {_name(obj)} is {status_of(obj)}.", "error")
        return redirect(url_for(f".{kind}_edit", **{f"{kind}_id": obj.id}))
    commit_unless_stale()
    flash(f"{message}: {_name(obj)}.", "success")
    return redirect(url_for(f".{kind}_edit", **{f"{kind}_id": obj.id}))


def _entries_in(ws: Workspace, category: Category) -> int:
    stmt = select(func.count()).select_from(Entry).where(Entry.category_id == category.id,
                                                         Entry.deleted_at.is_(None))
    if ws.is_national:
        # Partnerships file local entries under national categories too.
        with all_tenants():
            return db.session.scalar(stmt)
    return db.session.scalar(stmt)


# --- Previews ----------------------------------------------------------------------------------


def entry_preview(ws: Workspace, entry_id: uuid.UUID):
    entry = ws.load(Entry, entry_id)
    with ws.resident_view():
        return render_template("content/preview.html", resident_template="public/entry.html", kind="entry",
                               ws=ws, item=entry, entry=entry,
                               listing=Listing(entry), status=status_of(entry), **chrome_context())


def category_preview(ws: Workspace, category_id: uuid.UUID):
    category = ws.load(Category, category_id)
    with ws.resident_view():
        return render_template("content/preview.html", resident_template="public/category.html", kind="category",
                               ws=ws, item=category, category=category,
                               listings=category_listings(category), status=status_of(category),
                               **chrome_context())


# --- Registration ------------------------------------------------------------------------------

STATE_CHANGES = ("publish", "unpublish", "delete", "restore")


def bound(view, *args):
    """``view`` with its first arguments given, still named like a view (Flask-WTF's CSRF reads the name)."""
    return update_wrapper(partial(view, *args), view)


def register(bp: Blueprint, ws: Workspace) -> None:
    """Add the content pages to a workspace's blueprint (behind its gate, like all its routes)."""
    for kind, model, list_view, form_view, preview in (
        ("category", Category, category_list, category_form, category_preview),
        ("entry", Entry, entry_list, entry_form, entry_preview),
    ):
        base = "/categories" if kind == "category" else "/entries"
        arg = f"<uuid:{kind}_id>"
        bp.add_url_rule(f"{base}/", f"{kind}_list", bound(list_view, ws))
        bp.add_url_rule(f"{base}/new", f"{kind}_new", bound(form_view, ws), methods=["GET", "POST"])
        bp.add_url_rule(f"{base}/{arg}/", f"{kind}_edit", bound(form_view, ws), methods=["GET", "POST"])
        bp.add_url_rule(f"{base}/{arg}/preview", f"{kind}_preview", bound(preview, ws))
        for change in STATE_CHANGES:
            bp.add_url_rule(f"{base}/{arg}/{change}", f"{kind}_{change}", bound(change_state, ws, model, change),
                            methods=["POST"])
