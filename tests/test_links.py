"""The link checker (``flask --app wsgi check-links``), run against small HTTP servers on loopback
addresses that answer 200, 301, 404, 500, 405-to-HEAD and slowly, and that record how many of our
requests each host had in flight at once. Name lookups are refused, so no test reaches the internet."""

from __future__ import annotations

import os
import pty
import select as io_select
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from partnership_hub.extensions import db
from partnership_hub.links import USER_AGENT
from partnership_hub.models import LinkCheck
from partnership_hub.models.base import utcnow

from .factories import EntryFactory, LinkCheckFactory, TenantFactory

TIMEOUT = 0.5
SLOW = 3 * TIMEOUT
# Long enough for requests to the same host to overlap if the checker let them.
WORK = 0.05


class Recorder:
    """What the servers saw: requests in flight per host (now and at most) and every request."""

    def __init__(self):
        self.lock = threading.Lock()
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.max_total = 0
        self.requests: list[tuple[str, str, str, str]] = []  # host, method, path, user agent

    def enter(self, host: str, method: str, path: str, agent: str) -> None:
        with self.lock:
            self.requests.append((host, method, path, agent))
            self.in_flight[host] += 1
            self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
            self.max_total = max(self.max_total, sum(self.in_flight.values()))

    def leave(self, host: str) -> None:
        with self.lock:
            self.in_flight[host] -= 1


def handler_for(recorder: Recorder):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def answer(self, body: bool) -> None:
            host = self.server.server_address[0]
            recorder.enter(host, self.command, self.path, self.headers.get("User-Agent", ""))
            try:
                time.sleep(WORK)
                path = self.path.split("?")[0]
                if path == "/slow":
                    time.sleep(SLOW)
                if path == "/moved":
                    self.send_response(301)
                    self.send_header("Location", "/ok")
                elif path == "/no-head" and self.command == "HEAD":
                    self.send_response(405)
                elif path == "/missing":
                    self.send_response(404)
                elif path == "/error":
                    self.send_response(500)
                else:
                    self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                if body:
                    self.wfile.write(b"ok")
            except (BrokenPipeError, ConnectionResetError):  # the checker gave up on /slow
                pass
            finally:
                recorder.leave(host)

        def do_HEAD(self):
            self.answer(body=False)

        def do_GET(self):
            self.answer(body=True)

    return Handler


