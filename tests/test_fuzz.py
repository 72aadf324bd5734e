"""Every public endpoint, fuzzed with hypothesis: generated paths, query strings, headers and raw
bytes never give a 500 or show a stack trace (the issue's "no 500, no stack trace"). Search takes any
text of any length and alphabet.

The routes come from the URL map (tests/routes.py), so a new endpoint is fuzzed the day it is added.
Example counts are kept modest so that the suite stays fast; raise them locally with
``HYPOTHESIS_EXAMPLES=1000``."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnership_hub import create_app

from .factories import BulletinFactory, CategoryFactory, ContactLineFactory, EntryFactory, TenantFactory, TenantHostFactory
from .routes import concrete_paths

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
# One site per test, read (never written) by every example: function-scoped fixtures are fine here.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SAMPLES = {"tenant": "alpha", "lang": "en", "slug": "reporting"}
ROUTES = concrete_paths(create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}),
                        SAMPLES)
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]

# What an HTTP header can carry through a WSGI server: latin-1, without CR, LF or NUL.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=300)
any_text = st.text(max_size=200)
segment = st.one_of(any_text, st.sampled_from(["..", ".", "%00", "%2e%2e", "en", "pl", "ur", "ar", "xx", "topics",
                                               "entries", "bulletins", "00000000-0000-0000-0000-000000000000"]))
headers = st.fixed_dictionaries({}, optional={
    "Host": st.one_of(header_text, st.sampled_from(["safe.alpha.test", "SAFE.ALPHA.TEST:443", "[::1]", "localhost:5000",
                                                    "evil.example", "", ":", "a" * 300])),
    "Accept-Language": st.one_of(header_text, st.sampled_from(["pl;q=0.9, ur;q=2", "*", "ar-EG, ;q=", "en;q=abc"])),
    "If-None-Match": st.one_of(header_text, st.sampled_from(['"x"', "*", 'W/"', '""""'])),
    "If-Modified-Since": header_text,
    "Range": header_text,
    "Cookie": header_text,
    "Referer": header_text,
    "User-Agent": header_text,
    "X-Forwarded-For": header_text,
    "X-Forwarded-Host": header_text,
    "Content-Type": header_text,
})


@pytest.fixture
def site(client, data):
    tenant = TenantFactory(slug="alpha")
    TenantHostFactory(tenant=tenant, host="safe.alpha.test")
    topic = CategoryFactory(slug="reporting", name="Report something")
    EntryFactory(category=topic, title="Report online abuse")
    EntryFactory(category=topic, tenant=tenant, title="Alpha local line", helpline=True)
    BulletinFactory(tenant=tenant)
    ContactLineFactory(tenant=tenant)
    return client


def assert_handled(response, what) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, (what, response.status_code)
    assert "Traceback" not in body and 'File "' not in body, what


@FUZZ
@given(route=st.sampled_from(ROUTES), method=st.sampled_from(METHODS), extra=st.lists(segment, max_size=3),
       query=st.dictionaries(any_text, any_text, max_size=4), headers=headers, body=st.binary(max_size=200))
def test_every_route_survives_generated_requests(site, route, method, extra, query, headers, body):
    _, path, _ = route
    if extra:
        path = path.rstrip("/") + "/" + "/".join(quote(part, safe="%") for part in extra)
    response = site.open(path, method=method, query_string=query, headers=headers, data=body)
    assert_handled(response, (method, path, query, headers))


@FUZZ
@given(path=st.binary(max_size=120), query=st.binary(max_size=120), route=st.sampled_from(ROUTES))
def test_raw_bytes_in_path_and_query_string(site, path, query, route):
    # WSGI hands the path over as latin-1-decoded bytes: any byte can arrive, valid UTF-8 or not.
    raw = route[1].encode() + path
    response = site.get("/", environ_overrides={"PATH_INFO": raw.decode("latin-1"),
                                                "QUERY_STRING": query.decode("latin-1")})
    assert_handled(response, (raw, query))


@FUZZ
@given(query=st.one_of(st.text(max_size=300), st.text(min_size=1000, max_size=20000),
                       st.text(st.sampled_from('%_*"\'()[]{}:^~-+|&!\\<>;,.?'), max_size=50)),
       lang=st.sampled_from(["en", "pl", "ur"]), easy=st.booleans())
def test_search_takes_any_text_of_any_length(site, query, lang, easy):
    response = site.get(f"/alpha/{lang}/search", query_string={"q": query, **({"easy": "1"} if easy else {})})
    assert_handled(response, query)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/alpha/en/topics/reporting%00", "/alpha%00/en/", "/alpha/en/entries/%01"])
def test_a_control_character_in_the_path_is_no_page(site, path):
    response = site.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Security-Policy"]
