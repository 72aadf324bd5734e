"""Keyboard use, the quick exit, small screens, right-to-left layout, and pages without JavaScript."""

from __future__ import annotations

FOCUSED = "(() => { const el = document.activeElement; const s = getComputedStyle(el);" \
          " return {id: el.id, cls: el.className, outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; })()"


def test_first_tab_is_the_skip_link_and_it_moves_focus_to_main(page, site):
    page.goto(site.url("home"))
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["cls"] == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main"


def test_focus_is_visibly_outlined(page, site):
    page.goto(site.url("home"))
    for _ in range(12):  # skip link, brand, exit, languages, easy read, main navigation ...
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outline"] != "none" and focused["width"] >= 2, focused


def test_three_shifts_leave_for_the_neutral_page_and_replace_this_one_in_history(page, site):
    page.goto(site.url("home"))
    page.goto(site.url("cover-your-tracks"))
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(site.neutral_url)
    page.go_back()
    assert page.url == site.url("home")  # the page read last is not one Back away


def test_the_list_of_partnerships_has_the_quick_exit_too(page, site):
    page.goto(site.base_url + "/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(site.neutral_url)


def test_typing_capitals_does_not_leave(page, site):
    page.goto(site.url("home"))
    page.locator("input[type=search]").focus()
    page.keyboard.press("Shift+A")  # Shift, then another key: the count starts again
    page.keyboard.press("n")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == site.url("home")


def test_exit_button_leaves_and_replaces_this_page_in_history(page, site):
    page.goto(site.url("home"))
    page.goto(site.url("entry"))
    page.locator("a.exit").click()
    page.wait_for_url(site.neutral_url)
    page.go_back()
    assert page.url == site.url("home")


def test_exit_blanks_the_page_before_the_neutral_page_arrives(page, site):
    page.goto(site.url("entry"))
    requested = []
    # Cancel the trip to the neutral page, to see the state this page is left in meanwhile.
    page.route(site.neutral_url, lambda route: (requested.append(route.request.url), route.abort("aborted")))
    page.locator("a.exit").click()
    page.wait_for_function("document.documentElement.classList.contains('exiting')")
    assert page.evaluate("getComputedStyle(document.body).visibility") == "hidden"
    assert requested == [site.neutral_url]


def test_exit_stays_in_reach_on_a_small_screen(make_page, site):
    page = make_page(viewport={"width": 320, "height": 568})
    page.goto(site.url("category"))
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(200)
    assert page.evaluate("window.scrollY") > 500
    box = page.locator("a.exit").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 568
    assert box["x"] + box["width"] <= 320  # no sideways scrolling needed to reach it


def test_right_to_left_pages_mirror(page, site):
    page.goto(site.url("home", "ur"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    brand, exit_link = page.locator(".brand").bounding_box(), page.locator("a.exit").bounding_box()
    assert exit_link["x"] < brand["x"]  # the exit button sits at the end of the line, on the left


def test_pages_work_without_javascript(make_page, site):
    page = make_page(java_script_enabled=False)
    for page_type in ("home", "entry", "cover-your-tracks", "accessibility"):
        page.goto(site.url(page_type))
        assert page.locator("main h1").is_visible()
        exit_link = page.locator("a.exit")
        assert exit_link.is_visible() and exit_link.get_attribute("href") == site.neutral_url
    page.locator("a.exit").click()  # a plain link: it still leaves
    page.wait_for_url(site.neutral_url)