@pytest.fixture
def servers():
    """Two hosts (127.0.0.1 and 127.0.0.2, both loopback), so that concurrency across hosts shows."""
    recorder = Recorder()
    running = []
    for address in ("127.0.0.1", "127.0.0.2"):
        server = ThreadingHTTPServer((address, 0), handler_for(recorder))
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        running.append((server, thread))
    yield recorder, [f"http://{server.server_address[0]}:{server.server_port}" for server, _ in running]
    for server, thread in running:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Refuse every name lookup (loopback IP literals need none) and ignore proxy settings."""
    def refuse(host, *args, **kwargs):
        raise socket.gaierror(f"test: no name lookups ({host})")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


def statuses(app) -> dict[str, LinkCheck]:
    with app.app_context():
        return {row.url: row for row in db.session.scalars(select(LinkCheck))}


def test_records_each_links_status_politely(app, runner, servers):
    recorder, (one, two) = servers
    dudley, brierley = TenantFactory(), TenantFactory()
    EntryFactory(url=f"{one}/ok")
    EntryFactory(url=f"{one}/moved", chat_url=f"{one}/no-head")
    EntryFactory(url=f"{one}/missing", tenant=dudley)
    EntryFactory(url=f"{one}/error", tenant=brierley)
    EntryFactory(url=f"{one}/slow", tenant=brierley)
    EntryFactory(url=f"{one}/ok", tenant=dudley)  # the same address twice is checked once
    for i in range(6):
        EntryFactory(url=f"{two}/ok?page={i}", tenant=dudley if i % 2 else None)
    EntryFactory(url="https://unreachable.invalid/")

    result = runner.invoke(args=["check-links", "--allow-private", "--timeout", str(TIMEOUT), "--concurrency", "4"])

    assert result.exit_code == 0, result.output
    rows = statuses(app)
    assert len(rows) == 13
    assert (rows[f"{one}/ok"].status, rows[f"{one}/ok"].final_url, rows[f"{one}/ok"].error) == (200, f"{one}/ok", None)
    moved = rows[f"{one}/moved"]
    assert (moved.status, moved.final_url, moved.is_redirected, moved.is_broken) == (200, f"{one}/ok", True, False)
    assert (rows[f"{one}/no-head"].status, rows[f"{one}/no-head"].is_broken) == (200, False)
    assert (rows[f"{one}/missing"].status, rows[f"{one}/missing"].error) == (404, "HTTP 404")
    assert (rows[f"{one}/error"].status, rows[f"{one}/error"].is_broken) == (500, True)
    slow = rows[f"{one}/slow"]
    assert slow.status is None and slow.is_broken and "timed out" in slow.error
    unreachable = rows["https://unreachable.invalid/"]
    assert unreachable.status is None and unreachable.error
    assert all(row.checked_at is not None for row in rows.values())
    assert "Checked 13 links: 4 broken, 1 redirected." in result.output

    # Politeness: never two requests at once to one host, but the two hosts were worked on together.
    assert recorder.max_in_flight == {"127.0.0.1": 1, "127.0.0.2": 1}
    assert recorder.max_total == 2
    # HEAD first; GET only where HEAD failed (405, 404, 500), never again after a timeout.
    methods = defaultdict(list)
    for _host, method, path, agent in recorder.requests:
        methods[path].append(method)
        assert agent == USER_AGENT
    assert methods["/no-head"] == ["HEAD", "GET"]
    assert methods["/missing"] == ["HEAD", "GET"]
    assert methods["/slow"] == ["HEAD"]
    assert methods["/moved"] == ["HEAD"]  # then /ok, counted under its own path


def test_deleted_entries_are_not_checked_and_old_results_are_forgotten(app, runner, servers):
    recorder, (one, _two) = servers
    LinkCheckFactory(url=f"{one}/no-longer-linked", status=404)
    EntryFactory(url=f"{one}/error", status="draft")  # drafts are checked, so staff can mend them first
    EntryFactory(url=f"{one}/missing", tenant=TenantFactory(), deleted_at=utcnow())

    result = runner.invoke(args=["check-links", "--allow-private", "--timeout", str(TIMEOUT)])

    assert result.exit_code == 0, result.output
    assert set(statuses(app)) == {f"{one}/error"}
    assert {path for _h, _m, path, _a in recorder.requests} == {"/error"}


def test_addresses_on_private_networks_are_not_requested(app, runner, servers):
    recorder, (one, _two) = servers
    EntryFactory(url=f"{one}/ok")
    EntryFactory(url="http://10.1.2.3/admin")
    EntryFactory(url="http://[::1]:9/", chat_url="http://[::ffff:127.0.0.1]:9/")

    result = runner.invoke(args=["check-links", "--timeout", str(TIMEOUT)])

    assert result.exit_code == 0, result.output
    rows = statuses(app)
    assert rows[f"{one}/ok"].error == "Not checked: 127.0.0.1 is not a public internet address"
    assert rows["http://10.1.2.3/admin"].status is None
    assert rows["http://[::1]:9/"].error == "Not checked: ::1 is not a public internet address"
    assert rows["http://[::ffff:127.0.0.1]:9/"].error.startswith("Not checked")
    assert recorder.requests == []


def test_nothing_to_check(runner):
    result = runner.invoke(args=["check-links"])
    assert result.exit_code == 0
    assert result.output == "No external links to check.\n"


@pytest.mark.parametrize("args", [["--timeout", "0"], ["--concurrency", "0"], ["--timeout", "soon"]])
def test_bad_options_are_refused_clearly(runner, args):
    result = runner.invoke(args=["check-links", *args])
    assert result.exit_code == 2
    assert "Invalid value" in result.output


def test_progress_shows_on_a_terminal_only(app, runner, servers, migrated):
    _recorder, (one, _two) = servers
    EntryFactory(url=f"{one}/ok")
    EntryFactory(url=f"{one}/missing")

    piped = runner.invoke(args=["check-links", "--allow-private", "--timeout", str(TIMEOUT)])
    assert "Checking links" not in piped.output

    # The real command, its output on a pseudo-terminal; localhost only, like the runner above.
    main, secondary = pty.openpty()
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["DATABASE_URL"] = migrated
    command = ["check-links", "--allow-private", "--timeout", str(TIMEOUT)]
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", *command],
        stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary, env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    os.close(secondary)
    shown = b""
    while True:
        ready, _, _ = io_select.select([main], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the command has finished
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert process.wait(timeout=30) == 0, shown
    text = shown.decode()
    assert "Checking links" in text and "2/2" in text
    assert "Checked 2 links: 1 broken, 0 redirected." in text
