"""Pages stay light for residents on cheap phones and small data plans: a byte count, not a timing."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from .test_html_valid import fetch

BUDGET = 60_000  # bytes of HTML, CSS, JavaScript and pictures for one page, before compression


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
def test_home_page_with_its_css_and_js_is_small(site, easy):
    url = site.url("home", easy=easy)
    html = fetch(url)
    text = html.decode()
    assets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) + re.findall(r'<script src="([^"]+)"', text)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets), assets
    pictures = sorted({href.split("#")[0] for href in re.findall(r'<use href="([^"]+)"', text)})
    assert bool(pictures) == easy, pictures  # easy read puts a picture beside each idea
    assets += pictures
    sizes = {"html": len(html)} | {a: len(fetch(urllib.parse.urljoin(url, a.replace("&amp;", "&")))) for a in assets}
    assert sum(sizes.values()) < BUDGET, sizes
