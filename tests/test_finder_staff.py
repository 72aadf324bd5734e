"""Staff editing of the help finder, through the staff pages: the maintainer keeps the national
questions, situations and routes; a partnership's admin adds local routes and local words, seen on
their own site only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from partnership_hub.extensions import db
from partnership_hub.models import AuditEvent, FinderRoute, FinderSituation

from . import factories
from .staff import PASSWORD, form_values, sign_in


@pytest.fixture
def world(data):
    alpha, beta = factories.TenantFactory(slug="alpha"), factories.TenantFactory(slug="beta")
    topic = factories.CategoryFactory(slug="reporting")
    scam = factories.FinderSituationFactory(slug="scam", label="Fraud or a scam")
    fraud_line = factories.EntryFactory(category=topic, title="National fraud line")
    factories.FinderRouteFactory(situation=scam, entry=fraud_line, position=1)
    factories.EntryFactory(category=topic, title="Second national service")
    alpha_police = factories.EntryFactory(tenant=alpha, category=topic, title="Alpha police")
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=alpha)
    maintainer = factories.UserFactory(email="maintainer@national.test", role="maintainer", password=PASSWORD)
    return dict(alpha=alpha, beta=beta, scam=scam, fraud_line=fraud_line, alpha_police=alpha_police,
                admin=admin, maintainer=maintainer)


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user.email)
    return client


def result_titles(client, tenant: str) -> list[str]:
    html = client.get(f"/{tenant}/en/help-finder/scam/routes?danger=no&age=not-sure").get_data(as_text=True)
    ol = re.search(r'<ol class="finder-routes">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r'class="card-title"><a [^>]+>([^<]+)</a>', ol)


def choice(values: dict, html: str, label: str) -> str:
    """The value of the <option> with this label."""
    return re.search(rf'<option[^>]*value="([^"]+)"[^>]*>{re.escape(label)}</option>', html).group(1)


def test_the_maintainer_edits_a_national_situation_every_partnership_sees_it(app, world):
    staff = signed_in(app, world["maintainer"])
    path = f"/national/help-finder/situations/{world['scam'].id}"
    values = form_values(staff, path, "label") | {"label": "Someone scammed me", "hint": "Money or passwords."}
    assert staff.post(path, data=values).status_code == 302
    resident = app.test_client()
    for tenant in ("alpha", "beta"):
        assert "Someone scammed me" in resident.get(f"/{tenant}/en/help-finder/").get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.object_type == "finder_situation"))
        assert event.before["label"] == "Fraud or a scam" and event.after["label"] == "Someone scammed me"


def test_the_maintainer_adds_and_removes_a_national_route(app, world):
    staff = signed_in(app, world["maintainer"])
    path = f"/national/help-finder/situations/{world['scam'].id}/routes/new"
    html = staff.get(path).get_data(as_text=True)
    assert "Alpha police" not in html  # a partnership's entry is no national route
    values = form_values(staff, path, "advice") | {"entry_id": choice({}, html, "Second national service"),
                                                   "advice": "Then ring them.", "position": "5"}
    assert staff.post(path, data=values).status_code == 302
    resident = app.test_client()
    for tenant in ("alpha", "beta"):
        assert result_titles(resident, tenant) == ["National fraud line", "Second national service"]
    with app.app_context():
        route = db.session.scalar(select(FinderRoute).where(FinderRoute.advice == "Then ring them."))
    # Edited: now only for adults, so an under-18 path no longer reaches it.
    edit = f"/national/help-finder/routes/{route.id}"
    assert staff.post(edit, data=form_values(staff, edit, "advice") | {"audience": "adult"}).status_code == 302
    html = resident.get("/beta/en/help-finder/scam/routes?danger=no&age=under-18").get_data(as_text=True)
    assert "Second national service" not in html
    page = staff.get(f"/national/help-finder/situations/{world['scam'].id}").get_data(as_text=True)
    delete_form = form_values(staff, f"/national/help-finder/situations/{world['scam'].id}", "csrf_token")
    assert f"/national/help-finder/routes/{route.id}/delete" in page
    # Each Remove button says what it removes, to a screen reader too.
    assert 'Remove<span class="visually-hidden">: Second national service</span>' in page
    asked = staff.post(f"/national/help-finder/routes/{route.id}/delete", data=delete_form)
    assert asked.status_code == 200 and "Remove the route to Second national service?" in asked.get_data(as_text=True)
    assert staff.post(f"/national/help-finder/routes/{route.id}/delete",
                      data=delete_form | {"confirm": "yes"}).status_code == 302
    assert result_titles(resident, "alpha") == ["National fraud line"]


def test_the_maintainer_adds_a_situation_and_a_bad_slug_changes_nothing(app, world):
    staff = signed_in(app, world["maintainer"])
    path = "/national/help-finder/situations/new"
    bad = form_values(staff, path, "label") | {"label": "Sextortion", "slug": "Bad Slug!"}
    response = staff.post(path, data=bad)
    assert response.status_code == 400 and "single hyphens" in response.get_data(as_text=True)
    taken = staff.post(path, data=bad | {"slug": "scam"})
    assert taken.status_code == 400 and "already uses" in taken.get_data(as_text=True)
    long = staff.post(path, data=bad | {"slug": "sextortion", "label": "x" * 201, "position": "many"})
    assert long.status_code == 400
    assert "What happened must be 200 characters or fewer" in long.get_data(as_text=True)
    assert "Not a valid integer value." in long.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(FinderSituation).where(FinderSituation.label == "Sextortion")) is None
    # An empty position is the default, as in every other staff form.
    assert staff.post(path, data=bad | {"slug": "sextortion", "position": ""}).status_code == 302
    assert "Sextortion" in app.test_client().get("/beta/en/help-finder/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(FinderSituation.position).where(FinderSituation.slug == "sextortion")) == 0


def test_a_stale_edit_is_refused(app, world):
    staff = signed_in(app, world["maintainer"])
    path = f"/national/help-finder/situations/{world['scam'].id}"
    first, second = form_values(staff, path, "label"), form_values(staff, path, "label")
    assert staff.post(path, data=first | {"label": "First edit"}).status_code == 302
    response = staff.post(path, data=second | {"label": "Second edit"})
    assert "Someone else saved this" in response.get_data(as_text=True)
    assert "First edit" in app.test_client().get("/alpha/en/help-finder/").get_data(as_text=True)


def test_an_admin_adds_local_routes_and_words_seen_on_their_site_only(app, world):
    staff = signed_in(app, world["admin"])
    situation = f"/admin/alpha/help-finder/situations/{world['scam'].id}"
    html = staff.get(situation + "/routes/new").get_data(as_text=True)
    values = form_values(staff, situation + "/routes/new", "advice") | {
        "entry_id": choice({}, html, "Alpha police"), "advice": "Ring Alpha police too."}
    assert staff.post(situation + "/routes/new", data=values).status_code == 302
    note = form_values(staff, situation, "body") | {"body": "In Alpha, ring us first."}
    assert staff.post(situation, data=note).status_code == 302

    resident = app.test_client()
    assert result_titles(resident, "alpha") == ["National fraud line", "Alpha police"]
    assert result_titles(resident, "beta") == ["National fraud line"]
    alpha_page = resident.get("/alpha/en/help-finder/scam/routes?danger=no&age=not-sure").get_data(as_text=True)
    assert "In Alpha, ring us first." in alpha_page and "Ring Alpha police too." in alpha_page
    assert "In Alpha" not in resident.get("/beta/en/help-finder/scam/routes?danger=no&age=not-sure").get_data(
        as_text=True)

    # Emptying the words removes them.
    assert staff.post(situation, data=form_values(staff, situation, "body") | {"body": ""}).status_code == 302
    assert "In Alpha" not in resident.get("/alpha/en/help-finder/scam/routes?danger=no&age=not-sure").get_data(
        as_text=True)


def test_an_admin_cannot_edit_or_remove_a_national_route(app, world):
    staff = signed_in(app, world["admin"])
    with app.app_context():
        national = db.session.scalar(select(FinderRoute))
    page = staff.get(f"/admin/alpha/help-finder/situations/{world['scam'].id}").get_data(as_text=True)
    assert f"/admin/alpha/help-finder/routes/{national.id}" not in page
    assert staff.get(f"/admin/alpha/help-finder/routes/{national.id}").status_code == 404
    token = form_values(staff, f"/admin/alpha/help-finder/situations/{world['scam'].id}", "body")["csrf_token"]
    assert staff.post(f"/admin/alpha/help-finder/routes/{national.id}/delete",
                      data={"csrf_token": token}).status_code == 404
    assert result_titles(app.test_client(), "alpha") == ["National fraud line"]


@pytest.mark.parametrize("entry", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_route_needs_a_real_entry(app, world, entry):
    staff = signed_in(app, world["maintainer"])
    path = f"/national/help-finder/situations/{world['scam'].id}/routes/new"
    response = staff.post(path, data=form_values(staff, path, "advice") | {"entry_id": entry, "advice": "Nowhere."})
    assert response.status_code == 400 and "There is a problem" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(FinderRoute).where(FinderRoute.advice == "Nowhere.")) is None
