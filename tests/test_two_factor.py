"""Two-factor authentication with TOTP codes (SECURITY.md AU4; issue #8 "Staff accounts")."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from partnership_hub.models import AuditEvent, User

from . import factories
from .staff import PASSWORD, csrf_token, form_values, post_code, sign_in

TOTP = pyotp.TOTP(factories.TOTP_SECRET)


@pytest.fixture
def maintainer(data):
    return factories.UserFactory(email="boss@national.test", role="maintainer", password=PASSWORD)


@pytest.fixture
def admin(data):
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=factories.TenantFactory(slug="alpha"))
    return admin


def password_step(client, email, password=PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def signed_in(client) -> bool:
    return client.get("/auth/account").status_code == 200


def code_at(offset_steps: int) -> str:
    return TOTP.at(time.time() + offset_steps * TOTP.interval)


def test_the_password_alone_does_not_sign_a_maintainer_in(client, maintainer):
    response = password_step(client, maintainer.email)
    assert response.headers["Location"] == "/auth/login/code"
    assert not signed_in(client)
    assert client.get("/national/").headers["Location"].startswith("/auth/login?next=")
    assert post_code(client, TOTP.now()).status_code == 302
    assert signed_in(client) and client.get("/national/").status_code == 200


@pytest.mark.parametrize("code", ["000000", "12345", "abcdef", "", "1" * 40])
def test_a_wrong_code_is_refused(client, maintainer, code):
    password_step(client, maintainer.email)
    if TOTP.now() == code:
        pytest.skip("the wrong code happens to be right now")
    response = post_code(client, code)
    assert response.status_code == 400
    assert not signed_in(client)


def test_a_code_works_once(app, maintainer):
    code = TOTP.now()
    first = app.test_client()
    password_step(first, maintainer.email)
    assert post_code(first, code).status_code == 302
    second = app.test_client()
    password_step(second, maintainer.email)
    response = post_code(second, code)
    assert response.status_code == 400 and "used already" in response.get_data(as_text=True)
    assert not signed_in(second)


def test_codes_are_accepted_one_step_either_side_only(app, maintainer):
    for offset, accepted in ((-3, False), (-2, False), (3, False), (-1, True)):
        client = app.test_client()
        password_step(client, maintainer.email)
        assert (post_code(client, code_at(offset)).status_code == 302) is accepted, offset


def test_an_older_code_is_refused_once_a_newer_one_was_used(app, maintainer):
    client = app.test_client()
    password_step(client, maintainer.email)
    assert post_code(client, code_at(0)).status_code == 302
    client = app.test_client()
    password_step(client, maintainer.email)
    assert post_code(client, code_at(-1)).status_code == 400


def test_the_second_step_expires(client, maintainer, monkeypatch):
    password_step(client, maintainer.email)
    token = csrf_token(client, "/auth/login/code")
    later = time.time() + 6 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/auth/login/code", data={"code": TOTP.at(later), "csrf_token": token})
    assert response.headers["Location"] == "/auth/login"
    assert not signed_in(client)


def enrol(client) -> tuple[str, list[str], str]:
    """Set up two-factor from the account page as a person would; returns the secret, codes and page."""
    page = client.get("/auth/two-factor").get_data(as_text=True)
    secret = re.search(r'name="secret" type="hidden" value="([A-Z2-7]{32})"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/auth/two-factor", data={"secret": secret, "code": pyotp.TOTP(secret).now(),
                                                     "csrf_token": token})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", response.get_data(as_text=True))
    return secret, codes, page


def test_a_maintainer_without_two_factor_is_taken_to_enrolment_first(client, data):
    factories.UserFactory(email="new@national.test", role="maintainer", password=PASSWORD, totp_secret=None)
    assert sign_in(client, "new@national.test").status_code == 302
    for page in ("/national/", "/auth/account", "/auth/password", "/national/staff/"):
        assert client.get(page).headers["Location"] == "/auth/two-factor", page
    secret, codes, page = enrol(client)
    assert f'<code class="secret">{secret}</code>' in page and "<svg" in page and 'role="img"' in page  # QR code inline, secret as text
    assert client.get("/national/").status_code == 200
    stored = data.scalar(select(User).where(User.email == "new@national.test"))
    data.refresh(stored)
    assert stored.totp_secret == secret and len(stored.recovery_code_hashes) == 10
    assert not set(codes) & set(stored.recovery_code_hashes)  # stored hashed


def test_enrolment_needs_a_right_code(client, admin, data):
    sign_in(client, admin.email)
    values = form_values(client, "/auth/two-factor", "secret")
    values["code"] = "000000" if pyotp.TOTP(values["secret"]).now() != "000000" else "111111"
    response = client.post("/auth/two-factor", data=values)
    assert response.status_code == 400 and "code is not right" in response.get_data(as_text=True)
    data.refresh(admin)
    assert admin.totp_secret is None


def test_two_factor_is_optional_for_admins_and_then_asked_for(app, admin):
    client = app.test_client()
    assert sign_in(client, admin.email).headers["Location"] == "/auth/account"  # password alone
    assert "Two-factor authentication is off" in client.get("/auth/account").get_data(as_text=True)
    secret, codes, _ = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    later = app.test_client()
    assert password_step(later, admin.email).headers["Location"] == "/auth/login/code"
    assert not signed_in(later)


def test_a_recovery_code_works_once(app, admin):
    client = app.test_client()
    sign_in(client, admin.email)
    _, codes, _ = enrol(client)
    first = app.test_client()
    password_step(first, admin.email)
    assert post_code(first, codes[3].upper()).status_code == 302
    second = app.test_client()
    password_step(second, admin.email)
    assert post_code(second, codes[3]).status_code == 400
    assert post_code(second, codes[4]).status_code == 302


def test_new_recovery_codes_replace_the_old_and_need_the_password(app, admin):
    client = app.test_client()
    sign_in(client, admin.email)
    _, old, _ = enrol(client)
    token = csrf_token(client, "/auth/two-factor/manage")
    wrong = client.post("/auth/two-factor/manage", data={"current": "wrong", "action": "recovery_codes", "csrf_token": token})
    assert wrong.status_code == 400
    response = client.post("/auth/two-factor/manage", data={"current": PASSWORD, "action": "recovery_codes", "csrf_token": token})
    new = re.findall(r"<li><code>([a-z2-9-]+)</code></li>", response.get_data(as_text=True))
    assert len(new) == 10
    other = app.test_client()
    password_step(other, admin.email)
    assert post_code(other, old[0]).status_code == 400
    assert post_code(other, new[0]).status_code == 302


def test_an_admin_may_turn_two_factor_off_but_a_maintainer_may_not(app, admin, maintainer, data):
    client = app.test_client()
    sign_in(client, admin.email)
    enrol(client)
    token = csrf_token(client, "/auth/two-factor/manage")
    client.post("/auth/two-factor/manage", data={"current": PASSWORD, "action": "turn_off", "csrf_token": token})
    data.refresh(admin)
    assert admin.totp_secret is None
    boss = app.test_client()
    sign_in(boss, maintainer.email)
    assert "Turn two-factor" not in boss.get("/auth/two-factor/manage").get_data(as_text=True)
    token = csrf_token(boss, "/auth/two-factor/manage")
    response = boss.post("/auth/two-factor/manage", data={"current": PASSWORD, "action": "turn_off", "csrf_token": token})
    assert response.status_code == 400
    data.refresh(maintainer)
    assert maintainer.totp_secret == factories.TOTP_SECRET


def test_a_password_reset_does_not_bypass_two_factor(app, maintainer, data):
    other = factories.UserFactory(email="other@national.test", role="maintainer", password=PASSWORD)
    boss = app.test_client()
    sign_in(boss, other.email)
    page = f"/national/staff/{maintainer.id}/"
    html = boss.post(page + "reset-link", data={"csrf_token": csrf_token(boss, page)}).get_data(as_text=True)
    path = re.search(r"http://localhost(/auth/set-password/[^<\s]+)", html).group(1)
    client = app.test_client()
    new = "a brand new passphrase"
    client.post(path, data={"password": new, "confirm": new, "csrf_token": csrf_token(client)})
    assert password_step(client, maintainer.email, new).headers["Location"] == "/auth/login/code"
    assert not signed_in(client)


def test_the_maintainer_can_turn_off_a_lost_two_factor(app, admin, maintainer, data):
    client = app.test_client()
    sign_in(client, admin.email)
    enrol(client)
    boss = app.test_client()
    sign_in(boss, maintainer.email)
    page = f"/national/staff/{admin.id}/"
    boss.post(page + "two-factor-off", data={"csrf_token": csrf_token(boss, page)})
    assert not signed_in(client)  # signed out everywhere
    assert sign_in(app.test_client(), admin.email).headers["Location"] == "/auth/account"
    # Both are in the account's history, by whom, without the secret.
    history = boss.get(f"/national/history?object={admin.id}").get_data(as_text=True)
    assert "two-factor on" in history and "two-factor off" in history and maintainer.email in history
    after = data.scalars(select(AuditEvent.after).where(AuditEvent.object_id == admin.id)).all()
    assert all(change.get("totp_secret") in (None, "(secret)") for change in after if change)


def test_demo_accounts_take_their_secret_from_the_environment(app, runner, data, monkeypatch):
    secret = pyotp.random_base32()
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    monkeypatch.setenv("DEMO_TOTP_SECRET", secret)
    result = runner.invoke(args=["seed-demo"])
    assert "DEMO_TOTP_SECRET" in result.output and secret not in result.output
    assert set(data.scalars(select(User.totp_secret))) == {secret}
    client = app.test_client()
    password_step(client, "maintainer@demo.invalid", "demo password for tests")
    assert post_code(client, pyotp.TOTP(secret).now()).status_code == 302
    assert client.get("/national/").status_code == 200


def test_a_malformed_demo_secret_is_refused(runner, data, monkeypatch):
    monkeypatch.setenv("DEMO_TOTP_SECRET", "not base32!")
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "DEMO_TOTP_SECRET" in result.output
    assert data.scalars(select(User)).all() == []
