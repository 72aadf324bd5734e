"""The Content-Security-Policy enforced in a real browser (SECURITY.md H1, X5): every resident page
type loads with no policy violation, no script error and no dialog; styles (the site's and the
partnership's theme) apply; the quick exit works, by click and by three Shifts. The other browser tests
bypass the policy so that axe can be injected; these do not."""

from __future__ import annotations

import pytest

from .conftest import LANGUAGES

PAGE_TYPES = ["home", "category", "entry", "search", "bulletins", "bulletin", "cover-your-tracks", "accessibility",
              "not-found"]


@pytest.fixture
def strict_page(make_page):
    page = make_page(bypass_csp=False)
    page.problems = []
    page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" and "404" not in msg.text
            else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.on("dialog", lambda dialog: (page.problems.append("dialog: " + dialog.message), dialog.dismiss()))
    return page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_type_loads_without_violating_the_policy(strict_page, site, lang):
    for page_type in PAGE_TYPES:
        for easy in (False, True):
            response = strict_page.goto(site.url(page_type, lang, easy))
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            assert strict_page.problems == [], (page_type, lang, easy)
            # The stylesheets applied: the quick exit is a flex box (blockified in its bar), the skip link is
            # off-screen, the header has the theme's brand colour.
            styles = strict_page.evaluate("""(() => { const exit = getComputedStyle(document.querySelector('a.exit'));
                const skip = getComputedStyle(document.querySelector('.skip-link'));
                return {exit: exit.display, skip: skip.position, brand: getComputedStyle(
                    document.querySelector('.site-header')).backgroundColor}; })()""")
            assert styles["exit"] in ("flex", "inline-flex") and styles["skip"] == "absolute", (page_type, styles)
            assert styles["brand"] not in ("rgba(0, 0, 0, 0)", "transparent"), (page_type, styles)


def test_the_quick_exit_works_under_the_policy(strict_page, site):
    strict_page.goto(site.url("home"))
    strict_page.goto(site.url("entry"))
    strict_page.locator("a.exit").click()
    strict_page.wait_for_url(site.neutral_url)
    strict_page.go_back()
    assert strict_page.url == site.url("home")
    strict_page.goto(site.url("bulletin", "ur"))
    for _ in range(3):
        strict_page.keyboard.press("Shift")
    strict_page.wait_for_url(site.neutral_url)
    assert strict_page.problems == []


def test_the_policy_would_report_an_inline_script(strict_page, site):
    """The listener above hears violations: an inline script injected into a page is refused and reported."""
    strict_page.goto(site.url("home"))
    strict_page.evaluate("""(() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
        document.body.appendChild(s); })()""")
    assert strict_page.evaluate("window.ran === undefined")
    assert any("Content Security Policy" in problem for problem in strict_page.problems)
