"""The printable help card (/<tenant>/<lang>/help-card) and the share links on entry pages."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import segno

from partnership_hub.models import EntryKind

from .factories import (
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    SnippetFactory,
    TenantFactory,
    TenantHostFactory,
)
from .test_public import page


@pytest.fixture
def alpha(data):
    alpha = TenantFactory(slug="alpha", name="Alpha Partnership")
    beta = TenantFactory(slug="beta", name="Beta Partnership")
    SnippetFactory(title="In danger right now?", easy_read="Are you in **danger**? Call 999.")
    ContactLineFactory(tenant=alpha, label="Alpha children's line", phone="+443005550050")
    ContactLineFactory(tenant=beta, label="Beta children's line", phone="+443005550051")
    return alpha


def qr_path(html: str) -> str:
    svg = re.search(r'<svg role="img"[^>]*class="qr-code".*?</svg>', html, re.S).group(0)
    return re.search(r' d="([^"]+)"', svg).group(1)


def encoded(url: str) -> str:
    """The drawing segno makes of ``url``, to compare with the page's (the same settings as the app)."""
    svg = segno.make(url, error="m").svg_inline(omitsize=True, border=4)
    return re.search(r' d="([^"]+)"', svg).group(1)


def test_card_has_the_emergency_box_local_lines_and_top_national_routes(client, alpha):
    ceop = EntryFactory(kind=EntryKind.REPORTING, title="CEOP", url="https://www.ceop.police.uk/", position=1)
    EntryFactory(kind=EntryKind.REPORTING, title="Action Fraud", phone="+443001232040", position=2)
    hidden = EntryFactory(kind=EntryKind.REPORTING, title="Hidden route", position=3)
    EntryOverrideFactory(tenant=alpha, entry=hidden, hidden=True)
    pinned = EntryFactory(kind=EntryKind.REPORTING, title="Pinned route", position=9)
    EntryOverrideFactory(tenant=alpha, entry=pinned, pinned=True)
    EntryFactory(kind=EntryKind.WEBSITE, title="A guide, not a route")
    EntryFactory(kind=EntryKind.REPORTING, title="Local route", tenant=alpha)
    EntryFactory(kind=EntryKind.REPORTING, title="Draft route", status="draft")
    for i in range(8):
        EntryFactory(kind=EntryKind.REPORTING, title=f"Minor route {i}", position=100 + i)

    html = page(client, "/alpha/en/help-card")

    assert "In danger right now?" in html and 'href="tel:999"' in html
    assert "Alpha children&#39;s line" in html and "0300 555 0050" in html
    assert "Beta children" not in html
    routes = re.findall(r"<li>\s*<strong>([^<]+)</strong>", html)
    assert routes == ["Pinned route", "CEOP", "Action Fraud", "Minor route 0", "Minor route 1", "Minor route 2"]
    assert "www.ceop.police.uk<" in html  # printed without the scheme, for reading off paper
    assert "0300 123 2040" in html
    assert ceop.title in html
    # The page shows the help box once, inside the card.
    assert html.count('class="help-box"') == 1


def test_qr_code_encodes_the_partnership_site_in_the_cards_language(client, alpha):
    html = page(client, "/alpha/pl/help-card")
    site = "http://localhost/alpha/pl/"
    assert f'data-url="{site}"' in html
    assert ">localhost/alpha/pl</span>" in html
    assert qr_path(html) == encoded(site)
    assert qr_path(html) != encoded("http://localhost/alpha/en/")


def test_easy_read_card_points_at_the_easy_read_site_with_fewer_choices(client, alpha):
    for i in range(6):
        EntryFactory(kind=EntryKind.REPORTING, title=f"Route {i}", position=i)
    html = page(client, "/alpha/en/help-card?easy=1")
    assert re.findall(r"<li>\s*<strong>([^<]+)</strong>", html) == ["Route 0", "Route 1", "Route 2", "Route 3"]
    assert 'class="easy-read"' in html
    assert "Are you in <strong>danger</strong>?" in html
    assert qr_path(html) == encoded("http://localhost/alpha/en/?easy=1")


def test_card_on_a_partnership_domain_points_at_that_domain(client, alpha):
    TenantHostFactory(tenant=alpha, host="onlinesafety.alpha.test")
    html = page(client, "https://onlinesafety.alpha.test/en/help-card")
    assert qr_path(html) == encoded("https://onlinesafety.alpha.test/en/")


def test_card_is_right_to_left_in_urdu_and_asks_nothing_of_other_sites(client, alpha):
    html = page(client, "/alpha/ur/help-card")
    assert '<html lang="ur" dir="rtl">' in html
    assert "آن لائن حفاظت: مدد کہاں سے حاصل کریں" in html  # the card's heading, translated
    assert "<title>QR کوڈ جو یہ ویب سائٹ کھولتا ہے</title>" in html  # the code's text alternative
    # The code is drawn in the page: no image, script or stylesheet from anywhere else.
    loaded = re.findall(r'<(?:script|img|link|iframe|object)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith(("/", "http://localhost/")) for url in loaded), loaded
    assert "<img" not in html


def test_footer_links_to_the_card(client, alpha):
    assert 'href="/alpha/pl/help-card"' in page(client, "/alpha/pl/")
    assert client.get("/nowhere/en/help-card").status_code == 404


def test_entry_page_offers_a_link_to_share_without_third_parties(client, alpha):
    entry = EntryFactory(title="Report Remove & more")
    html = page(client, f"/alpha/en/entries/{entry.id}")
    url = f"http://localhost/alpha/en/entries/{entry.id}"
    assert f'href="mailto:?subject={quote("Report Remove & more")}&amp;body={quote(url)}"' in html
    assert f'<span class="share-url" dir="ltr">{url}</span>' in html
