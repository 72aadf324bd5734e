"""Staff accounts as the maintainer runs them: invitations, reset links, disabling, partnerships, and a
person's own password (SECURITY.md AU2, SE5; issue #3 "invite, disable and re-enable staff")."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from partnership_hub.accounts import PasswordRejected, check_password_rules
from partnership_hub.models import AccountToken, AuditEvent, Membership, User

from . import factories
from .staff import PASSWORD, csrf_token, form_values, sign_in

NEW_PASSWORD = "a different long passphrase"


@pytest.fixture
def world(data):
    alpha, beta = factories.TenantFactory(slug="alpha", name="Alpha"), factories.TenantFactory(slug="beta", name="Beta")
    maintainer = factories.UserFactory(email="boss@national.test", role="maintainer", password=PASSWORD)
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=alpha)
    return alpha, beta, maintainer, admin


@pytest.fixture
def maintainer_client(app, world):
    client = app.test_client()
    assert sign_in(client, world[2].email).status_code == 302
    return client


def invite(client, email, role="admin", partnerships=()):
    return client.post("/national/staff/invite", data={
        "email": email, "role": role, "partnerships": [str(p.id) for p in partnerships],
        "csrf_token": csrf_token(client, "/national/staff/invite"),
    })


def link_in(response) -> str:
    found = re.search(r"http://localhost(/auth/set-password/[^<\s]+)", response.get_data(as_text=True))
    assert found, "the page shows no link"
    return found.group(1)


def choose_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"password": password, "confirm": confirm or password,
                                   "csrf_token": csrf_token(client)})


def user(data, email) -> User:
    data.expire_all()
    return data.scalar(select(User).where(User.email == email))


def test_an_invitation_sets_a_password_once_and_is_then_dead(app, maintainer_client, world, data):
    alpha = world[0]
    response = invite(maintainer_client, "new@alpha.test", partnerships=[alpha])
    assert response.status_code == 200
    path = link_in(response)
    token = path.rsplit("/", 1)[1]
    # Only the hash is stored.
    stored = data.scalars(select(AccountToken.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    invited = user(data, "new@alpha.test")
    assert invited.password_hash is None and invited.role == "admin"

    newcomer = app.test_client()
    assert sign_in(newcomer, "new@alpha.test", NEW_PASSWORD).status_code == 400  # no password yet
    assert "Set up your account" in newcomer.get(path).get_data(as_text=True)
    assert choose_password(newcomer, path).status_code == 302
    assert sign_in(newcomer, "new@alpha.test", NEW_PASSWORD).status_code == 302
    assert newcomer.get("/admin/alpha/").status_code == 200
    assert newcomer.get("/admin/beta/").status_code == 404

    again = app.test_client()
    assert again.get(path).status_code == 404
    assert choose_password(again, path, "yet another long passphrase").status_code == 404
    assert sign_in(again, "new@alpha.test", "yet another long passphrase").status_code == 400


def test_an_expired_invitation_is_refused(app, maintainer_client, world, data):
    path = link_in(invite(maintainer_client, "late@alpha.test", partnerships=[world[0]]))
    client = app.test_client()
    with freeze_time(datetime.now(timezone.utc) + timedelta(hours=72, minutes=1)):
        response = client.get(path)
        assert response.status_code == 404
        assert "This link does not work" in response.get_data(as_text=True)
    assert user(data, "late@alpha.test").password_hash is None


def test_a_newer_link_replaces_the_older_one(app, maintainer_client, world, data):
    first = link_in(invite(maintainer_client, "twice@alpha.test", partnerships=[world[0]]))
    invited = user(data, "twice@alpha.test")
    second = link_in(maintainer_client.post(f"/national/staff/{invited.id}/reset-link",
                                            data={"csrf_token": csrf_token(maintainer_client, "/national/staff/")}))
    client = app.test_client()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


@pytest.mark.parametrize("email,role,chosen,error", [
    ("admin@alpha.test", "admin", True, "already has an account"),
    ("ADMIN@alpha.test ", "admin", True, "already has an account"),
    ("not-an-email", "admin", True, "Enter an email address like"),
    ("lonely@alpha.test", "admin", False, "Choose at least one partnership"),
])
def test_a_bad_invitation_says_why_and_creates_nothing(maintainer_client, world, data, email, role, chosen, error):
    before = data.scalar(select(func.count()).select_from(User))
    response = invite(maintainer_client, email, role, [world[0]] if chosen else [])
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    assert data.scalar(select(func.count()).select_from(User)) == before
    assert data.scalar(select(func.count()).select_from(AccountToken)) == 0


def test_an_invited_maintainer_sets_up_two_factor_before_anything_else(app, maintainer_client, world):
    path = link_in(invite(maintainer_client, "second@national.test", role="maintainer"))
    client = app.test_client()
    choose_password(client, path)
    client.post("/auth/login", data={"email": "second@national.test", "password": NEW_PASSWORD,
                                     "csrf_token": csrf_token(client)})
    for page in ("/national/", "/auth/account", "/admin/alpha/"):
        assert client.get(page).headers["Location"] == "/auth/two-factor", page


def test_a_reset_link_sets_a_new_password_once(app, maintainer_client, world, data):
    admin = world[3]
    response = maintainer_client.post(f"/national/staff/{admin.id}/reset-link",
                                      data={"csrf_token": csrf_token(maintainer_client, "/national/staff/")})
    assert "Password reset link for admin@alpha.test" in response.get_data(as_text=True)
    path = link_in(response)
    client = app.test_client()
    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    assert choose_password(client, path).status_code == 302
    assert sign_in(client, admin.email, PASSWORD).status_code == 400
    assert sign_in(client, admin.email, NEW_PASSWORD).status_code == 302
    assert app.test_client().get(path).status_code == 404


def test_issuing_a_link_is_in_the_history_without_the_link(maintainer_client, world, data):
    admin = world[3]
    response = maintainer_client.post(f"/national/staff/{admin.id}/reset-link",
                                      data={"csrf_token": csrf_token(maintainer_client, "/national/staff/")})
    token = link_in(response).rsplit("/", 1)[1]
    history = maintainer_client.get("/national/history").get_data(as_text=True)
    assert re.search(r"issue account token <strong>reset link for admin@alpha.test</strong>", history)
    issued = data.scalars(select(AuditEvent).where(AuditEvent.action == "issue")).one()
    assert issued.actor_email == "boss@national.test" and issued.after["purpose"] == "reset"
    stored = data.scalar(select(AccountToken.token_hash))
    assert token not in str(issued.after) and stored not in str(issued.after)


def test_an_expired_reset_link_is_refused(app, maintainer_client, world, data):
    admin = world[3]
    path = link_in(maintainer_client.post(f"/national/staff/{admin.id}/reset-link",
                                          data={"csrf_token": csrf_token(maintainer_client, "/national/staff/")}))
    with freeze_time(datetime.now(timezone.utc) + timedelta(hours=24, minutes=1)):
        assert choose_password(app.test_client(), path).status_code == 404
    assert sign_in(app.test_client(), admin.email, PASSWORD).status_code == 302


@pytest.mark.parametrize("password,confirm,error", [
    ("short", None, "at least 12 characters"),
    ("admin@alpha.test2026", None, "email address"),
    ("1qaz2wsx3edc", None, "most commonly used"),
    ("a long passphrase", "a long passphrase!", "not the same"),
])
def test_a_link_refuses_weak_passwords_and_stays_usable(app, maintainer_client, world, password, confirm, error):
    admin = world[3]
    path = link_in(maintainer_client.post(f"/national/staff/{admin.id}/reset-link",
                                          data={"csrf_token": csrf_token(maintainer_client, "/national/staff/")}))
    client = app.test_client()
    response = choose_password(client, path, password, confirm)
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    assert choose_password(client, path).status_code == 302


@pytest.mark.parametrize("password", ["x" * 12, "ünïcödé pässwörd", "ω" * 64, "p" * 200 + "!"])
def test_long_and_unicode_passwords_are_accepted_without_composition_rules(password):
    check_password_rules("someone@example.org", password)


@pytest.mark.parametrize("password", ["123qweasdzxc", "QWERTY123456", "leavemealone"])
def test_common_passwords_are_refused(password):
    with pytest.raises(PasswordRejected):
        check_password_rules("someone@example.org", password)


def test_a_disabled_account_is_signed_out_at_once_and_cannot_sign_in(app, maintainer_client, world, data):
    admin = world[3]
    elsewhere = app.test_client()
    sign_in(elsewhere, admin.email)
    assert elsewhere.get("/admin/alpha/").status_code == 200
    page = f"/national/staff/{admin.id}/"
    # Asked first, on a page of its own: nothing changes until the answer.
    asked = maintainer_client.post(page + "disable", data={"csrf_token": csrf_token(maintainer_client, page)})
    assert asked.status_code == 200 and f"Disable {admin.email}?" in asked.get_data(as_text=True)
    assert user(data, admin.email).is_active and elsewhere.get("/admin/alpha/").status_code == 200
    maintainer_client.post(page + "disable", data={"csrf_token": csrf_token(maintainer_client, page), "confirm": "yes"})
    assert not user(data, admin.email).is_active
    actions = data.scalars(select(AuditEvent.action).where(AuditEvent.object_id == admin.id)).all()
    assert actions == ["disable"]  # in the history; the rotated session token is not
    assert elsewhere.get("/admin/alpha/").status_code == 302
    assert sign_in(app.test_client(), admin.email).status_code == 400
    # A link made before does not bring it back either.
    maintainer_client.post(page + "enable", data={"csrf_token": csrf_token(maintainer_client, page)})
    assert sign_in(app.test_client(), admin.email).status_code == 302


def test_a_disabled_account_cannot_use_a_link(app, maintainer_client, world):
    admin = world[3]
    page = f"/national/staff/{admin.id}/"
    path = link_in(maintainer_client.post(page + "reset-link", data={"csrf_token": csrf_token(maintainer_client, page)}))
    maintainer_client.post(page + "disable", data={"csrf_token": csrf_token(maintainer_client, page), "confirm": "yes"})
    assert app.test_client().get(path).status_code == 404


def test_the_maintainer_cannot_disable_their_own_account(maintainer_client, world, data):
    page = f"/national/staff/{world[2].id}/"
    response = maintainer_client.post(page + "disable", data={"csrf_token": csrf_token(maintainer_client, page),
                                                              "confirm": "yes"}, follow_redirects=True)
    assert "cannot disable your own account" in response.get_data(as_text=True)
    assert user(data, world[2].email).is_active


def test_the_maintainer_changes_an_admins_partnerships(app, maintainer_client, world, data):
    alpha, beta, _, admin = world
    page = f"/national/staff/{admin.id}/"
    values = form_values(maintainer_client, page, "partnerships")
    assert values["partnerships"] == [str(alpha.id)]
    values["partnerships"] = [str(beta.id)]
    assert maintainer_client.post(page, data=values).status_code == 302
    with_data = data.scalars(select(Membership.tenant_id).where(Membership.user_id == admin.id)).all()
    assert with_data == [beta.id]
    client = app.test_client()
    sign_in(client, admin.email)
    assert client.get("/admin/alpha/").status_code == 404
    assert client.get("/admin/beta/").status_code == 200


def test_an_admin_keeps_at_least_one_partnership(maintainer_client, world, data):
    alpha, _, _, admin = world
    page = f"/national/staff/{admin.id}/"
    values = form_values(maintainer_client, page, "partnerships")
    values.pop("partnerships")  # every box unticked
    response = maintainer_client.post(page, data=values)
    assert response.status_code == 400
    assert "Choose at least one partnership, or disable the account instead" in response.get_data(as_text=True)
    assert data.scalars(select(Membership.tenant_id).where(Membership.user_id == admin.id)).all() == [alpha.id]


def test_the_staff_list_shows_every_account(maintainer_client, world):
    html = maintainer_client.get("/national/staff/").get_data(as_text=True)
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr>\s*<td><a [^>]*>([^<]+)</a>.*?</tr>", html, re.S)}
    assert set(rows) == {"boss@national.test", "admin@alpha.test"}
    assert "National maintainer" in rows["boss@national.test"] and "<td>On</td>" in rows["boss@national.test"]
    assert "Partnership admin" in rows["admin@alpha.test"] and "Alpha" in rows["admin@alpha.test"]
    assert "<td>Off</td>" in rows["admin@alpha.test"] and "Active" in rows["admin@alpha.test"]


def test_changing_ones_own_password_needs_the_current_one_and_ends_other_sessions(app, world, data):
    admin = world[3]
    client, other = app.test_client(), app.test_client()
    sign_in(client, admin.email)
    other.set_cookie("session", client.get_cookie("session").value)  # the same session, on another device
    assert other.get("/admin/alpha/").status_code == 200
    path = "/auth/password"
    wrong = client.post(path, data={"current": "not my password", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                    "csrf_token": csrf_token(client)})
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(as_text=True)
    ok = client.post(path, data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                 "csrf_token": csrf_token(client, path)})
    assert ok.status_code == 302
    assert client.get("/admin/alpha/").status_code == 200  # this session stays...
    assert other.get("/admin/alpha/").status_code == 302  # ...every other one ends
    assert sign_in(app.test_client(), admin.email, NEW_PASSWORD).status_code == 302
