"""Who may reach the staff workspaces, for every route in the URL map (SECURITY.md T1, T2, AC1).

The routes are enumerated from the app, so a route added later is tested without editing this file.
A route whose URL names an object (``<uuid:entry_id>``) needs a factory for that argument in
``OBJECT_FACTORIES``: the test fails loudly until it has one, rather than skipping the route.
"""

from __future__ import annotations

import uuid

import pytest
from werkzeug.routing import Rule

from partnership_hub import create_app
from partnership_hub.extensions import db

from . import factories
from .conftest import app_config
from .staff import PASSWORD, sign_in

STAFF_BLUEPRINTS = ("admin", "national")

#: URL argument -> a factory making that kind of object for a given tenant (None: national).
OBJECT_FACTORIES = {
    "entry_id": lambda tenant: factories.EntryFactory(tenant=tenant, category=factories.CategoryFactory(tenant=tenant)),
    "category_id": lambda tenant: factories.CategoryFactory(tenant=tenant),
    "bulletin_id": lambda tenant: factories.BulletinFactory(tenant=tenant),
    "section_id": lambda tenant: factories.BulletinSectionFactory(bulletin__tenant=tenant),
    "line_id": lambda tenant: factories.ContactLineFactory(tenant=tenant),
    "override_id": lambda tenant: factories.EntryOverrideFactory(
        tenant=tenant, entry=factories.EntryFactory(category=factories.CategoryFactory())
    ),
    "event_id": lambda tenant: factories.AuditEventFactory(tenant=tenant),
    "situation_id": lambda tenant: factories.FinderSituationFactory(tenant=tenant),
    "question_id": lambda tenant: factories.FinderQuestionFactory(tenant=tenant),
    "route_id": lambda tenant: factories.FinderRouteFactory(
        tenant=tenant, situation=factories.FinderSituationFactory(tenant=tenant),
        entry=factories.EntryFactory(tenant=tenant, category=factories.CategoryFactory(tenant=tenant)),
    ),
    # The translation editor names any translatable object by <owner_type>/<owner_id>: one kind stands for all.
    "owner_id": lambda tenant: factories.ContactLineFactory(tenant=tenant) if tenant else factories.SnippetFactory(),
    # National-only objects: the tenant given is where the object belongs (an admin's membership).
    "user_id": lambda tenant: factories.MembershipFactory(tenant=tenant).user if tenant else factories.UserFactory(),
    "partnership_id": lambda tenant: tenant or factories.TenantFactory(),
}

#: Values for URL arguments that name no object (a real one, so that the route itself is reached).
PLAIN_VALUES = {"locale": "pl", "key": "emergency"}


def staff_rules(app) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in STAFF_BLUEPRINTS]
    assert rules, "no staff routes found"
    return rules


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def url_for_rule(app, rule: Rule, tenant_slug: str, objects_of) -> str:
    """The rule's URL with the tenant's slug and, for every object argument, an object of ``objects_of``."""
    values = {}
    for arg in sorted(rule.arguments, key=lambda a: not a.endswith("_id")):  # objects first: they name their type
        if arg == "tenant":
            values[arg] = tenant_slug
        elif arg.endswith("_id"):
            assert arg in OBJECT_FACTORIES, f"{rule.rule}: add a factory for <{arg}> to OBJECT_FACTORIES"
            obj = OBJECT_FACTORIES[arg](objects_of) if objects_of is not False else None
            values[arg] = obj.id if obj is not None else uuid.uuid4()
            if arg == "owner_id":
                values["owner_type"] = obj.__tablename__ if obj is not None else "snippet"
        elif arg in PLAIN_VALUES:
            values[arg] = PLAIN_VALUES[arg]
        elif arg not in values:
            converter = rule._converters[arg]
            values[arg] = 1 if type(converter).__name__ == "IntegerConverter" else "x"
    with app.test_request_context():
        return app.url_map.bind("localhost").build(rule.endpoint, values, method=methods(rule)[0])


@pytest.fixture
def app(migrated, data):
    # CSRF off, so that each gate is tested on its own; test_csrf_* below prove CSRF separately.
    app = create_app(app_config(migrated) | {"WTF_CSRF_ENABLED": False})
    yield app
    # Closing the pool here: on PostgreSQL its open connections, collected later, warn (an error here).
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def world(data):
    alpha, beta = factories.TenantFactory(slug="alpha"), factories.TenantFactory(slug="beta")
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=alpha)
    maintainer = factories.UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    return alpha, beta, admin, maintainer


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(app, world):
    alpha, *_ = world
    client = app.test_client()
    for rule in staff_rules(app):
        url = url_for_rule(app, rule, alpha.slug, alpha)
        for method in methods(rule):
            response = client.open(url, method=method)
            assert response.status_code == 302, (method, url)
            assert response.location.startswith("/auth/login?next="), (method, url)


def test_an_admin_cannot_reach_another_partnership_at_all(app, world):
    alpha, beta, admin, _ = world
    client = app.test_client()
    sign_in(client, admin.email)
    for rule in staff_rules(app):
        if "tenant" not in rule.arguments:
            continue
        url = url_for_rule(app, rule, beta.slug, beta)
        for method in methods(rule):
            assert client.open(url, method=method).status_code == 404, (method, url)


def test_an_admin_cannot_reach_another_partnerships_objects_from_their_own(app, world):
    alpha, beta, admin, _ = world
    client = app.test_client()
    sign_in(client, admin.email)
    checked = 0
    for rule in staff_rules(app):
        if "tenant" not in rule.arguments or not any(a.endswith("_id") for a in rule.arguments):
            continue
        url = url_for_rule(app, rule, alpha.slug, beta)
        for method in methods(rule):
            assert client.open(url, method=method).status_code == 404, (method, url)
            checked += 1
    assert checked or not any(a.endswith("_id") for r in staff_rules(app) if "tenant" in r.arguments for a in r.arguments)


def test_a_partnership_admin_gets_403_on_every_national_route(app, world):
    alpha, _, admin, _ = world
    client = app.test_client()
    sign_in(client, admin.email)
    for rule in staff_rules(app):
        if rule.endpoint.startswith("national."):
            url = url_for_rule(app, rule, alpha.slug, False)
            for method in methods(rule):
                assert client.open(url, method=method).status_code == 403, (method, url)


def test_members_and_the_maintainer_reach_the_workspaces(app, world):
    alpha, beta, admin, maintainer = world
    client = app.test_client()
    sign_in(client, admin.email)
    assert client.get("/admin/alpha/").status_code == 200
    client = app.test_client()
    sign_in(client, maintainer.email)
    assert client.get("/admin/beta/").status_code == 200
    assert client.get("/national/").status_code == 200


def test_a_disabled_account_loses_access_at_once(app, world, data):
    _, _, admin, _ = world
    client = app.test_client()
    sign_in(client, admin.email)
    assert client.get("/admin/alpha/").status_code == 200
    admin.is_active = False
    data.commit()
    assert client.get("/admin/alpha/").status_code == 302
    assert sign_in(client, admin.email).status_code == 400


def test_a_disabled_partnership_is_closed_to_its_admins(app, world, data):
    alpha, _, admin, _ = world
    client = app.test_client()
    sign_in(client, admin.email)
    alpha.is_active = False
    data.commit()
    assert client.get("/admin/alpha/").status_code == 404


def test_a_missing_staff_page_is_a_plain_404_with_nothing_logged(app, world, caplog):
    alpha, _, admin, _ = world
    client = app.test_client()
    sign_in(client, admin.email)
    response = client.get(f"/admin/alpha/entries/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
