"""The help card prints on one A4 page, in a left-to-right and a right-to-left language, standard and
easy read, with the site's chrome left off the paper."""

from __future__ import annotations

import re

import pytest

from .conftest import LANGUAGES


def pages_in(pdf: bytes) -> int:
    # Chromium writes one page object per page ("/Type /Page"), besides the one "/Type /Pages" tree.
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.mark.parametrize("easy", [False, True], ids=["standard", "easy-read"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_card_prints_on_one_a4_page(page, site, lang, easy):
    response = page.goto(site.url("help-card", lang, easy))
    assert response.status == 200
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    assert page.locator(".site-footer").is_hidden()
    assert page.locator(".help-card svg.qr-code").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pages_in(pdf) == 1
