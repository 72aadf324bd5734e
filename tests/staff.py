"""Signing staff in and filling in staff forms through the pages themselves, as a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyotp
from sqlalchemy import update

from partnership_hub.models import User

from . import factories

PASSWORD = "correct horse battery staple"


def csrf_token(client, path: str = "/auth/login") -> str:
    """The page's CSRF token ("" when the app under test has CSRF turned off)."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html)
    return found.group(1) if found else ""


def sign_in(client, email: str, password: str = PASSWORD):
    """Sign in as a browser would; for an account with two-factor on (every factory-made maintainer),
    complete the second step too with a code from the factories' TOTP secret."""
    response = client.post("/auth/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})
    if response.status_code == 302 and response.location.startswith("/auth/login/code"):
        forget_last_code(email)
        response = post_code(client, pyotp.TOTP(factories.TOTP_SECRET).now())
    return response


def post_code(client, code: str):
    """The second step of signing in: a code from the app, or a recovery code."""
    return client.post("/auth/login/code", data={"code": code, "csrf_token": csrf_token(client, "/auth/login/code")})


def forget_last_code(email: str) -> None:
    """A code works once per 30-second step, and tests may sign the same person in more than once within
    one step: forget which step the account last used (only sign_in does this, never a 2FA test)."""
    factories._session.execute(update(User).where(User.email == email).values(totp_last_step=None))
    factories._session.commit()


class _FormReader(HTMLParser):
    """The values a browser would submit from the first form that has a given field (or the first form)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str | list[str]]] = []
        self._textarea = self._select = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({})
            self._in_form = True
        elif not self._in_form:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a["name"], a.get("value", "y"), multi=kind == "checkbox")
            elif kind not in ("submit", "button"):
                self._add(a["name"], a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1][self._textarea] = ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""), multi="multiple" in a)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            # As browsers do, drop the one newline that may follow <textarea> (WTForms writes one).
            text = self.forms[-1][self._textarea]
            self.forms[-1][self._textarea] = text[2:] if text.startswith("\r\n") else text.removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, text):
        if self._textarea:
            self.forms[-1][self._textarea] += text

    def _add(self, name, value, multi=False):
        form = self.forms[-1]
        if multi or name in form and isinstance(form[name], list):
            existing = form.get(name, [])
            form[name] = (existing if isinstance(existing, list) else [existing]) + [value]
        else:
            form[name] = value


def form_values(client, path: str, field: str | None = None) -> dict:
    """What the form on ``path`` would submit untouched (CSRF token and version included).

    ``field`` picks the first form that has that field; otherwise the last form on the page (the
    sign-out form in the header comes first on every staff page).
    """
    reader = _FormReader()
    reader.feed(client.get(path).get_data(as_text=True))
    if field is not None:
        return dict(next(f for f in reader.forms if field in f))
    return dict(reader.forms[-1])
