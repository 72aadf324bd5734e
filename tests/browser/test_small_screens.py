"""Small screens: pages fit 320 CSS pixels without sideways scrolling (WCAG 2.2 reflow: a phone, or a
desktop zoomed to 400%) in every language and reading mode, and the header that stays at the top never
hides what has keyboard focus (WCAG 2.2 focus not obscured)."""

from __future__ import annotations

import pytest

from partnership_hub.i18n import SUPPORTED_LOCALES

from .conftest import LANGUAGES

#: The element that reaches furthest past the right edge, to say what overflows.
WIDEST = """(width) => { const past = [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 0.5);
  return past.length ? past[past.length - 1].outerHTML.slice(0, 120) : null; }"""


#: In every language, the pages with the widest parts (the header and the help box are on every page);
#: every page type in the three languages of the other browser tests.
WIDEST_PAGES = ["home", "entry-contacts", "search-page", "finder-result", "help-card", "accessibility"]


@pytest.mark.parametrize("lang", SUPPORTED_LOCALES)
def test_every_page_fits_a_320_pixel_screen(make_page, site, lang):
    # Long words (Polish, Ukrainian, Welsh) and easy read's larger text once pushed the header, the help
    # box and the contact buttons past the edge.
    page = make_page(viewport={"width": 320, "height": 640})
    too_wide = {}
    for page_type in site.page_paths if lang in LANGUAGES else WIDEST_PAGES:
        for easy in (False, True):
            # DOMContentLoaded comes after the deferred script, which waits for the stylesheets.
            page.goto(site.url(page_type, lang, easy), wait_until="domcontentloaded")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                too_wide[(page_type, easy)] = (width, page.evaluate(WIDEST, 320))
    assert not too_wide, too_wide


#: Where the focused element is, and where the header ends (None while focus is in the header itself
#: or on the skip link, which shows above the header).
FOCUS = """() => { const el = document.activeElement, header = document.querySelector('.site-header');
  if (!el || el === document.body || header.contains(el) || el.classList.contains('skip-link')) return null;
  return {html: el.outerHTML.slice(0, 80), bottom: el.getBoundingClientRect().bottom,
          header: header.getBoundingClientRect().bottom}; }"""


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
@pytest.mark.parametrize("lang", ["en", "ro", "uk"])
def test_tabbing_back_up_a_page_never_hides_the_focus_under_the_header(make_page, site, lang, javascript):
    # Romanian and Ukrainian in easy read make the tallest headers: three lines on a 360-pixel phone.
    page = make_page(viewport={"width": 360, "height": 640}, java_script_enabled=javascript)
    page.goto(site.url("search-page", lang, easy=True))
    page.locator(".site-footer a").last.focus()
    hidden, checked = [], 0
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        focus = page.evaluate(FOCUS)
        if focus is not None:
            checked += 1
            if focus["bottom"] <= focus["header"]:
                hidden.append(focus)
    assert checked >= 30 and not hidden, hidden
