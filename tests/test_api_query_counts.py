"""How many SQL statements each open data endpoint runs: the same for a few entries as for hundreds
in many partnerships. An endpoint that loads a row per service (an N+1) fails here."""

from __future__ import annotations

import pytest

from partnership_hub.api import oruk

from .factories import CategoryFactory, EntryFactory, EntryOverrideFactory, TenantFactory
from .test_query_counts import counting

# Every request loads the partnership first. Services: count, then the page (categories joined).
# One service: the service with its override and category. Topics and their terms: the live
# categories. The taxonomies and the resource types are fixed and need no query.
EXPECTED = {"root": 1, "services": 3, "search": 3, "service": 2, "taxonomies": 1, "topics": 2, "types": 1,
            "terms": 2, "term": 2}


def _build(data, *, tenants: int, national: int, local: int):
    home = TenantFactory(slug="home")
    others = TenantFactory.create_batch(tenants - 1)
    topics = [CategoryFactory(slug=f"topic-{i}") for i in range(3)]
    local_topics = {tenant: CategoryFactory(tenant=tenant, slug="local") for tenant in [home, *others]}
    rows = [EntryFactory.build(category=topics[i % 3], title=f"Safety guide {i}", helpline=bool(i % 2),
                               email="help@guide.example") for i in range(national)]
    for tenant, local_topic in local_topics.items():
        rows += [EntryFactory.build(category=local_topic, tenant=tenant, title=f"Local safety service {i}")
                 for i in range(local)]
    data.add_all(rows)
    data.flush()
    for i, entry in enumerate(rows[: min(national, 6)]):
        data.add(EntryOverrideFactory.build(tenant=home, entry=entry, pinned=i < 3, hidden=i == 5, note="Note"))
    data.commit()
    return rows[0], topics[0]


def _paths(entry, topic) -> dict[str, str]:
    return {
        "root": "/home/api/",
        "services": "/home/api/services?per_page=200",
        "search": "/home/api/services?search=safety+guide",
        "service": f"/home/api/services/{entry.id}",
        "taxonomies": "/home/api/taxonomies",
        "topics": f"/home/api/taxonomies/{oruk.TOPICS.id}",
        "types": f"/home/api/taxonomies/{oruk.RESOURCE_TYPES.id}",
        "terms": "/home/api/taxonomy_terms",
        "term": f"/home/api/taxonomy_terms/{topic.id}",
    }


@pytest.mark.parametrize("size", [dict(tenants=1, national=4, local=2), dict(tenants=20, national=150, local=15)],
                         ids=["small", "large"])
def test_each_endpoint_runs_a_fixed_number_of_queries(app, client, data, size):
    entry, topic = _build(data, **size)
    counts = {}
    for name, path in _paths(entry, topic).items():
        with counting(app) as statements:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[name] = len(statements)
    assert counts == EXPECTED
