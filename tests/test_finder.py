"""The "What's happened?" help finder, through its pages: every path of the seeded demo finder, walked
by following the pages' own links, ends at a sensible, tenant-safe list of routes; and the finder's
data (local wording, local routes, hidden entries, translations) shows as it should."""

from __future__ import annotations

import re
from html import unescape

import pytest

from partnership_hub.demo import stable_id
from partnership_hub.models import Entry, Tenant

from .factories import (
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    FinderNoteFactory,
    FinderQuestionFactory,
    FinderRouteFactory,
    FinderSituationFactory,
    TenantFactory,
    TranslationFactory,
)

DEMO_SITUATIONS = {"nude-image-of-a-child", "grooming-or-pressure", "hate-online", "fraud-or-scam",
                   "bullying-or-harassment", "harmful-content", "someone-at-risk"}
DUDLEY_LINES = ("tel:+443005550050", "tel:+443005550055")
BRIERLEY_LINES = ("tel:+441214960110", "tel:+441214960120")


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    assert "Set-Cookie" not in response.headers, path
    return response.get_data(as_text=True)


def links(html: str, pattern: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'href="({pattern})"', html)]


def routes_list(html: str) -> list[str]:
    """The items of the ordered list of routes, in order (the help box above it also lists the lines)."""
    ol = re.search(r'<ol class="finder-routes">(.*?)</ol>', html, re.S).group(1)
    return re.split(r'<li class="finder-route', ol)[1:]


def walk(client, tenant: str) -> dict[tuple[str, str, str], list[str]]:
    """Every path of the finder, by following links only: (situation, danger, age) -> the routes' items."""
    results = {}
    start = page(client, f"/{tenant}/en/help-finder/")
    for situation_url in links(start, rf"/{tenant}/en/help-finder/[a-z0-9-]+/"):
        slug = situation_url.split("/")[-2]
        for age_url in links(page(client, situation_url), rf"/{tenant}/en/help-finder/{slug}/age\?danger=[a-z]+"):
            danger = age_url.rsplit("=", 1)[1]
            result_urls = links(page(client, age_url), rf"/{tenant}/en/help-finder/{slug}/routes\?[^\"]+")
            for result_url in result_urls:
                age = re.search(r"age=([a-z0-9-]+)", result_url).group(1)
                results[slug, danger, age] = routes_list(page(client, result_url))
    return results


def titles(items: list[str]) -> list[str]:
    return [unescape(t) for item in items for t in re.findall(r'class="card-title"><a [^>]+>([^<]+)</a>', item)]


@pytest.fixture
def demo(runner, data):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output


def test_every_path_of_the_demo_finder_ends_at_sensible_routes(client, demo):
    paths = walk(client, "dudley")
    # Seven situations, two answers on danger, three on age (under 18, 18 or over, not sure).
    assert {slug for slug, _, _ in paths} == DEMO_SITUATIONS
    assert len(paths) == len(DEMO_SITUATIONS) * 2 * 3
    for (slug, danger, age), items in paths.items():
        where = (slug, danger, age)
        found = titles(items)
        emergency = [i for i, item in enumerate(items) if 'href="tel:999"' in item]
        if danger == "yes":
            assert emergency == [0], where
        else:
            assert emergency == [], where
        # At least one national route, and the partnership's own lines close every list.
        assert len(found) >= 2, where
        assert all(line in items[-1] for line in DUDLEY_LINES), where
        assert not any(line in "".join(items) for line in BRIERLEY_LINES), where
        assert not any("(demo)" in title for title in found), where  # Brierley Vale's local entries
        if slug == "nude-image-of-a-child":
            assert found[:2 if age == "18-or-over" else 3] == (
                ["CEOP: report online child abuse", "Internet Watch Foundation: report illegal images"]
                if age == "18-or-over" else
                ["Childline Report Remove: get a nude image of you taken down", "CEOP: report online child abuse",
                 "Internet Watch Foundation: report illegal images"]
            ), where
        if slug == "grooming-or-pressure":
            assert found[0] == "CEOP: report online child abuse", where
        if slug == "fraud-or-scam":
            assert found[0] == "Action Fraud: report fraud and scams", where
        if slug == "hate-online":
            assert found[0] == "True Vision: report online hate crime", where
            assert "West Midlands Police" in found, where
        if slug == "someone-at-risk":
            child, adult = "Dudley safeguarding: worried about a child", "Dudley safeguarding: worried about an adult"
            assert (child in found, adult in found) == {"under-18": (True, False), "18-or-over": (False, True),
                                                        "not-sure": (True, True)}[age], where
        # National routes first, then the partnership's local ones.
        local = ["Local service" in item for item in items if 'class="card-title"' in item]
        assert local == sorted(local), where


