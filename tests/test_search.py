"""Search through the database's full-text index: words in English or the reader's language, the
index kept current when entries and translations change, and the tenant's scope kept."""

from __future__ import annotations

import re

import pytest

from .factories import CategoryFactory, EntryFactory, EntryOverrideFactory, TenantFactory, TranslationFactory


@pytest.fixture
def tenants(data):
    return TenantFactory(slug="alpha", languages=["en", "pl", "ur"]), TenantFactory(slug="beta")


@pytest.fixture
def topic(data):
    return CategoryFactory(slug="reporting")


def results(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def count(client, path) -> int:
    """How many results the page lists (counted from the cards: the heading is in the reader's language)."""
    html = results(client, path)
    assert '<h2 id="results">' in html, path
    return html.count('<article class="card')


def test_words_match_whole_words_and_their_beginnings(client, tenants, topic):
    EntryFactory(category=topic, title="Report images", summary="Removal of nude pictures.")
    EntryFactory(category=topic, title="Scams", summary="Fraud advice.")
    assert count(client, "/alpha/en/search?q=IMAGE") == 1
    assert count(client, "/alpha/en/search?q=nude+remov") == 1
    assert count(client, "/alpha/en/search?q=nude+fraud") == 0


def test_words_match_in_the_readers_language_only(client, tenants, topic):
    entry = EntryFactory(category=topic, title="Childline", summary="Talk to someone.")
    TranslationFactory(owner=entry, field="summary", locale="ur", text="کسی سے بات کریں")
    TranslationFactory(owner=entry, field="title", locale="pl", text="Telefon zaufania")
    assert "Childline" in results(client, "/alpha/ur/search?q=بات")
    assert "Childline" not in results(client, "/alpha/pl/search?q=بات")
    # English words still find it in any language; a Polish word only in Polish.
    assert "Telefon zaufania" in results(client, "/alpha/pl/search?q=talk")
    assert "Telefon zaufania" in results(client, "/alpha/pl/search?q=zaufania")
    assert "Childline" not in results(client, "/alpha/ur/search?q=zaufania")


def test_the_index_follows_edits_and_deletions(client, data, tenants, topic):
    entry = EntryFactory(category=topic, title="Old name")
    translation = TranslationFactory(owner=entry, field="title", locale="pl", text="Stara nazwa")
    entry.title = "New name"
    translation.text = "Nowa nazwa"
    data.commit()
    assert count(client, "/alpha/en/search?q=new") == 1
    assert count(client, "/alpha/en/search?q=old") == 0
    assert count(client, "/alpha/pl/search?q=nowa") == 1
    assert count(client, "/alpha/pl/search?q=stara") == 0
    data.delete(translation)
    data.commit()
    assert count(client, "/alpha/pl/search?q=nowa") == 0
    data.delete(entry)
    data.commit()
    assert count(client, "/alpha/en/search?q=new") == 0


def test_search_keeps_the_tenants_scope(client, tenants, topic):
    alpha, beta = tenants
    EntryFactory(category=topic, tenant=beta, title="Beta helpline")
    hidden = EntryFactory(category=topic, title="National helpline")
    EntryOverrideFactory(tenant=alpha, entry=hidden, hidden=True)
    local = EntryFactory(category=topic, tenant=alpha, title="Alpha line")
    TranslationFactory(owner=local, field="title", locale="pl", text="Linia pomocy")
    # Alpha hid the national helpline and cannot see Beta's; Beta sees both of those.
    assert count(client, "/alpha/en/search?q=helpline") == 0
    assert count(client, "/beta/en/search?q=helpline") == 2
    assert count(client, "/alpha/pl/search?q=linia") == 1
    assert count(client, "/beta/pl/search?q=linia") == 0


TITLE = re.compile(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>')


def test_results_come_ten_to_a_page_with_the_number_found_in_all(client, tenants, topic):
    alpha, _ = tenants
    for n in range(22):
        EntryFactory(category=topic, title=f"Helpline {n:02}")
    pinned = EntryFactory(category=topic, title="Zebra helpline")
    EntryOverrideFactory(tenant=alpha, entry=pinned, pinned=True)
    pages = [results(client, f"/alpha/en/search?q=helpline&page={n}") for n in (1, 2, 3)]
    for html in pages:
        assert "23 results for “helpline”" in html
    assert [len(TITLE.findall(html)) for html in pages] == [10, 10, 3]
    shown = [title for html in pages for title in TITLE.findall(html)]
    # Every result once, in the order of the topic pages: what the partnership pinned first.
    assert shown == ["Zebra helpline", *(f"Helpline {n:02}" for n in range(22))]
    first, middle, last = pages
    assert "Page 1 of 3" in first and "Page 2 of 3" in middle and "Page 3 of 3" in last
    assert "<title>Search results for “helpline” – Page 2 of 3 – " in middle
    assert 'rel="next" href="/alpha/en/search?q=helpline&amp;page=2"' in first and 'rel="prev"' not in first
    # Page one is the search's own address, without a page number.
    assert 'rel="prev" href="/alpha/en/search?q=helpline"' in middle
    assert 'rel="prev" href="/alpha/en/search?q=helpline&amp;page=2"' in last and 'rel="next"' not in last
    assert results(client, "/alpha/en/search?q=helpline") == first.replace("?q=helpline&amp;page=1", "?q=helpline")


def test_one_page_of_results_has_no_page_links(client, tenants, topic):
    EntryFactory(category=topic, title="Lone helpline")
    html = results(client, "/alpha/en/search?q=helpline")
    assert "1 result for “helpline”" in html
    assert 'class="pagination"' not in html


def test_page_links_keep_easy_read_and_speak_the_readers_language(client, tenants, topic):
    for n in range(11):
        EntryFactory(category=topic, title=f"Helpline {n:02}")
    html = results(client, "/alpha/pl/search?q=helpline&easy=1")
    assert 'rel="next" href="/alpha/pl/search?q=helpline&amp;page=2&amp;easy=1"' in html
    assert "Strona 1 z 2" in html and "Następna strona" in html


@pytest.mark.parametrize("page", ["abc", "0", "-2", "1.5", "", "99999999999999999999999999"])
def test_any_page_number_gives_a_page(client, tenants, topic, page):
    for n in range(12):
        EntryFactory(category=topic, title=f"Helpline {n:02}")
    html = results(client, f"/alpha/en/search?q=helpline&page={page}")
    if page.startswith("9"):
        # Past the last page: said so, with the way back.
        assert "No more results for “helpline”" in html
        assert re.search(r"<title>Search results for “helpline” – [^–]+</title>", html)  # no "Page 100 of 1"
        assert '<a href="/alpha/en/search?q=helpline">Go to the first page of results</a>' in html
        assert not TITLE.findall(html)
    else:
        assert "Page 1 of 2" in html and len(TITLE.findall(html)) == 10
