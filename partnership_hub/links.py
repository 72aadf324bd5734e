"""Link health: check every external address the directory links to, and record what it answered.

``flask --app wsgi check-links`` collects the ``url`` and ``chat_url`` of every entry that is not
deleted (the national catalogue and every partnership's local entries, read in the all-tenants scope),
checks each address once, and keeps the outcome in ``link_check`` (models/link.py).

Politeness: one worker per host works through that host's addresses one after another, and every
request, redirect hops included, holds that host's lock, so no host ever sees two of our requests
at once; a global limit caps the requests in flight. Each address is asked with HEAD first and, if
HEAD fails or is refused (many servers answer HEAD with 403, 404 or 405), again with GET, whose body
is never read. Every request has a deadline, so a server that answers slowly cannot hold the run.

Staff write these addresses and read what came back, so the checker must not become a way to probe
the server's own network: an address (or a redirect) whose host is, or resolves to, anything but a
public internet address is not requested (``--allow-private`` lifts this, for tests and intranets).
The host is resolved again when httpx connects, so a name that changes its answer in between (DNS
rebinding) can still slip through; the status and a short error are all it would learn.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import sys
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable
from urllib.parse import urlsplit

import click
import httpx
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import delete, func, or_, select

from .extensions import db
from .models import Entry, LinkCheck
from .models.base import utcnow
from .tenancy import all_tenants

USER_AGENT = "PartnershipHubLinkChecker/1.0 (checks the links of UK online-safety directories)"
DEFAULT_TIMEOUT = 10.0
DEFAULT_CONCURRENCY = 8
MAX_REDIRECTS = 10
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None
    final_url: str | None
    error: str | None


class _Failed(Exception):
    """A check that got no usable answer; its message is what staff read."""


class _Final(_Failed):
    """A failure that asking again with GET would only repeat (a timeout, a refused address)."""


def is_external(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https") and bool(urlsplit(url).hostname)


def collect_urls() -> list[str]:
    """Every distinct external address of every entry not deleted, national and local, drafts too
    (so staff can mend a link before they publish)."""
    with all_tenants():
        rows = db.session.execute(
            select(Entry.url, Entry.chat_url).where(
                Entry.deleted_at.is_(None), or_(Entry.url.is_not(None), Entry.chat_url.is_not(None))
            )
        )
        return sorted({url for row in rows for url in row if is_external(url)})


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower()


class LinkChecker:
    """Checks addresses concurrently, one request at a time per host."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, concurrency: int = DEFAULT_CONCURRENCY,
                 allow_private: bool = False):
        self.timeout = timeout
        self.concurrency = concurrency
        self.allow_private = allow_private

    async def check_all(self, urls: Iterable[str], on_result: Callable[[LinkResult], None] = lambda r: None):
        by_host: dict[str, list[str]] = defaultdict(list)
        for url in urls:
            by_host[_host(url)].append(url)
        self._slots = asyncio.Semaphore(self.concurrency)
        self._host_locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        results: list[LinkResult] = []
        async with httpx.AsyncClient(
            headers={"User-Agent": USER_AGENT},
            timeout=self.timeout,
            follow_redirects=False,  # followed by hand, so that each hop takes its host's lock
            limits=httpx.Limits(max_connections=self.concurrency, max_keepalive_connections=self.concurrency),
        ) as client:

            async def work_through(host_urls: list[str]) -> None:
                for url in host_urls:
                    result = await self.check(client, url)
                    results.append(result)
                    on_result(result)

            await asyncio.gather(*(work_through(host_urls) for host_urls in by_host.values()))
        return results

    async def check(self, client: httpx.AsyncClient, url: str) -> LinkResult:
        async with self._slots:
            try:
                status, final_url = await self._follow(client, "HEAD", url)
                if status >= 400:
                    status, final_url = await self._follow(client, "GET", url)
            except _Final as failure:
                return LinkResult(url, None, None, str(failure))
            except _Failed:
                try:
                    status, final_url = await self._follow(client, "GET", url)
                except _Failed as again:
                    return LinkResult(url, None, None, str(again))
        error = None if status < 400 else f"HTTP {status}"
        return LinkResult(url, status, final_url, error)

    async def _follow(self, client: httpx.AsyncClient, method: str, url: str) -> tuple[int, str]:
        """The status and address of the last answer, following redirects one hop at a time."""
        try:
            request = client.build_request(method, url)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise _Failed(f"Not a valid web address: {exc}") from exc
        for _hop in range(MAX_REDIRECTS + 1):
            response = await self._send(client, request)
            if response.next_request is None:
                return response.status_code, str(request.url)
            request = response.next_request
            if request.url.scheme not in ("http", "https"):
                raise _Failed(f"Redirected to an address that is not a web page: {request.url}")
        raise _Failed(f"More than {MAX_REDIRECTS} redirects")

    async def _send(self, client: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
        host = request.url.host.lower()
        if not self.allow_private:
            await _refuse_private(host, request.url.port or (443 if request.url.scheme == "https" else 80))
        async with self._host_locks[host]:
            try:
                # httpx's timeout bounds each read; this bounds the whole answer, for a server that
                # trickles its headers out one byte at a time.
                async with asyncio.timeout(self.timeout):
                    response = await client.send(request, stream=True)
                    await response.aclose()  # the status is all we need: never download the body
                    return response
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise _Final(f"No answer from {host}: timed out after {self.timeout:g} s") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise _Failed(f"{type(exc).__name__}: {exc}") from exc


async def _refuse_private(host: str, port: int) -> None:
    """Fail unless every address the host stands for is a public internet address."""
    try:
        addresses = [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise _Failed(f"Could not find {host}: {exc}") from exc
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    # ::ffff:127.0.0.1 is 127.0.0.1; Python 3.11 does not judge the mapped address by its IPv4 half.
    addresses = [getattr(address, "ipv4_mapped", None) or address for address in addresses]
    if not all(address.is_global for address in addresses):
        raise _Final(f"Not checked: {host} is not a public internet address")


def record(results: Iterable[LinkResult], checked_at: datetime, keep: Iterable[str]) -> list[LinkCheck]:
    """Store each result against its URL, and forget the addresses no entry uses any more."""
    keep = set(keep)
    existing = {row.url: row for row in db.session.scalars(select(LinkCheck))}
    rows = []
    for result in results:
        row = existing.get(result.url) or LinkCheck(url=result.url)
        row.status = result.status
        row.final_url = result.final_url[:2000] if result.final_url else None
        row.error = result.error[:MAX_ERROR_LENGTH] if result.error else None
        row.checked_at = checked_at
        db.session.add(row)
        rows.append(row)
    gone = set(existing) - keep
    if gone:
        db.session.execute(delete(LinkCheck).where(LinkCheck.url.in_(gone)))
    db.session.commit()
    return rows


def run_checks(urls: list[str], checker: LinkChecker, *, show_progress: bool) -> list[LinkResult]:
    with click.progressbar(length=len(urls), label="Checking links", hidden=not show_progress,
                           file=sys.stderr, show_pos=True, show_eta=False) as bar:

        def advance(_result: LinkResult) -> None:
            bar.update(1)

        return asyncio.run(checker.check_all(urls, advance))


@click.command("check-links")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=120), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--concurrency", type=click.IntRange(min=1, max=64), default=DEFAULT_CONCURRENCY, show_default=True,
              help="Requests in flight at once, across all hosts (never more than one per host).")