def test_another_partnership_sees_its_own_local_routes_only(client, demo):
    for (slug, _danger, age), items in walk(client, "brierley-vale").items():
        found = titles(items)
        assert not any(title.startswith(("Dudley", "West Midlands", "WMCyber")) for title in found), (slug, age)
        assert all(line in items[-1] for line in BRIERLEY_LINES)
        assert not any(line in "".join(items) for line in DUDLEY_LINES)
        if slug == "fraud-or-scam":
            assert found == ["Action Fraud: report fraud and scams", "Get Safe Online", "Have I Been Pwned",
                             "Victim Support", "Brierley Vale Police: report something that is not an emergency (demo)"]


def test_a_hidden_national_entry_is_never_a_route(client, demo, data):
    dudley = data.get(Tenant, stable_id("dudley", "tenant"))
    action_fraud = data.get(Entry, stable_id("national", "entry", "action-fraud"))
    EntryOverrideFactory(tenant=dudley, entry=action_fraud, hidden=True)
    dudley_fraud = titles(routes_list(page(client, "/dudley/en/help-finder/fraud-or-scam/routes?danger=no&age=not-sure")))
    assert "Action Fraud: report fraud and scams" not in dudley_fraud and "Get Safe Online" in dudley_fraud
    other = page(client, "/brierley-vale/en/help-finder/fraud-or-scam/routes?danger=no&age=not-sure")
    assert "Action Fraud: report fraud and scams" in titles(routes_list(other))


def test_demo_finder_is_translated(client, demo):
    html = page(client, "/dudley/pl/help-finder/")
    assert 'lang="en"' not in html.split('<main', 1)[1], "an English fallback on the Polish start page"
    assert 'href="/dudley/pl/help-finder/fraud-or-scam/"' in html
    result = page(client, "/dudley/pl/help-finder/fraud-or-scam/routes?danger=no&age=18-or-over")
    assert "Zgłoś oszustwo i cyberprzestępstwo do Action Fraud" in result  # the route's advice


@pytest.fixture
def world(data):
    alpha = TenantFactory(slug="alpha")
    beta = TenantFactory(slug="beta")
    topic = CategoryFactory(slug="reporting")
    scam = FinderSituationFactory(slug="scam", label="Fraud or a scam", hint="Someone tricked you.",
                                  easy_read="Someone **tricked** you.")
    national = EntryFactory(category=topic, title="National fraud line")
    FinderRouteFactory(situation=scam, entry=national, advice="Report it nationally.")
    FinderRouteFactory(situation=scam, entry=EntryFactory(category=topic, title="For children only"),
                       audience="under_18")
    ContactLineFactory(tenant=alpha, label="Alpha line", phone="+443005550001")
    return alpha, beta, scam, topic


def test_local_routes_and_wording_stay_with_their_partnership(client, world):
    alpha, beta, scam, topic = world
    FinderRouteFactory(tenant=alpha, situation=scam, advice="Ring us too.",
                       entry=EntryFactory(tenant=alpha, category=topic, title="Alpha police"))
    FinderNoteFactory(tenant=alpha, situation=scam, body="Words from Alpha itself.")
    FinderQuestionFactory(tenant=alpha, key="danger", question="Is someone in Alpha in danger?")
    FinderQuestionFactory(key="danger", question="Is anyone in danger right now?")
    FinderSituationFactory(tenant=alpha, slug="alpha-only", label="Something only Alpha asks about")

    alpha_result = page(client, "/alpha/en/help-finder/scam/routes?danger=no&age=18-or-over")
    assert titles(routes_list(alpha_result)) == ["National fraud line", "Alpha police"]
    assert "Words from Alpha itself." in alpha_result and "Ring us too." in alpha_result
    beta_result = page(client, "/beta/en/help-finder/scam/routes?danger=no&age=18-or-over")
    assert titles(routes_list(beta_result)) == ["National fraud line"]
    assert "Alpha" not in beta_result

    assert "Is someone in Alpha in danger?" in page(client, "/alpha/en/help-finder/scam/")
    assert "Is anyone in danger right now?" in page(client, "/beta/en/help-finder/scam/")
    assert "Something only Alpha asks about" in page(client, "/alpha/en/help-finder/")
    assert "Something only Alpha asks about" not in page(client, "/beta/en/help-finder/")
    page(client, "/beta/en/help-finder/alpha-only/", status=404)


