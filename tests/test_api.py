"""The Open Referral UK API: every answer valid against the standard's schemas, pagination exactly as
the standard describes it, open to every origin, and each partnership's own directory only."""

from __future__ import annotations

import datetime
import uuid

import pytest
from jsonschema import Draft202012Validator

from partnership_hub.api import oruk
from partnership_hub.models import DRAFT, EntryKind

from .factories import (
    CategoryFactory,
    EntryFactory,
    EntryOverrideFactory,
    TenantFactory,
    TenantHostFactory,
)
from .oruk_schemas import assert_valid, response_validator, schema_validator

API = "/alpha/api"


@pytest.fixture
def world(data):
    """Alpha and Beta, each with a local topic and entries, over a small national catalogue."""
    alpha = TenantFactory(slug="alpha", name="Alpha Partnership")
    beta = TenantFactory(slug="beta", name="Beta Partnership")
    reporting = CategoryFactory(slug="reporting", name="Report something")
    helplines = CategoryFactory(slug="helplines", name="Helplines")
    national = [
        EntryFactory(category=reporting, kind=EntryKind.REPORTING, title="CEOP", email="reports@ceop.example",
                     chat_url="https://chat.ceop.example/"),
        EntryFactory(category=helplines, helpline=True, title="Childline", text_number="+447700900123",
                     url=None),
        EntryFactory(category=helplines, title="Hidden by Alpha"),
    ]
    EntryOverrideFactory(tenant=alpha, entry=national[0], pinned=True, note="Call our line first.")
    EntryOverrideFactory(tenant=alpha, entry=national[2], hidden=True)
    alpha_topic = CategoryFactory(tenant=alpha, slug="local", name="Alpha help")
    beta_topic = CategoryFactory(tenant=beta, slug="local", name="Beta help")
    alpha_entry = EntryFactory(tenant=alpha, category=alpha_topic, title="Alpha safeguarding", phone="+441384241511")
    beta_entry = EntryFactory(tenant=beta, category=beta_topic, title="Beta safeguarding")
    draft = EntryFactory(tenant=alpha, category=alpha_topic, title="Alpha draft", status=DRAFT)
    deleted = EntryFactory(category=reporting, title="Deleted national",
                           deleted_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    return {
        "alpha": alpha, "beta": beta, "national": national, "alpha_entry": alpha_entry, "beta_entry": beta_entry,
        "alpha_topic": alpha_topic, "beta_topic": beta_topic, "draft": draft, "deleted": deleted,
        "reporting": reporting,
    }


def get_json(client, path: str, status: int = 200, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True))
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    assert response.mimetype == "application/json"
    return response.get_json()


def every_page(client, path: str, per_page: int) -> list[dict]:
    pages, page = [], 1
    while True:
        body = get_json(client, f"{path}?per_page={per_page}&page={page}")
        pages.append(body)
        if body["last_page"]:
            return pages
        page += 1


def test_the_schema_check_really_checks_formats():
    # Without rfc3339-validator and rfc3986-validator, jsonschema skips these formats silently.
    checker = Draft202012Validator.FORMAT_CHECKER
    assert {"uuid", "email", "uri", "date-time"} <= set(checker.checkers)
    with pytest.raises(AssertionError):
        assert_valid(schema_validator("compiled/service.json"), {"id": "1", "name": "x", "status": "active"})
    # The page schemas reach into their items through the standard's remote $refs, resolved locally.
    with pytest.raises(AssertionError, match="uri"):
        assert_valid(response_validator("/taxonomy_terms"), {"contents": [
            {"id": str(uuid.uuid4()), "name": "n", "description": "d", "term_uri": "not a uri"}]})


