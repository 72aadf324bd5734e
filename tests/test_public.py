"""Residents' pages through the test client: national entries everywhere, local entries only at
home, overrides, search, bulletins and helpful 404s."""

from __future__ import annotations

import datetime
import uuid

import pytest

from partnership_hub.models import DRAFT

from .factories import (
    BulletinFactory,
    BulletinSectionFactory,
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    SnippetFactory,
    TenantFactory,
)


@pytest.fixture
def two_tenants(data):
    a = TenantFactory(slug="alpha", name="Alpha Partnership")
    b = TenantFactory(slug="beta", name="Beta Partnership")
    return a, b


@pytest.fixture
def topic(data):
    return CategoryFactory(slug="reporting", name="Report something")


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def test_platform_lists_partnerships(client, two_tenants):
    html = page(client, "/")
    assert "Alpha Partnership" in html and "Beta Partnership" in html


def test_partnership_root_follows_accept_language(client, two_tenants):
    response = client.get("/alpha/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/alpha/pl/")
    assert "Accept-Language" in response.headers["Vary"]
    assert client.get("/alpha/", headers={"Accept-Language": "fr"}).headers["Location"].endswith("/alpha/en/")


def test_national_entry_shows_on_every_partnership(client, two_tenants, topic):
    EntryFactory(category=topic, title="CEOP Safety Centre")
    for slug in ("alpha", "beta"):
        assert "CEOP Safety Centre" in page(client, f"/{slug}/en/topics/reporting")


def test_local_entry_shows_only_on_its_own_partnership(client, two_tenants, topic):
    alpha, beta = two_tenants
    local = EntryFactory(category=topic, tenant=alpha, title="Alpha children's line")
    assert "Alpha children&#39;s line" in page(client, "/alpha/en/topics/reporting")
    assert "Alpha children" not in page(client, "/beta/en/topics/reporting")
    assert "Alpha children" not in page(client, "/beta/en/")
    assert "Alpha children" not in page(client, "/beta/en/search?q=children")
    assert client.get(f"/beta/en/entries/{local.id}").status_code == 404
    assert client.get(f"/alpha/en/entries/{local.id}").status_code == 200


def test_home_counts_only_what_the_partnership_shows(client, two_tenants, topic):
    alpha, beta = two_tenants
    EntryFactory(category=topic)
    EntryFactory(category=topic, tenant=alpha)
    EntryFactory(category=topic, tenant=alpha)
    assert "3 resources" in page(client, "/alpha/en/")
    assert "1 resource<" in page(client, "/beta/en/")


def test_local_category_is_private_to_its_partnership(client, two_tenants):
    alpha, _ = two_tenants
    category = CategoryFactory(tenant=alpha, slug="alpha-guides", name="Alpha guides")
    EntryFactory(category=category, tenant=alpha)
    assert "Alpha guides" in page(client, "/alpha/en/")
    assert client.get("/beta/en/topics/alpha-guides").status_code == 404


def test_hidden_national_entry_disappears_for_that_partnership_only(client, two_tenants, topic):
    alpha, _ = two_tenants
    entry = EntryFactory(category=topic, title="Dated advice site")
    EntryOverrideFactory(tenant=alpha, entry=entry, hidden=True)
    assert "Dated advice site" not in page(client, "/alpha/en/topics/reporting")
    assert client.get(f"/alpha/en/entries/{entry.id}").status_code == 404
    assert "Dated advice site" in page(client, "/beta/en/topics/reporting")


def test_pinned_entry_comes_first_for_that_partnership_only(client, two_tenants, topic):
    alpha, _ = two_tenants
    EntryFactory(category=topic, title="Aardvark advice", position=1)
    pinned = EntryFactory(category=topic, title="Zebra reporting route", position=2)
    EntryOverrideFactory(tenant=alpha, entry=pinned, pinned=True)
    alpha_html = page(client, "/alpha/en/topics/reporting")
    beta_html = page(client, "/beta/en/topics/reporting")
    assert alpha_html.index("Zebra reporting route") < alpha_html.index("Aardvark advice")
    assert beta_html.index("Aardvark advice") < beta_html.index("Zebra reporting route")
    assert "Zebra reporting route" in page(client, "/alpha/en/").split('id="pinned-heading"')[1]


