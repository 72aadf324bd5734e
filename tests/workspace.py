"""What the workspace tests share: two partnerships, their admin and the maintainer, signed-in clients,
and submitting a staff form as a browser would (its current values, with some changed)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from . import factories
from .staff import PASSWORD, form_values, sign_in


@dataclass
class World:
    alpha: object
    beta: object
    admin: object
    maintainer: object


@pytest.fixture
def world(data):
    alpha = factories.TenantFactory(slug="alpha", name="Alpha Partnership", languages=["en", "pl", "ur"])
    beta = factories.TenantFactory(slug="beta", name="Beta Partnership")
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=alpha)
    maintainer = factories.UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    return World(alpha, beta, admin, maintainer)


@pytest.fixture
def admin_client(app, world):
    client = app.test_client()
    sign_in(client, world.admin.email)
    return client


@pytest.fixture
def maintainer_client(app, world):
    client = app.test_client()
    sign_in(client, world.maintainer.email)
    return client


def submit(client, path: str, field: str | None = None, **changes):
    """Post the form on ``path`` with its current values, some of them changed."""
    values = form_values(client, path, field) | changes
    return client.post(path, data=values)


def html(response) -> str:
    return response.get_data(as_text=True)


def fetch(data, model, **where):
    """Rows as the database now holds them (the factories' session sees every partnership)."""
    data.expire_all()
    return data.scalars(select(model).filter_by(**where)).all()