def test_every_response_is_valid_against_the_standard(client, world):
    root = get_json(client, API + "/")
    assert_valid(response_validator("/"), root)
    assert root["version"] == "3.0"
    assert root["openapi_url"] == "http://localhost/alpha/api/openapi.json"

    listing = response_validator("/services")
    full = response_validator("/services/{id}")
    phone = schema_validator("phone.json")
    pages = every_page(client, API + "/services", per_page=2)
    for body in pages:
        assert_valid(listing, body)
    services = [item for body in pages for item in body["contents"]]
    assert len(services) == 3
    for item in services:
        detail = get_json(client, f"{API}/services/{item['id']}")
        assert_valid(full, detail)
        for number in detail["phones"]:
            assert_valid(phone, number)

    for path, item_path in (("/taxonomies", "/taxonomies/{id}"), ("/taxonomy_terms", "/taxonomy_terms/{id}")):
        pages = every_page(client, API + path, per_page=3)
        for body in pages:
            assert_valid(response_validator(path), body)
        for item in (item for body in pages for item in body["contents"]):
            assert_valid(response_validator(item_path), get_json(client, f"{API}{path}/{item['id']}"))


def test_a_service_carries_its_contacts_hours_and_terms(client, world):
    ceop, childline, _ = world["national"]
    body = get_json(client, f"{API}/services/{ceop.id}")
    assert body["name"] == "CEOP"
    assert body["email"] == "reports@ceop.example"
    assert body["url"] == ceop.url
    assert body["x_chat_url"] == "https://chat.ceop.example/"
    assert body["x_pinned"] is True and body["x_partnership_note"] == "Call our line first."
    terms = {a["taxonomy_term"]["name"] for a in body["attributes"]}
    assert terms == {"Report something", "Reporting route"}

    body = get_json(client, f"{API}/services/{childline.id}")
    assert "url" not in body
    assert [(p["number"], p["type"]) for p in body["phones"]] == [("+44 300 555 0050", "voice"),
                                                                  ("+44 7700 900123", "text")]
    assert [s["description"] for s in body["schedules"]] == ["Every day, 9am to 5pm"]
    samaritans = EntryFactory(category=childline.category, helpline=True, title="Samaritans", phone="116123", url=None)
    # A short number is dialled as it is: never written after +44.
    assert [p["number"] for p in get_json(client, f"{API}/services/{samaritans.id}")["phones"]] == ["116 123"]
    # Ids of objects without rows of their own stay the same from one request to the next.
    assert get_json(client, f"{API}/services/{childline.id}")["phones"] == body["phones"]


def test_pagination_follows_the_standard(client, world):
    pages = every_page(client, API + "/services", per_page=2)
    assert [(p["page_number"], p["size"], p["first_page"], p["last_page"], p["empty"]) for p in pages] == [
        (1, 2, True, False, False), (2, 1, False, True, False)]
    assert {(p["total_items"], p["total_pages"]) for p in pages} == {(3, 2)}
    names = [s["name"] for p in pages for s in p["contents"]]
    assert names == sorted(names)

    beyond = get_json(client, API + "/services?per_page=2&page=3")
    assert (beyond["size"], beyond["empty"], beyond["first_page"], beyond["last_page"]) == (0, True, False, True)
    assert beyond["contents"] == [] and beyond["total_items"] == 3
    assert get_json(client, API + "/services?page=1000000000")["contents"] == []

    nothing = get_json(client, API + "/services?search=zzzzzz")
    assert (nothing["total_items"], nothing["total_pages"], nothing["empty"]) == (0, 0, True)
    assert nothing["first_page"] and nothing["last_page"]
    assert get_json(client, API + "/services")["size"] == 3  # the default page holds them all


@pytest.mark.parametrize("query", [
    "page=0", "page=-1", "page=x", "page=1.5", "page=", "page=1000000001", "per_page=0", "per_page=201",
    "per_page=%D9%A3", "taxonomy_term_id=not-a-uuid", "taxonomy_id=1", "minimum_age=12", "day=Monday",
    "postcode=DY1", "search=" + "x" * 201,
])
def test_bad_parameters_get_a_json_400(client, world, query):
    body = get_json(client, f"{API}/services?{query}", status=400)
    assert body["status"] == 400 and body["message"]


@pytest.mark.parametrize("path", ["/taxonomies?page=0", "/taxonomy_terms?per_page=x"])
def test_bad_paging_of_taxonomies_gets_a_json_400(client, world, path):
    get_json(client, API + path, status=400)


