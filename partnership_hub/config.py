"""Configuration: safe defaults here; secrets and the database URL from the environment or instance/."""

import os
import secrets
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url(instance_path: str) -> str:
    """DATABASE_URL wins; otherwise the embedded SQLite database under instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "partnership_hub.sqlite3")
    # Heroku-style URLs name the old driver; we ship psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def engine_options(url: str) -> dict:
    """A database server may drop idle connections (a restart, a failover): each one is pinged as it
    leaves the pool. An embedded SQLite file never goes away, and the ping would be a query per request."""
    return {} if url.startswith("sqlite") else {"pool_pre_ping": True}


def secret_key(instance_path: str) -> str:
    """SECRET_KEY from the environment; for a local install, one generated once into instance/.

    Several app servers must share the key, so production sets SECRET_KEY and never relies on the file.
    """
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked into place, which fails if the file exists:
        # app processes starting together all end up with the one key that won.
        handle, draft = tempfile.mkstemp(dir=path.parent, prefix="secret_key.")  # mode 0600
        with os.fdopen(handle, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(draft)
    return path.read_text().strip()


def cookie_security() -> dict:
    """Staff cookies are Secure (sent over HTTPS only) unless SESSION_COOKIE_SECURE=0 says otherwise.

    Only `make run`, which serves plain http on 127.0.0.1, turns it off, so that staff can sign in there.
    """
    secure = os.environ.get("SESSION_COOKIE_SECURE", "1").strip().lower() not in ("0", "false", "off", "no")
    return {"SESSION_COOKIE_SECURE": secure, "REMEMBER_COOKIE_SECURE": secure}


def proxy_hops() -> int:
    """How many reverse proxies (load balancer, CDN) stand in front of the app: TRUSTED_PROXIES.

    Behind them, the client's address and scheme arrive in X-Forwarded-For and X-Forwarded-Proto; the app
    believes as many of the rightmost values as there are proxies, and none by default, because a client
    can send those headers itself (it could then pose as any address to the login limits)."""
    value = os.environ.get("TRUSTED_PROXIES", "").strip() or "0"
    if not value.isdigit():
        raise ValueError(f"TRUSTED_PROXIES must be a number of proxies (0, 1, 2 ...), not {value!r}")
    return int(value)


class Defaults:
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    BABEL_DEFAULT_LOCALE = "en"
    # Host names that serve every partnership under a path prefix (/dudley/...). Any other host is
    # looked up among the partnerships' own domains.
    PLATFORM_HOSTS = ("localhost", "127.0.0.1", "[::1]")
    NEUTRAL_EXIT_URL = "https://www.bbc.co.uk/weather"
    SESSION_COOKIE_HTTPONLY = True
    # Staff sessions end after 30 idle minutes: the signed cookie's timestamp is checked on every
    # request, and refreshed by each one.
    PERMANENT_SESSION_LIFETIME = 30 * 60
    REMEMBER_COOKIE_DURATION = 0
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    JSON_SORT_KEYS = False
    # Server-side page cache (cache.py): "off" builds every page (the benchmark measures both ways).
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "on") != "off"
    PAGE_CACHE_ENTRIES = 500
    # Shared by every app process when set (page cache); unset, each process keeps its own.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Login limits (auth/throttle.py): failed sign-ins per account (the email typed) and per address, in a
    # moving window; counted in the database, so every app process shares them.
    LOGIN_ACCOUNT_FAILURES = 5
    LOGIN_ADDRESS_FAILURES = 20
    LOGIN_WINDOW_MINUTES = 15
    # Invitation and password-reset links: how long they work (each works once).
    INVITATION_HOURS = 72
    RESET_HOURS = 24