def test_age_answer_chooses_the_routes(client, world):
    def found(age):
        return titles(routes_list(page(client, f"/alpha/en/help-finder/scam/routes?danger=no&age={age}")))

    assert found("under-18") == ["National fraud line", "For children only"]
    assert found("18-or-over") == ["National fraud line"]
    assert found("not-sure") == ["National fraud line", "For children only"]


@pytest.mark.parametrize("path, status, asks", [
    ("/alpha/en/help-finder/scam/age", 400, "/alpha/en/help-finder/scam/age?danger=yes"),
    ("/alpha/en/help-finder/scam/age?danger=perhaps", 400, "/alpha/en/help-finder/scam/age?danger=yes"),
    ("/alpha/en/help-finder/scam/routes?age=under-18", 400, "/alpha/en/help-finder/scam/age?danger=yes"),
    ("/alpha/en/help-finder/scam/routes?danger=no&age=12", 400, "/alpha/en/help-finder/scam/routes?danger=no&amp;age=under-18"),
    ("/alpha/en/help-finder/scam/routes?danger=no", 400, "/alpha/en/help-finder/scam/routes?danger=no&amp;age=under-18"),
])
def test_a_missing_or_unknown_answer_asks_again(client, world, path, status, asks):
    html = page(client, path, status=status)
    assert "Please choose one of the answers below." in html
    assert f'href="{asks}"' in html


def test_unknown_or_draft_situation_is_not_found(client, world):
    FinderSituationFactory(slug="draft", status="draft")
    for path in ["/alpha/en/help-finder/nothing/", "/alpha/en/help-finder/draft/", "/alpha/en/help-finder/draft/routes"]:
        page(client, path, status=404)
    assert "/help-finder/draft/" not in page(client, "/alpha/en/help-finder/")


def test_danger_puts_999_first_and_the_local_lines_last(client, world):
    items = routes_list(page(client, "/alpha/en/help-finder/scam/routes?danger=yes&age=18-or-over"))
    assert 'href="tel:999"' in items[0]
    assert "National fraud line" in items[1]
    assert 'href="tel:+443005550001"' in items[-1]
    assert 'href="tel:999"' in page(client, "/alpha/en/help-finder/scam/age?danger=yes").split("<h1", 1)[0]
    assert 'href="tel:999"' not in page(client, "/alpha/en/help-finder/scam/age?danger=no").split("<main", 1)[1]


def test_easy_read_is_carried_through_the_finder(client, world):
    start = page(client, "/alpha/en/help-finder/?easy=1")
    assert 'href="/alpha/en/help-finder/scam/?easy=1"' in start
    assert "Someone <strong>tricked</strong> you." in start
    danger = page(client, "/alpha/en/help-finder/scam/?easy=1")
    assert 'href="/alpha/en/help-finder/scam/age?danger=yes&amp;easy=1"' in danger
    age = page(client, "/alpha/en/help-finder/scam/age?danger=no&easy=1")
    assert 'href="/alpha/en/help-finder/scam/routes?danger=no&amp;age=under-18&amp;easy=1"' in age


def test_finder_text_is_translated_or_marked_english(client, world):
    _, _, scam, _ = world
    TranslationFactory(owner=scam, field="label", locale="pl", text="Oszustwo")
    start = page(client, "/alpha/pl/help-finder/")
    assert "Oszustwo" in start and "Fraud or a scam" not in start
    result = page(client, "/alpha/pl/help-finder/scam/routes?danger=no&age=not-sure")
    assert '<div class="rich" lang="en" dir="ltr"><p>Report it nationally.</p></div>' in result


def test_home_page_links_to_the_finder(client, world):
    html = page(client, "/alpha/en/")
    assert 'href="/alpha/en/help-finder/"' in html
    assert html.index("help-finder") < html.index('id="search-heading"')
