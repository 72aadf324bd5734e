"""Load benchmark: a large dataset, the app under gunicorn, wrk against resident pages.

Builds a fresh database (a new SQLite file; also PostgreSQL when DATABASE_URL names a server, in a
database of its own that is dropped afterwards) with many partnerships, national and local entries and
translations, written with bulk inserts. Then serves the app and a minimal Flask page (bench/hello.py)
the same way, and runs wrk against both. Each resident page is measured three ways: built for every
request (the page cache off), from the server-side page cache, and as a conditional request
(If-None-Match with the page's ETag, answered 304: what a CDN or proxy in front sends). The machines
are shared, so the figure to read is the ratio to the minimal page, measured in the same run. Only
127.0.0.1, every run bounded in time.

    make bench                                    # defaults below
    .venv/bin/python bench/run.py --tenants 40 --local 20 --duration 3
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from partnership_hub import create_app  # noqa: E402
from partnership_hub.extensions import db  # noqa: E402
from partnership_hub.i18n import SUPPORTED_LOCALES  # noqa: E402
from partnership_hub.models import EntryKind  # noqa: E402

TRANSLATED = [code for code in SUPPORTED_LOCALES if code != "en"]
TOPICS = ["reporting", "scams", "bullying", "gaming", "privacy", "sextortion", "parents", "older-people",
          "courses", "apps", "wellbeing", "radicalisation", "money"]
WORDS = ["online", "safety", "report", "help", "children", "fraud", "images", "advice", "line", "support"]
BATCH = 5000


def build(url: str, tenants: int, national: int, local: int) -> dict:
    """Migrate and fill the database at ``url``; return what the pages need (a slug, ids)."""
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        engine = db.engine
        t = {name: db.metadata.tables[name] for name in ("tenant", "category", "entry", "translation", "snippet")}
        tenant_rows = [dict(id=uuid.uuid4(), slug=f"t{i}", name=f"Partnership {i}", logo_text=f"P{i}",
                            brand_colour="#1d4f91", languages=list(SUPPORTED_LOCALES), default_language="en",
                            is_active=True, version=1) for i in range(tenants)]
        categories = [dict(id=uuid.uuid4(), tenant_id=None, slug=slug, name=slug.title(), description="",
                           icon="info", position=i, status="published", version=1) for i, slug in enumerate(TOPICS)]
        entries = []
        for owner in [None] * national + [row["id"] for row in tenant_rows for _ in range(local)]:
            n = len(entries)
            words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(3))
            entries.append(dict(id=uuid.uuid4(), tenant_id=owner, category_id=categories[n % len(TOPICS)]["id"],
                                kind=EntryKind.WEBSITE, title=f"Resource {n} {words}", summary=f"About {words}.",
                                url=f"https://r{n}.example/", position=n, status="published", version=1))
        started = time.monotonic()
        with engine.begin() as conn:
            if engine.dialect.name == "sqlite":
                # 256 MB of page cache for the load: the full-text index's b-trees stay in memory.
                conn.exec_driver_sql("PRAGMA cache_size = -262144")
            conn.execute(t["tenant"].insert(), tenant_rows)
            conn.execute(t["category"].insert(), categories)
            conn.execute(t["snippet"].insert(), [dict(id=uuid.uuid4(), key="emergency", title="In danger now?",
                                                      body="Call 999.", version=1)])
            for i in range(0, len(entries), BATCH):
                conn.execute(t["entry"].insert(), entries[i:i + BATCH])
            batch = []
            for entry in entries:
                for locale in TRANSLATED:
                    for field in ("title", "summary"):
                        batch.append(dict(id=uuid.uuid4(), tenant_id=entry["tenant_id"], owner_type="entry",
                                          owner_id=entry["id"], field=field, locale=locale,
                                          text=f"{entry[field]} [{locale}]"))
                if len(batch) >= BATCH:
                    conn.execute(t["translation"].insert(), batch)
                    batch = []
            if batch:
                conn.execute(t["translation"].insert(), batch)
        with engine.connect() as conn:
            # What an operator does after a bulk import: fresh planner statistics (PostgreSQL), the
            # full-text index merged into one segment (SQLite FTS5; queries then read one b-tree).
            if engine.dialect.name == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
            else:
                conn.exec_driver_sql("INSERT INTO entry_search (entry_search) VALUES ('optimize')")
                conn.commit()
        engine.dispose()
    print(f"  built {tenants} partnerships, {len(entries)} entries, {len(entries) * len(TRANSLATED) * 2} "
          f"translations in {time.monotonic() - started:.0f}s", flush=True)
    return {"slug": f"t{tenants // 2}", "topic": TOPICS[0], "entry": entries[0]["id"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(app_spec: str, env: dict, chdir: Path, probe: str):
    """gunicorn with two sync workers on a free local port, until the block ends."""
    port = free_port()
    cmd = [str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
           "--no-control-socket", "--chdir", str(chdir), "--log-level", "warning", app_spec]
    proc = subprocess.Popen(cmd, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + probe, timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"{app_spec} did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def drain(url: str, limit: float = 60) -> None:
    """Wait until the server answers promptly: sync workers still serve the requests a slow page left
    queued when wrk stopped, and the next page must not be measured against that backlog."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            urllib.request.urlopen(url, timeout=limit)
        except OSError:
            pass
        if time.monotonic() - started < 0.5:
            return
        time.sleep(0.5)


