"""Caching resident pages (cache.py): validators, the server-side page cache, and above all that a
change written through the ORM, by any session, is visible on the very next request."""

from __future__ import annotations

import pytest
import redis
from cachelib import RedisCache
from sqlalchemy import text, update

from partnership_hub import create_app
from partnership_hub.extensions import db
from partnership_hub.models import DRAFT, PUBLISHED, Entry
from partnership_hub.tenancy import acting_for

from .conftest import PG_URL, app_config
from .factories import (
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    SnippetFactory,
    TenantFactory,
    TranslationFactory,
    UserFactory,
)
from .staff import PASSWORD as STAFF_PASSWORD
from .staff import sign_in as staff_sign_in
from .test_query_counts import counting


@pytest.fixture
def site(data):
    home = TenantFactory(slug="home", name="Home Partnership")
    other = TenantFactory(slug="other", name="Other Partnership")
    topic = CategoryFactory(slug="reporting", name="Report something")
    SnippetFactory()
    entry = EntryFactory(category=topic, title="CEOP Safety Centre")
    return home, other, topic, entry


def get(client, path, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(path, headers=headers)


def test_resident_pages_carry_an_etag_and_keep_out_of_the_browser_cache(client, site):
    response = get(client, "/home/en/topics/reporting")
    assert response.status_code == 200
    assert response.headers["ETag"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["CDN-Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response.headers


def test_a_matching_if_none_match_is_answered_304_without_building_the_page(app, client, site):
    etag = get(client, "/home/en/topics/reporting").headers["ETag"]
    with counting(app) as statements:
        response = get(client, "/home/en/topics/reporting", etag)
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag
    assert "Set-Cookie" not in response.headers
    assert len(statements) == 1  # the partnership and its content stamps together; nothing of the page
    assert get(client, "/home/en/topics/reporting", '"something-else"').status_code == 200


def test_a_cached_page_is_served_with_one_query_and_the_same_body(app, client, site):
    first = get(client, "/home/en/topics/reporting")
    with counting(app) as statements:
        again = get(client, "/home/en/topics/reporting")
    assert len(statements) == 1
    assert again.get_data() == first.get_data()
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Type"] == first.headers["Content-Type"]


def test_pages_answered_before_the_app_carry_the_headers_the_app_sends(client, site):
    """Known pages are answered in front of Flask (cache.KnownPages): the same security and caching
    headers as the page the app built, and a HEAD request gets the headers without the body."""
    built = get(client, "/home/en/topics/reporting")
    cached = get(client, "/home/en/topics/reporting")
    not_modified = get(client, "/home/en/topics/reporting", built.headers["ETag"])
    head = client.head("/home/en/topics/reporting")
    assert cached.get_data() == built.get_data() and head.get_data() == b""
    assert head.headers["Content-Length"] == str(len(built.get_data()))
    for name in ("Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "X-Frame-Options", "Cache-Control", "CDN-Cache-Control", "ETag"):
        assert built.headers.get(name), name
        assert cached.headers.get(name) == not_modified.headers.get(name) == head.headers.get(name) == built.headers[name], name
    assert cached.headers["Content-Type"] == built.headers["Content-Type"] == "text/html; charset=utf-8"


def test_editing_an_entry_through_the_orm_changes_the_page_and_its_etag_at_once(client, data, site):
    _, _, _, entry = site
    before = get(client, "/home/en/topics/reporting")
    entry.title = "CEOP Education"
    data.commit()
    after = get(client, "/home/en/topics/reporting", before.headers["ETag"])
    assert after.status_code == 200
    assert "CEOP Education" in after.get_data(as_text=True)
    assert after.headers["ETag"] != before.headers["ETag"]


def test_publishing_and_withdrawing_show_at_once(client, data, site):
    _, _, topic, _ = site
    draft = EntryFactory(category=topic, title="Brand new helpline", status=DRAFT)
    assert "Brand new helpline" not in get(client, "/home/en/topics/reporting").get_data(as_text=True)
    draft.status = PUBLISHED
    data.commit()
    assert "Brand new helpline" in get(client, "/home/en/topics/reporting").get_data(as_text=True)
    data.delete(draft)
    data.commit()
    assert "Brand new helpline" not in get(client, "/home/en/topics/reporting").get_data(as_text=True)


def test_hiding_a_national_entry_shows_at_once_at_home_only(client, data, site):
    home, other, _, entry = site
    other_etag = get(client, "/other/en/topics/reporting").headers["ETag"]
    assert "CEOP Safety Centre" in get(client, "/home/en/topics/reporting").get_data(as_text=True)
    EntryOverrideFactory(tenant=home, entry=entry, hidden=True)
    assert "CEOP Safety Centre" not in get(client, "/home/en/topics/reporting").get_data(as_text=True)
    # Another partnership's change leaves this one's pages, and their validators, alone.
    assert get(client, "/other/en/topics/reporting", other_etag).status_code == 304


def test_a_change_to_the_help_box_or_a_translation_shows_on_every_page(client, data, site):
    home, _, _, entry = site
    get(client, "/home/en/"), get(client, "/home/pl/topics/reporting")
    ContactLineFactory(tenant=home, label="Home safeguarding hub")
    assert "Home safeguarding hub" in get(client, "/home/en/").get_data(as_text=True)
    TranslationFactory(owner=entry, locale="pl", text="Centrum CEOP")
    assert "Centrum CEOP" in get(client, "/home/pl/topics/reporting").get_data(as_text=True)


def test_a_bulk_update_through_the_orm_shows_at_once(app, client, site):
    home, _, _, _ = site
    local = EntryFactory(tenant=home, category=site[2], title="Local line")
    etag = get(client, "/home/en/topics/reporting").headers["ETag"]
    with app.app_context(), acting_for(home):
        db.session.execute(update(Entry).where(Entry.id == local.id).values(title="Renamed local line"))
        db.session.commit()
    response = get(client, "/home/en/topics/reporting", etag)
    assert response.status_code == 200
    assert "Renamed local line" in response.get_data(as_text=True)


def test_the_cache_never_serves_one_partnerships_or_languages_page_to_another(client, data, site):
    home, other, topic, _ = site
    EntryFactory(tenant=home, category=topic, title="Only at home")
    EntryFactory(tenant=other, category=topic, title="Only elsewhere")
    TranslationFactory(owner=topic, field="name", locale="pl", text="Zgłoś coś")
    pages = {}
    for _ in range(2):  # the second round comes from the cache
        for path in ("/home/en/topics/reporting", "/other/en/topics/reporting", "/home/pl/topics/reporting",
                     "/home/en/topics/reporting?easy=1"):
            response = get(client, path)
            assert response.status_code == 200
            pages.setdefault(path, set()).add((response.headers["ETag"], response.get_data(as_text=True)))
    assert all(len(seen) == 1 for seen in pages.values())
    html = {path: next(iter(seen))[1] for path, seen in pages.items()}
    assert "Only at home" in html["/home/en/topics/reporting"] and "Only elsewhere" not in html["/home/en/topics/reporting"]
    assert "Only elsewhere" in html["/other/en/topics/reporting"] and "Only at home" not in html["/other/en/topics/reporting"]
    assert "Zgłoś coś" in html["/home/pl/topics/reporting"] and 'lang="pl"' in html["/home/pl/topics/reporting"]
    easy_home_link = 'href="/home/en/?easy=1"'  # easy read travels with every link of an easy page only
    assert easy_home_link in html["/home/en/topics/reporting?easy=1"]
    assert easy_home_link not in html["/home/en/topics/reporting"]
    assert len({etag for seen in pages.values() for etag, _ in seen}) == len(pages)


def test_a_page_names_the_host_and_scheme_it_was_asked_on_even_from_the_cache(client, site):
    """Pages carry absolute links (hreflang alternates, the share link): a copy made for one of the
    platform's names, or for plain http, must not be served to a request on another."""
    for _ in range(2):  # the second round comes from the cache
        for base in ("http://localhost", "http://127.0.0.1", "https://localhost"):
            response = client.get("/home/en/topics/reporting", base_url=base)
            assert response.status_code == 200
            assert f'hreflang="en" href="{base}/home/en/topics/reporting"' in response.get_data(as_text=True)


def test_a_page_cached_before_a_change_is_not_served_by_another_process(migrated, data, site):
    """Two app processes (two apps, each with its own in-process cache): a change written anywhere
    reaches both, because each reads the stamps from the database."""
    _, _, _, entry = site
    apps = [create_app(app_config(migrated)) for _ in range(2)]
    for app in apps:
        assert "CEOP Safety Centre" in get(app.test_client(), "/home/en/topics/reporting").get_data(as_text=True)
    entry.title = "CEOP Education"
    data.commit()
    for app in apps:
        assert "CEOP Education" in get(app.test_client(), "/home/en/topics/reporting").get_data(as_text=True)
        with app.app_context():
            db.engine.dispose()


REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def test_redis_backs_the_cache_when_redis_url_is_set(migrated):
    app = create_app({**app_config(migrated), "REDIS_URL": REDIS_URL})
    assert isinstance(app.extensions["page_cache"], RedisCache)


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis on 127.0.0.1:6379 (CI and the project's machines have one)")
def test_a_page_cached_in_redis_by_one_process_serves_another(migrated, data, site):
    apps = [create_app({**app_config(migrated), "REDIS_URL": REDIS_URL}) for _ in range(2)]
    first = get(apps[0].test_client(), "/home/en/topics/reporting")
    with counting(apps[1]) as statements:
        again = get(apps[1].test_client(), "/home/en/topics/reporting")
    assert again.get_data() == first.get_data() and len(statements) == 1
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_a_page_cache_that_fails_is_a_miss_not_an_error(migrated, data, site):
    """Redis down (nothing listens on port 1): pages are built, with every header, and still correct."""
    app = create_app({**app_config(migrated), "REDIS_URL": "redis://127.0.0.1:1/0"})
    client = app.test_client()
    for _ in range(2):
        response = get(client, "/home/en/topics/reporting")
        assert response.status_code == 200 and "CEOP Safety Centre" in response.get_data(as_text=True)
        assert response.headers["Content-Security-Policy"] and response.headers["Cache-Control"] == "no-store"
    assert get(client, "/home/en/topics/reporting", response.headers["ETag"]).status_code == 304
    with app.app_context():
        db.engine.dispose()


def test_only_the_pages_own_etag_is_answered_304(client, site):
    """`If-None-Match: *` matches any current representation; there is none at an unknown path."""
    assert get(client, "/home/en/no-such-page", "*").status_code == 404
    response = get(client, "/home/en/topics/reporting", "*")
    assert response.status_code == 200 and response.headers["ETag"]


def test_a_head_request_that_builds_the_page_gets_its_etag(client, site):
    built = client.head("/home/en/topics/reporting")
    assert built.status_code == 200 and built.get_data() == b""
    assert built.headers["ETag"] == get(client, "/home/en/topics/reporting").headers["ETag"]


def test_a_page_built_for_a_signed_in_member_of_staff_is_not_kept(app, client, site):
    """Flask adds the session cookie after the app's hooks: a request that carries one is not stored,
    so nothing of a staff session (a CSRF token, a flashed message) can be replayed to a resident."""
    UserFactory(email="keeper@national.test", role="maintainer", password=STAFF_PASSWORD)
    assert staff_sign_in(client, "keeper@national.test").status_code == 302
    assert client.get("/home/en/topics/reporting").status_code == 200
    with counting(app) as statements:
        resident = app.test_client().get("/home/en/topics/reporting")
    assert resident.status_code == 200 and len(statements) > 1  # built, not replayed
    with counting(app) as statements:
        assert app.test_client().get("/home/en/topics/reporting").status_code == 200
    assert len(statements) == 1  # the resident's own copy is kept


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="a database server dropping connections: PostgreSQL; set DATABASE_URL")
def test_pages_are_still_answered_before_the_app_after_the_database_dropped_its_connections(client, site, engine):
    """The stamp engine has no pre-ping: a dropped connection fails one read, which is tried again."""
    etag = get(client, "/home/en/topics/reporting").headers["ETag"]
    with engine.connect() as conn:
        dropped = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'partnership_hub stamps'"
        )).scalar()
    assert dropped >= 1
    # 304: answered by KnownPages itself (were the stamp read given up, the app would build a 200).
    assert get(client, "/home/en/topics/reporting", etag).status_code == 304