def test_local_note_on_national_entry_shows_for_that_partnership_only(client, two_tenants, topic):
    alpha, _ = two_tenants
    entry = EntryFactory(category=topic)
    EntryOverrideFactory(tenant=alpha, entry=entry, note="Our schools use this route first.")
    assert "Our schools use this route first." in page(client, f"/alpha/en/entries/{entry.id}")
    assert "Our schools use this route first." not in page(client, f"/beta/en/entries/{entry.id}")


def test_drafts_and_deleted_entries_are_not_shown(client, two_tenants, topic):
    from datetime import datetime, timezone

    draft = EntryFactory(category=topic, title="Draft entry", status=DRAFT)
    gone = EntryFactory(category=topic, title="Deleted entry", deleted_at=datetime.now(timezone.utc))
    html = page(client, "/alpha/en/topics/reporting")
    assert "Draft entry" not in html and "Deleted entry" not in html
    assert client.get(f"/alpha/en/entries/{draft.id}").status_code == 404
    assert client.get(f"/alpha/en/entries/{gone.id}").status_code == 404


def test_helpline_numbers_are_tappable_links(client, two_tenants, topic):
    entry = EntryFactory(category=topic, helpline=True, phone="+443001232040", text_number="+447860022844")
    html = page(client, f"/alpha/en/entries/{entry.id}")
    assert 'href="tel:+443001232040"' in html and "0300 123 2040" in html
    assert 'href="sms:+447860022844"' in html
    assert "Every day, 9am to 5pm" in html


def test_external_links_leak_nothing(client, two_tenants, topic):
    entry = EntryFactory(category=topic, url="https://www.ceop.police.uk/", summary="See [the guide](https://guide.example/).")
    html = page(client, f"/alpha/en/entries/{entry.id}")
    assert '<a class="contact contact-web" href="https://www.ceop.police.uk/" rel="noopener noreferrer">' in html
    assert '<a href="https://guide.example/" rel="noopener noreferrer">' in html
    assert '<meta name="referrer" content="no-referrer">' in html


def test_every_page_shows_how_to_get_help_now(client, two_tenants, topic):
    alpha, _ = two_tenants
    SnippetFactory(title="In danger right now?", body="Call 999. Register your phone to text 999.")
    ContactLineFactory(tenant=alpha, label="Worried about a child", phone="+443005550050")
    entry = EntryFactory(category=topic)
    bulletin = BulletinFactory(tenant=alpha)
    paths = ["/alpha/en/", "/alpha/en/topics/reporting", f"/alpha/en/entries/{entry.id}", "/alpha/en/search?q=x",
             "/alpha/en/bulletins/", f"/alpha/en/bulletins/{bulletin.id}"]
    for path in paths:
        html = page(client, path)
        assert 'href="tel:999"' in html and 'href="sms:999"' in html, path
        assert "In danger right now?" in html, path
        assert 'href="tel:+443005550050"' in html and "Worried about a child" in html, path
    assert "Worried about a child" not in page(client, "/beta/en/")


def test_partnership_snippet_replaces_the_national_one(client, two_tenants):
    alpha, _ = two_tenants
    SnippetFactory(key="welcome", title="National welcome")
    SnippetFactory(key="welcome", tenant=alpha, title="Welcome to Alpha")
    assert "Welcome to Alpha" in page(client, "/alpha/en/")
    assert "National welcome" in page(client, "/beta/en/")


def test_search_finds_national_and_local_entries(client, two_tenants, topic):
    alpha, _ = two_tenants
    EntryFactory(category=topic, title="Report a nude image", summary="Get an image removed.")
    EntryFactory(category=topic, tenant=alpha, title="Alpha image advice")
    EntryFactory(category=topic, title="Fraud line")
    html = page(client, "/alpha/en/search?q=image")
    assert "Report a nude image" in html and "Alpha image advice" in html and "Fraud line" not in html
    assert "2 results" in html


