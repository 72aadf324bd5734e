"""The help finder in a real browser with JavaScript off: a resident clicks from the home page to the
routes, keyboard only, and the site leaves no cookie behind."""

from __future__ import annotations


def test_finder_works_by_keyboard_without_javascript(make_page, site):
    page = make_page(java_script_enabled=False)
    page.goto(site.url("home"))
    for name in ("Find the right help", "I am worried about a child or an adult at risk", "Yes", "Under 18"):
        link = page.get_by_role("link", name=name, exact=True)
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    assert page.locator("main h1").inner_text() == "Where to get help"
    routes = page.locator("ol.finder-routes > li")
    assert routes.first.get_by_role("link", name="Call 999").is_visible()
    assert "Worried about a child" in routes.last.inner_text()
    assert page.get_by_role("link", name="CEOP: report online child abuse").is_visible()
    assert page.context.cookies() == []
