"""Search through the database's full-text index: words in English or the reader's language, the
index kept current when entries and translations change, and the tenant's scope kept."""

from __future__ import annotations


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