@pytest.mark.parametrize("query", ["%", "_", "\\", "' OR 1=1 --", "a" * 5000, "😀 ∑ ءا", "<script>alert(1)</script>"])
def test_search_handles_any_input(client, two_tenants, topic, query):
    EntryFactory(category=topic, title="100% safe")
    response = client.get("/alpha/en/search", query_string={"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_search_treats_wildcards_literally(client, two_tenants, topic):
    EntryFactory(category=topic, title="100% safe")
    EntryFactory(category=topic, title="Other")
    assert "1 result" in page(client, "/alpha/en/search?q=%25")


def test_bulletin_shows_numbered_sections_in_order(client, two_tenants):
    alpha, _ = two_tenants
    bulletin = BulletinFactory(tenant=alpha, title="Safer Seven", contact="Call [0300 555 0050](tel:+443005550050)")
    for position in (3, 1, 2):
        BulletinSectionFactory(bulletin=bulletin, position=position, heading=f"Heading {position}")
    assert "Safer Seven" in page(client, "/alpha/en/bulletins/")
    assert "1 May 2024" in page(client, "/alpha/en/bulletins/")
    html = page(client, f"/alpha/en/bulletins/{bulletin.id}")
    assert html.index("Heading 1") < html.index("Heading 2") < html.index("Heading 3")
    assert 'href="tel:+443005550050"' in html
    assert "Safer Seven" not in page(client, "/beta/en/bulletins/")
    assert client.get(f"/beta/en/bulletins/{bulletin.id}").status_code == 404


#: An id no factory makes (they make random ones); fixed, so that parallel workers collect the same tests.
NO_SUCH_ID = uuid.UUID("00000000-0000-4000-8000-000000000404")


@pytest.mark.parametrize(
    "path",
    ["/nowhere/", "/nowhere/en/", f"/alpha/en/entries/{NO_SUCH_ID}", "/alpha/en/entries/not-a-uuid",
     "/alpha/en/topics/no-such-topic", "/alpha/en/no-such-page", "/alpha/xx/", f"/alpha/en/bulletins/{NO_SUCH_ID}"],
)
def test_unknown_things_get_a_helpful_404(client, two_tenants, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "Traceback" not in html
    assert "999" in html


@pytest.mark.parametrize("path", ["/", "/nowhere/"])
def test_pages_outside_a_partnership_have_the_quick_exit(client, two_tenants, path):
    html = client.get(path).get_data(as_text=True)
    assert '<a class="exit" href="https://www.bbc.co.uk/weather" rel="noopener noreferrer">Exit this page</a>' in html


@pytest.mark.parametrize(
    ("path", "meant"),
    [("/alpha/en/topics/reporting/", "/alpha/en/topics/reporting"),
     ("/alpha/en/search/?q=help&easy=1", "/alpha/en/search?q=help&easy=1"),
     ("/alpha/EN/", "/alpha/en/"), ("/ALPHA/en/accessibility", "/alpha/en/accessibility")],
)
def test_an_address_with_a_trailing_slash_or_capitals_leads_to_the_page(client, two_tenants, topic, path, meant):
    response = client.get(path)
    assert response.status_code == 308 and response.headers["Location"] == meant
    assert client.get(meant).status_code == 200


def test_a_page_not_found_keeps_easy_read(client, two_tenants):
    html = client.get("/alpha/pl/no-such-page/?easy=1").get_data(as_text=True)
    assert '<body class="easy-read">' in html
    assert 'href="/alpha/pl/?easy=1"' in html


def test_404_inside_a_partnership_keeps_its_help_lines(client, two_tenants):
    alpha, _ = two_tenants
    ContactLineFactory(tenant=alpha, label="Alpha adults line", phone="+443005550055")
    html = client.get("/alpha/en/no-such-page").get_data(as_text=True)
    assert "Alpha adults line" in html and "Alpha Partnership" in html


def test_disabled_partnership_is_not_served(client, data):
    TenantFactory(slug="closed", is_active=False)
    assert client.get("/closed/en/").status_code == 404
    assert "closed" not in page(client, "/")


def test_language_not_offered_redirects_to_an_offered_one(client, data):
    TenantFactory(slug="gamma", languages=["en", "cy"], default_language="cy")
    response = client.get("/gamma/ar/search?q=help")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/gamma/cy/search?q=help")


def test_html_lang_and_dir_follow_the_language(client, two_tenants):
    assert '<html lang="ur" dir="rtl">' in page(client, "/alpha/ur/")
    assert '<html lang="pl" dir="ltr">' in page(client, "/alpha/pl/")


def test_easy_read_choice_is_carried_by_every_link(client, two_tenants, topic):
    entry = EntryFactory(category=topic, easy_read="This is **easy** to read.")
    html = page(client, "/alpha/en/topics/reporting?easy=1")
    assert f'/alpha/en/entries/{entry.id}?easy=1"' in html
    assert "This is <strong>easy</strong> to read." in html
    assert 'href="/alpha/en/topics/reporting"' in html  # the switch back
    assert "easy</strong>" not in page(client, "/alpha/en/topics/reporting")


def test_theme_stylesheet_carries_the_brand_colour(client, data):
    TenantFactory(slug="delta", brand_colour="#005ea5")
    response = client.get("/delta/theme.css")
    assert response.mimetype == "text/css"
    assert "--brand: #005ea5" in response.get_data(as_text=True)
    assert "--on-brand: #ffffff" in response.get_data(as_text=True)


def test_untranslated_text_is_marked_as_english(client, two_tenants, topic):
    from .factories import TranslationFactory

    translated = EntryFactory(category=topic, title="Translated entry")
    TranslationFactory(owner=translated, field="title", locale="ur", text="ترجمہ شدہ")
    EntryFactory(category=topic, title="Untranslated entry", summary="Only in English.")
    html = page(client, "/alpha/ur/topics/reporting")
    assert "ترجمہ شدہ" in html and "Translated entry" not in html
    assert '<span lang="en" dir="ltr">Untranslated entry</span>' in html
    assert '<div class="rich" lang="en" dir="ltr"><p>Only in English.</p></div>' in html
    assert "Untranslated entry</span>" not in page(client, "/alpha/en/topics/reporting")


def test_resident_pages_set_no_cookies(client, two_tenants, topic):
    entry = EntryFactory(category=topic)
    for path in ["/", "/alpha/", "/alpha/en/", "/alpha/en/topics/reporting", f"/alpha/en/entries/{entry.id}",
                 "/alpha/en/search?q=x", "/alpha/en/bulletins/", "/alpha/en/nowhere", "/alpha/theme.css"]:
        assert "Set-Cookie" not in client.get(path).headers, path


def test_every_page_has_the_quick_exit_and_the_footer_links(client, two_tenants, topic):
    entry = EntryFactory(category=topic)
    paths = ["/alpha/en/", "/alpha/en/topics/reporting", f"/alpha/en/entries/{entry.id}", "/alpha/en/search?q=x",
             "/alpha/en/bulletins/", "/alpha/en/help/cover-your-tracks", "/alpha/en/accessibility"]
    for path in paths + ["/alpha/en/no-such-page"]:
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == (200 if path in paths else 404), path
        assert 'class="exit" href="https://www.bbc.co.uk/weather"' in html, path
        assert '<script src="/static/js/exit.js" defer></script>' in html, path
        assert 'href="/alpha/en/help/cover-your-tracks"' in html and 'href="/alpha/en/accessibility"' in html, path
        # A strict Content-Security-Policy will follow: no inline scripts, styles or handlers.
        assert "<script>" not in html and "<style" not in html and " style=" not in html and " on" + "click" not in html


def test_accessibility_statement_names_the_partnership_and_its_lines(client, two_tenants):
    alpha, beta = two_tenants
    ContactLineFactory(tenant=alpha, label="Worried about a child", phone="+443005550050")
    ContactLineFactory(tenant=beta, label="Beta adult line", phone="+443005550099")
    html = page(client, "/alpha/en/accessibility")
    assert "Alpha Partnership" in html and "WCAG" in html and "2.2" in html
    assert "Equality and Human Rights Commission" in html and "Equality Advisory and Support Service" in html
    assert "Worried about a child" in html and "Beta adult line" not in html
    assert "This statement was prepared on 23 November 2026." in html


def test_cover_your_tracks_explains_the_quick_exit(client, two_tenants):
    html = page(client, "/alpha/en/help/cover-your-tracks?easy=1")
    assert "Shift" in html and "private" in html.lower() and "history" in html



@pytest.mark.parametrize("change", [{"status": DRAFT}, {"deleted_at": datetime.datetime(2026, 1, 1)}],
                         ids=["unpublished", "deleted"])
def test_entries_of_a_withdrawn_category_are_withdrawn_too(client, two_tenants, data, change):
    withdrawn = CategoryFactory(slug="old-topic", **change)
    entry = EntryFactory(category=withdrawn, title="Orphaned guide")
    assert client.get(f"/alpha/en/entries/{entry.id}").status_code == 404
    assert "Orphaned guide" not in page(client, "/alpha/en/search?q=orphaned")