def wrk(url: str, duration: int, ready: str, etag: str | None = None) -> tuple[float, str]:
    drain(ready)
    header = ["-H", f"If-None-Match: {etag}"] if etag else []
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", *header, url], capture_output=True,
                         text=True, timeout=duration + 30, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = re.search(r"Latency\s+(\S+)", out).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses")
    return rps, f"{latency} avg, {p99.group(1) if p99 else '?'} p99"


#: How each page is measured: the environment of the app processes, and whether requests are conditional.
MODES = {
    "built": ({"PAGE_CACHE": "off"}, False),
    "cached": ({"PAGE_CACHE": "on"}, False),
    "304": ({"PAGE_CACHE": "on"}, True),
}


def run(label: str, url: str, args) -> list[tuple]:
    print(f"\n== {label}", flush=True)
    info = build(url, args.tenants, args.national, args.local)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench"}
    pages = {"home": "/", "category": f"/topics/{info['topic']}", "entry": f"/entries/{info['entry']}",
             "search": "/search?q=online+safety"}
    results = []
    for mode, (mode_env, conditional) in MODES.items():
        # The ceiling is measured again next to each mode's pages: the load other people put on a
        # shared machine changes within minutes, and a ratio is only fair against its neighbour.
        with serving("hello:app", env, ROOT / "bench", "/") as base:
            baseline, latency = wrk(base + "/", args.duration, base + "/")
        results.append((label, "minimal Flask page", mode, baseline, baseline))
        print(f"  {'minimal Flask page':20} {mode:7} {baseline:8.0f} req/s  {latency}", flush=True)
        with serving("wsgi:app", {**env, **mode_env}, ROOT, f"/{info['slug']}/en/") as base:
            ready = f"{base}/{info['slug']}/en/entries/{info['entry']}"  # a quick page, to drain by
            for lang in ("en", "ur"):
                for name, path in pages.items():
                    page = f"{base}/{info['slug']}/{lang}{path}"
                    etag = urllib.request.urlopen(page, timeout=60).headers["ETag"] if conditional else None
                    rps, latency = wrk(page, args.duration, ready, etag)
                    results.append((label, f"{lang} {name}", mode, rps, baseline))
                    print(f"  {lang} {name:17} {mode:7} {rps:8.0f} req/s  {latency}  "
                          f"({rps / baseline:.0%} of minimal)", flush=True)
    return results


def table(results: list[tuple]) -> str:
    """The run as a Markdown table: one row per page, a column per way of serving it, each figure with
    its ratio to the minimal page measured just before that column's pages."""
    lines = ["| database | page | " + " | ".join(MODES) + " |", "|---|---|" + "---:|" * len(MODES)]
    rows: dict = {}
    for db_name, page, mode, rps, baseline in results:
        rows.setdefault((db_name, page), {})[mode] = f"{rps:.0f} ({rps / baseline:.0%})"
    for (db_name, page), cells in rows.items():
        lines.append(f"| {db_name} | {page} | " + " | ".join(cells.get(m, "") for m in MODES) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    return f"{os.cpu_count()} cores ({cpu}), load average {os.getloadavg()[0]:.1f} at the start"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=400)
    parser.add_argument("--national", type=int, default=300)
    parser.add_argument("--local", type=int, default=200, help="local entries per partnership")
    parser.add_argument("--duration", type=int, default=3, help="seconds of load per page and mode")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    started, where = time.monotonic(), machine()
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        results = run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        url = sa.engine.make_url(server.replace("postgres://", "postgresql://", 1))
        name = f"hub_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            results += run("PostgreSQL", url.set(drivername="postgresql+psycopg", database=name).render_as_string(
                hide_password=False), args)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()
    print(f"\nreq/s (ratio to the minimal page in the same run); {where}; "
          f"{time.monotonic() - started:.0f}s in all\n\n{table(results)}", flush=True)


if __name__ == "__main__":
    main()
