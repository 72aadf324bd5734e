"""The demo site served from a thread for real-browser and whole-page tests, and Debian's Chromium.

The site is seeded once for this package and emptied afterwards, so the rest of the suite still
starts from an empty database (the `data` fixture's promise). Nothing leaves the machine: every
browser context aborts requests that are not for the local server, and tests fake the neutral page.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass

import pytest
from werkzeug.serving import make_server

from partnership_hub import create_app
from partnership_hub.demo import load_demo
from partnership_hub.extensions import db

from ..conftest import app_config, empty_tables

CHROMIUM = "/usr/bin/chromium"
# Flags that work as root with no network (see /work/shared/TOOLCHAIN.md); headless is the default.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TENANT = "dudley"
LANGUAGES = ["en", "pl", "ur"]  # left-to-right, another Latin script, right-to-left


@dataclass
class DemoSite:
    base_url: str
    neutral_url: str
    page_paths: dict[str, str]  # page type -> path after /<tenant>/<lang>/

    def url(self, page_type: str, lang: str = "en", easy: bool = False) -> str:
        path = self.page_paths[page_type]
        if easy:
            path += ("&" if "?" in path else "?") + "easy=1"
        return f"{self.base_url}/{TENANT}/{lang}/{path}"


def _page_paths(client) -> dict[str, str]:
    """One page of every resident page type, found by following the demo's own links."""
    def first(path: str, pattern: str) -> str:
        html = client.get(f"/{TENANT}/en/{path}").get_data(as_text=True)
        return re.search(pattern, html).group(1)

    home = client.get(f"/{TENANT}/en/").get_data(as_text=True)
    topics = re.findall(rf'href="/{TENANT}/en/(topics/[^"?]+)"', home)
    topic = next(t for t in topics if f"/{TENANT}/en/entries/" in client.get(f"/{TENANT}/en/{t}").get_data(as_text=True))
    return {
        "home": "",
        "category": topic,
        "entry": first(topic, rf'href="/{TENANT}/en/(entries/[0-9a-f-]+)"'),
        # A helpline with a phone number, an email address and opening hours: the widest contact buttons.
        "entry-contacts": first("search?q=professionals+helpline", rf'href="/{TENANT}/en/(entries/[0-9a-f-]+)"'),
        "search": "search?q=fraud",
        "search-page": "search?q=online&page=2",  # between two others: both page links
        "bulletins": "bulletins/",
        "bulletin": first("bulletins/", rf'href="/{TENANT}/en/(bulletins/[0-9a-f-]+)"'),
        "cover-your-tracks": "help/cover-your-tracks",
        "accessibility": "accessibility",
        "not-found": "no-such-page",
        "finder": first("", rf'href="/{TENANT}/en/(help-finder/)"'),
        # A situation with a local note; danger and "not sure" show the most: 999 and every route.
        "finder-danger": "help-finder/someone-at-risk/",
        "finder-age": "help-finder/someone-at-risk/age?danger=yes",
        "finder-result": "help-finder/someone-at-risk/routes?danger=yes&age=not-sure",
        "help-card": "help-card",
    }


@pytest.fixture(scope="package")
def site(migrated, engine):
    app = create_app(app_config(migrated))
    with app.app_context():
        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield DemoSite(f"http://127.0.0.1:{server.server_port}", app.config["NEUTRAL_EXIT_URL"],
                       _page_paths(app.test_client()))
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        with app.app_context():
            db.engine.dispose()
        empty_tables(engine)


@pytest.fixture(scope="package")
def browser():
    # A missing browser must fail the run, loudly: skipped accessibility tests look like passing ones.
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing. Install Debian's Chromium (apt-get install -y chromium; "
                    "`make test` does it when run as root). Do not use `playwright install`.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def local_only(context, site: DemoSite) -> None:
    """Abort every request that is not for the local server; answer the neutral page with a stub."""
    context.route(re.compile(r".*"), lambda route: route.abort())
    context.route(f"{site.base_url}/**", lambda route: route.continue_())
    context.route(site.neutral_url, lambda route: route.fulfill(
        status=200, content_type="text/html", body="<!doctype html><title>Weather</title><p>Weather"))


@pytest.fixture
def make_page(browser, site):
    """A page in a fresh context (`make_page(java_script_enabled=False, ...)` for other settings)."""
    contexts = []

    def make(**options):
        context = browser.new_context(**{"bypass_csp": True, **options})
        contexts.append(context)
        local_only(context, site)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()
