"""Staff sign-in and sign-out (SECURITY.md AU1, AU6, AU7, SE2, SE3, C1)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from partnership_hub.accounts import create_account
from partnership_hub.extensions import db
from partnership_hub.models import User

from .staff import PASSWORD, csrf_token



@pytest.fixture
def staff(app, data):
    with app.app_context():
        create_account("admin@alpha.test", PASSWORD, role="admin")
        disabled = create_account("gone@alpha.test", PASSWORD, role="admin")
        disabled.is_active = False
        db.session.commit()
    return "admin@alpha.test"


def sign_in(client, email, password=PASSWORD, next_=None):
    query = {"next": next_} if next_ is not None else {}
    return client.post("/auth/login", query_string=query,
                       data={"email": email, "password": password, "csrf_token": csrf_token(client)})


def session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_passwords_are_hashed_with_argon2id(app, staff):
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash).where(User.email == staff))
    assert stored.startswith("$argon2id$")
    m, t, p = (int(x) for x in re.search(r"m=(\d+),t=(\d+),p=(\d+)", stored).groups())
    assert m >= 19456 and t >= 2 and p >= 1


def test_sign_in_and_out(client, staff):
    assert not signed_in(client)
    assert sign_in(client, staff).status_code == 302
    assert signed_in(client)
    assert client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/auth/account")}).status_code == 302
    assert not signed_in(client)


@pytest.mark.parametrize("email,password", [("admin@alpha.test", "wrong password!!"), ("nobody@alpha.test", PASSWORD),
                                            ("gone@alpha.test", PASSWORD)])
def test_failed_sign_in_says_the_same_thing_whatever_failed(client, staff, email, password):
    response = sign_in(client, email, password)
    assert response.status_code == 400
    assert "The email address or password is not right." in response.get_data(as_text=True)
    assert not signed_in(client)


def test_sign_in_renews_the_session(client, staff):
    client.get("/auth/login")
    before = session_cookie(client)
    sign_in(client, staff)
    assert session_cookie(client) not in (None, before)


def signed_in(client) -> bool:
    response = client.get("/auth/account")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_sign_in_lands_on_the_account_page_with_the_partnerships(app, client, data):
    from .factories import MembershipFactory, TenantFactory

    with app.app_context():
        user_id = create_account("multi@alpha.test", PASSWORD, role="admin").id
    MembershipFactory(user=data.get(User, user_id), tenant=TenantFactory(name="Alpha Partnership"))
    TenantFactory(name="Beta Partnership")
    assert sign_in(client, "multi@alpha.test").headers["Location"] == "/auth/account"
    html = client.get("/auth/account").get_data(as_text=True)
    assert "multi@alpha.test" in html and "Alpha Partnership" in html and "Beta Partnership" not in html


def test_a_cookie_copied_before_sign_out_is_worthless_after(app, client, staff):
    sign_in(client, staff)
    copied = session_cookie(client)
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert signed_in(thief)  # the copy works while the session lives...
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/auth/account")})
    assert not signed_in(client)
    assert not signed_in(thief)  # ...and not after sign-out, although the cookie is unchanged


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
                                    "http:/evil.example", "/%0d%0aLocation: https://evil.example"])
def test_next_never_leads_off_the_site(client, staff, target):
    response = sign_in(client, staff, next_=target)
    location = urlsplit(response.headers["Location"])
    assert response.headers["Location"].startswith("/") and not location.scheme and not location.netloc
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]


def test_next_leads_back_within_the_site(client, staff):
    assert sign_in(client, staff, next_="/dudley/en/").headers["Location"] == "/dudley/en/"


def test_sign_in_without_the_csrf_token_is_refused(client, staff):
    response = client.post("/auth/login", data={"email": staff, "password": PASSWORD})
    assert response.status_code == 400
    assert not signed_in(client)


def test_cli_creates_a_maintainer_and_refuses_weak_passwords(app, runner, data):
    ok = runner.invoke(args=["create-maintainer", "Boss@Example.org", "--password", "a long enough passphrase"])
    assert ok.exit_code == 0, ok.output
    short = runner.invoke(args=["create-maintainer", "b@example.org", "--password", "short"])
    assert short.exit_code != 0 and "at least 12" in short.output
    own_email = runner.invoke(args=["create-maintainer", "c@example.org", "--password", "c@example.org-2026!"])
    assert own_email.exit_code != 0
    with app.app_context():
        users = db.session.scalars(select(User)).all()
    assert [(u.email, u.role) for u in users] == [("boss@example.org", "maintainer")]


def test_demo_seed_creates_the_demo_accounts_once(app, runner, data, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    first = runner.invoke(args=["seed-demo"])
    assert "maintainer@demo.invalid" in first.output and "DEMO_PASSWORD" in first.output
    assert "demo password for tests" not in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "Demo accounts" not in second.output
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
    assert emails == {"maintainer@demo.invalid", "admin@dudley.demo.invalid", "admin@brierley-vale.demo.invalid"}
