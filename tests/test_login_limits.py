"""Login limits (SECURITY.md AU3): 5 failures per account and 20 per address in 15 minutes; failures
count, successes do not; a locked account is refused even with the right password until the window
passes or the maintainer unlocks it; one locked account does not lock anyone else."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from freezegun import freeze_time

from partnership_hub import create_app
from partnership_hub.auth.throttle import ACCOUNT_LOCKED, ADDRESS_BLOCKED
from partnership_hub.extensions import db
from partnership_hub.models import LoginFailure

from . import factories
from .conftest import app_config
from .staff import PASSWORD, csrf_token, post_code, sign_in

WRONG = "not the password at all"


@pytest.fixture
def admin(data):
    admin = factories.UserFactory(email="admin@alpha.test", password=PASSWORD)
    factories.MembershipFactory(user=admin, tenant=factories.TenantFactory(slug="alpha"))
    return admin


@pytest.fixture
def maintainer(data):
    return factories.UserFactory(email="boss@national.test", role="maintainer", password=PASSWORD)


def fail(client, email, times):
    for _ in range(times):
        assert sign_in(client, email, WRONG).status_code == 400


def test_five_failures_lock_the_account_even_against_the_right_password(client, admin):
    fail(client, admin.email, 5)
    response = sign_in(client, admin.email)
    assert response.status_code == 429
    assert ACCOUNT_LOCKED in response.get_data(as_text=True)
    assert client.get("/auth/account").status_code == 302


def test_four_failures_do_not(client, admin):
    fail(client, admin.email, 4)
    assert sign_in(client, admin.email).status_code == 302


def test_successes_do_not_count(app, admin):
    for _ in range(12):
        assert sign_in(app.test_client(), admin.email).status_code == 302


def test_a_locked_account_does_not_lock_anyone_else(app, client, admin, data):
    other = factories.UserFactory(email="other@alpha.test", password=PASSWORD)
    fail(client, admin.email, 5)
    assert sign_in(app.test_client(), other.email).status_code == 302


def test_an_unknown_email_is_locked_the_same_way(client, admin):
    """So that the lockout does not tell anyone which accounts exist."""
    fail(client, "nobody@alpha.test", 5)
    response = sign_in(client, "nobody@alpha.test", WRONG)
    assert response.status_code == 429 and ACCOUNT_LOCKED in response.get_data(as_text=True)


def test_the_lock_ends_when_the_window_passes(client, admin):
    fail(client, admin.email, 5)
    assert sign_in(client, admin.email).status_code == 429
    with freeze_time(datetime.now(timezone.utc) + timedelta(minutes=15, seconds=5)):
        assert sign_in(client, admin.email).status_code == 302


def test_wrong_codes_count_too(app, maintainer):
    client = app.test_client()
    client.post("/auth/login", data={"email": maintainer.email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    for _ in range(5):
        assert post_code(client, "000000").status_code == 400 or pytest.skip("000000 happened to be right")
    response = post_code(client, "000000")
    assert response.status_code == 429 and ACCOUNT_LOCKED in response.get_data(as_text=True)
    assert sign_in(app.test_client(), maintainer.email).status_code == 429


def test_the_maintainer_sees_the_lock_and_unlocks_the_account(app, admin, maintainer):
    locked_out = app.test_client()
    fail(locked_out, admin.email, 5)
    boss = app.test_client()
    sign_in(boss, maintainer.email)
    assert "<strong>locked</strong>" in boss.get("/national/staff/").get_data(as_text=True)
    page = f"/national/staff/{admin.id}/"
    boss.post(page + "unlock", data={"csrf_token": csrf_token(boss, page)})
    assert "<strong>locked</strong>" not in boss.get("/national/staff/").get_data(as_text=True)
    assert sign_in(locked_out, admin.email).status_code == 302


def test_twenty_failures_from_one_address_block_it(app, admin, data):
    client = app.test_client()
    for n in range(20):
        sign_in(client, f"guess{n}@alpha.test", WRONG)
    response = sign_in(client, admin.email)
    assert response.status_code == 429 and ADDRESS_BLOCKED in response.get_data(as_text=True)
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert sign_in(elsewhere, admin.email).status_code == 302


def test_failures_are_logged_without_the_password(client, admin, caplog):
    fail(client, "admin@alpha.test\r\nforged line", 1)
    fail(client, admin.email, 5)
    logged = caplog.text
    assert logged.count("authn_login_fail email=") == 6 and "authn_login_fail_max email='admin@alpha.test'" in logged
    assert WRONG not in logged and "\r\nforged" not in logged


def test_every_app_process_counts_the_same_failures(app, migrated, admin):
    """Two app servers (two apps here, each with its own engine and memory) share one count."""
    other_server = create_app(app_config(migrated))
    try:
        fail(app.test_client(), admin.email, 3)
        fail(other_server.test_client(), admin.email, 2)
        assert sign_in(app.test_client(), admin.email).status_code == 429
        assert sign_in(other_server.test_client(), admin.email).status_code == 429
    finally:
        with other_server.app_context():
            db.engine.dispose()


def test_failures_older_than_the_window_are_not_kept(client, admin, data):
    fail(client, admin.email, 3)
    with freeze_time(datetime.now(timezone.utc) + timedelta(minutes=16)):
        fail(client, "someone.else@alpha.test", 1)
    assert sorted(f.key for f in data.query(LoginFailure).filter_by(scope="account")) == ["someone.else@alpha.test"]


def test_a_failed_sign_in_leaves_resident_pages_cached(client, admin):
    """Failures are not content: writing them must not invalidate every partnership's pages."""
    factories.CategoryFactory(slug="reporting")
    etag = client.get("/alpha/en/topics/reporting").headers["ETag"]
    fail(client, admin.email, 1)
    assert client.get("/alpha/en/topics/reporting", headers={"If-None-Match": etag}).status_code == 304


def test_guesses_sent_at_once_are_counted_before_any_is_checked(app, admin, data):
    """Ten guesses in parallel: each is counted before its password is checked, so no more than five
    passwords are ever checked (counted after the check, all ten would be). Refused guesses take their
    count back, so what stays counted is exactly the guesses that were checked."""
    guessers = 10
    ready = threading.Barrier(guessers)

    def guess(_):
        client = app.test_client()
        token = csrf_token(client)
        ready.wait()
        return client.post("/auth/login", data={"email": admin.email, "password": WRONG, "csrf_token": token}).status_code

    with ThreadPoolExecutor(guessers) as pool:
        answers = list(pool.map(guess, range(guessers)))
    assert answers.count(400) <= 5 and answers.count(400) + answers.count(429) == guessers
    assert data.query(LoginFailure).filter_by(scope="account").count() == answers.count(400)