@click.option("--allow-private", is_flag=True,
              help="Also check addresses on this machine and private networks (for tests and intranets).")
@with_appcontext
def check_links_command(timeout: float, concurrency: int, allow_private: bool) -> None:
    """Check every external link in the national catalogue and every partnership's entries."""
    urls = collect_urls()
    if not urls:
        click.echo("No external links to check.")
        return
    started = utcnow()
    results = run_checks(urls, LinkChecker(timeout=timeout, concurrency=concurrency, allow_private=allow_private),
                         show_progress=sys.stderr.isatty())
    rows = record(results, started, keep=urls)
    broken = sum(row.is_broken for row in rows)
    redirected = sum(row.is_redirected for row in rows)
    click.echo(f"Checked {len(results)} links: {broken} broken, {redirected} redirected.")


# --- What the staff pages show -----------------------------------------------------------------


@dataclass(frozen=True)
class LinkProblem:
    """One of an entry's links that was last found broken or redirected."""

    entry: Entry
    field: str  # "url" or "chat_url"
    check: LinkCheck


def link_problems(tenant_id: uuid.UUID | None) -> list[LinkProblem]:
    """The broken or redirected links of the entries a partnership owns (None: the national catalogue).

    Runs in the caller's scope, so a partnership's query cannot reach another's entries even if it
    named one; the owner filter narrows the scope's rows to the audience's own.
    """
    rows = db.session.execute(
        select(Entry, LinkCheck)
        .join(LinkCheck, or_(LinkCheck.url == Entry.url, LinkCheck.url == Entry.chat_url))
        .where(_owned_by(tenant_id), Entry.deleted_at.is_(None), LinkCheck.needs_attention())
        .order_by(Entry.title, LinkCheck.url)
    )
    return [LinkProblem(entry, "url" if check.url == entry.url else "chat_url", check) for entry, check in rows]


def last_checked(tenant_id: uuid.UUID | None) -> datetime | None:
    """When the links of these entries were last checked, if ever."""
    return db.session.scalar(
        select(func.max(LinkCheck.checked_at))
        .join(Entry, or_(LinkCheck.url == Entry.url, LinkCheck.url == Entry.chat_url))
        .where(_owned_by(tenant_id), Entry.deleted_at.is_(None))
    )


def _owned_by(tenant_id: uuid.UUID | None):
    return Entry.tenant_id.is_(None) if tenant_id is None else Entry.tenant_id == tenant_id


def init_app(app: Flask) -> None:
    app.cli.add_command(check_links_command)
