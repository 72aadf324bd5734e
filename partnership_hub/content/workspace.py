"""What differs between editing a partnership's own content and the national catalogue."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from flask import abort, flash, g, redirect, request, url_for
from sqlalchemy import or_, select

from .. import staff
from ..extensions import db
from ..models import Category, Tenant
from ..tenancy import acting_for


@dataclass(frozen=True)
class Workspace:
    name: str  # the blueprint: "admin" or "national"
    layout: str
    owner_label: str  # "local" or "national", as staff read it in headings

    @property
    def is_national(self) -> bool:
        return self.name == "national"

    def owns(self, model):
        """The criterion for the rows this workspace edits (the scope also lets it see others)."""
        return model.tenant_id.is_(None) if self.is_national else model.tenant_id == g.tenant.id

    def load(self, model, object_id: uuid.UUID):
        # In the national scope only national rows are visible; a partnership sees national rows too,
        # but edits only its own.
        return staff.get_or_404(model, object_id) if self.is_national else staff.get_local_or_404(model, object_id)

    def categories(self) -> list[Category]:
        """The categories an entry may be filed under: the workspace's own (not deleted) and, for a
        partnership, the published national ones."""
        criterion = self.owns(Category) & Category.deleted_at.is_(None)
        if not self.is_national:
            criterion = or_(criterion, Category.tenant_id.is_(None) & Category.live())
        stmt = select(Category).where(criterion)
        return list(db.session.scalars(stmt.order_by(Category.position, Category.name)))

    @contextmanager
    def resident_view(self) -> Iterator[Tenant]:
        """The scope in which a preview renders residents' pages: the partnership itself, or for the
        national catalogue the partnership named by ``?as=`` (else the first one)."""
        g.lang = "en"
        g.easy_read = request.args.get("easy") == "1"
        if not self.is_national:
            yield g.tenant
            return
        stmt = select(Tenant).where(Tenant.is_active.is_(True))
        tenant = db.session.scalars(
            stmt.order_by((Tenant.slug == request.args.get("as", "")).desc(), Tenant.name).limit(1)
        ).first()
        if tenant is None:
            flash("Add a partnership first: a preview shows an item as a partnership's residents see it.", "error")
            abort(redirect(url_for(".dashboard")))
        g.tenant = tenant
        with acting_for(tenant):
            yield tenant


PARTNERSHIP = Workspace("admin", "admin/layout.html", "local")
NATIONAL = Workspace("national", "national/layout.html", "national")