def test_filters(client, world):
    def names(query):
        return sorted(s["name"] for s in get_json(client, f"{API}/services?{query}")["contents"])

    assert names(f"taxonomy_term_id={world['reporting'].id}") == ["CEOP"]
    assert names(f"taxonomy_term_id={oruk.kind_term_id(EntryKind.HELPLINE)}") == ["Childline"]
    assert names(f"taxonomy_term_id={world['beta_topic'].id}") == []
    assert names(f"taxonomy_id={oruk.TOPICS.id}") == ["Alpha safeguarding", "CEOP", "Childline"]
    assert names(f"taxonomy_id={oruk.RESOURCE_TYPES.id}") == ["Alpha safeguarding", "CEOP", "Childline"]
    assert names(f"taxonomy_id={uuid.uuid4()}") == []
    assert names("search=alpha+safeguard") == ["Alpha safeguarding"]
    assert names("search=%25") == []


def test_tenant_isolation_and_visibility(client, world):
    alpha = {s["id"] for s in get_json(client, API + "/services")["contents"]}
    beta = {s["id"] for s in get_json(client, "/beta/api/services")["contents"]}
    ceop, childline, hidden = world["national"]
    assert alpha == {str(ceop.id), str(childline.id), str(world["alpha_entry"].id)}
    assert beta == {str(ceop.id), str(childline.id), str(hidden.id), str(world["beta_entry"].id)}
    for entry in (world["beta_entry"], hidden, world["draft"], world["deleted"]):
        body = get_json(client, f"{API}/services/{entry.id}", status=404)
        assert body["status"] == 404

    terms = {t["id"] for t in get_json(client, API + "/taxonomy_terms?per_page=200")["contents"]}
    assert str(world["alpha_topic"].id) in terms and str(world["beta_topic"].id) not in terms
    get_json(client, f"{API}/taxonomy_terms/{world['beta_topic'].id}", status=404)
    topics = get_json(client, f"{API}/taxonomies/{oruk.TOPICS.id}")["taxonomy_terms"]
    assert "Beta help" not in {t["name"] for t in topics}


@pytest.mark.parametrize("path", [
    "/nowhere/api/services", "/alpha/api/services/not-a-uuid", f"/alpha/api/services/{uuid.UUID(int=1)}",
    "/alpha/api/taxonomies/nope", "/alpha/api/taxonomy_terms/nope", "/alpha/api/organizations", "/alpha/api/x/y",
])
def test_unknown_things_get_a_json_404(client, world, path):
    assert get_json(client, path, status=404)["status"] == 404


def test_an_inactive_partnership_publishes_nothing(client, world):
    TenantFactory(slug="gone", is_active=False)
    get_json(client, "/gone/api/services", status=404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, world, method):
    for path in (API + "/", API + "/services"):
        response = getattr(client, method)(path, json={})
        assert response.status_code == 405
        assert response.get_json()["status"] == 405
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_partnership_domain_serves_its_api_at_its_own_root(client, world):
    TenantHostFactory(tenant=world["alpha"], host="onlinesafety.alpha.test")
    root = get_json(client, "/api/", base_url="https://onlinesafety.alpha.test")
    assert root["openapi_url"] == "https://onlinesafety.alpha.test/api/openapi.json"
    services = get_json(client, "/api/services", base_url="https://onlinesafety.alpha.test")
    assert services["total_items"] == 3
    spec = get_json(client, "/api/openapi.json", base_url="https://onlinesafety.alpha.test")
    assert spec["servers"] == [{"url": "https://onlinesafety.alpha.test/api"}]


def test_the_openapi_description_lists_what_is_served(client, world):
    spec = get_json(client, API + "/openapi.json")
    assert spec["servers"] == [{"url": "http://localhost/alpha/api"}]
    assert "Alpha Partnership" in spec["info"]["title"]
    assert set(spec["paths"]) == {"/", "/services", "/services/{id}", "/taxonomies", "/taxonomies/{id}",
                                  "/taxonomy_terms", "/taxonomy_terms/{id}"}
    params = {p["$ref"].rsplit("/", 1)[1] for p in spec["paths"]["/services"]["get"]["parameters"]}
    assert params == {"search", "page", "per_page", "taxonomy_term_id", "taxonomy_id"}
    for path in spec["paths"]:
        if "{" not in path:
            get_json(client, API + path)
