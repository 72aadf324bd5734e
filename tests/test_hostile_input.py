"""Hostile text written by staff never reaches a resident's page as active markup (SECURITY.md X1, X2, X4).

Known XSS vectors (in the style of the OWASP XSS filter evasion cheat sheet: script tags, event
handlers, javascript: and data: links in HTML and Markdown, svg and math tricks, entity-encoded and
whitespace-split variants, markup breaking out of attributes) are written into every text field that
a resident page shows, in English and as a Polish translation, with the factories. Every page is then
parsed: the only script is ours, no element has an on* handler, a style or a javascript:/data: link,
and no dangerous element (iframe, object, svg, ...) exists at all."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import String

from partnership_hub.formatting import rich_text, sanitise
from partnership_hub.models import Entry

from .factories import (
    BulletinFactory,
    BulletinSectionFactory,
    CategoryFactory,
    ContactLineFactory,
    EntryFactory,
    EntryOverrideFactory,
    SnippetFactory,
    TenantFactory,
    TranslationFactory,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<math href=\"javascript:alert(1)\">x</math>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>x</details>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    '[click](https://example.org "title\\" onmouseover=\\"alert(1)")',
    '<a href="https://example.org" onclick="alert(1)" style="color:red">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<form action="https://evil.example"><button>Go</button></form>',
    '<input autofocus onfocus=alert(1)>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<<script>script>alert(1)<</script>/script>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "`<img src=x onerror=alert(1)>`",
]

OUR_SCRIPTS = {"/static/js/exit.js"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "frame", "frameset", "applet", "svg", "math", "style", "base",
                  "meta", "img", "video", "audio", "source", "template", "input", "textarea", "button", "select"}
BAD_SCHEMES = re.compile(r"^(javascript|vbscript|data|file):", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
# Our own pictures, if a page has them: an <svg> with presentational attributes only, holding nothing but
# a <use> of a picture on our own origin.
PICTURE_ATTRIBUTES = {"class", "role", "aria-label", "aria-hidden", "width", "height", "viewbox", "focusable"}


class ActiveMarkup(HTMLParser):
    """Collects everything on a page that could run code or pull in a third party."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False
        self._in_picture = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._in_picture:
            href = attrs.get("href") or ""
            if tag != "use" or set(attrs) != {"href"} or not href.startswith("/") or href.startswith("//"):
                self.problems.append(f"<{tag} {attrs}> in a picture")
            return
        if tag == "svg" and set(attrs) <= PICTURE_ATTRIBUTES and {"aria-label", "aria-hidden"} & set(attrs):
            self._in_picture = True
            return
        if tag == "script":
            self._in_script = True
            if attrs.get("src") not in OUR_SCRIPTS:
                self.problems.append(f"script {attrs}")
        if tag in DANGEROUS_TAGS and not (tag in ("meta", "input", "button") and self._ours(tag, attrs)):
            self.problems.append(f"<{tag} {attrs}>")
        if tag == "link" and not (attrs.get("href") or "").startswith(("/", "http://localhost/")):
            self.problems.append(f"link {attrs}")
        if tag == "form" and not (attrs.get("action") or "").startswith("/"):
            self.problems.append(f"form {attrs}")
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and BAD_SCHEMES.match(re.sub(r"[\x00-\x20]", "", value or "")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "svg":
            self._in_picture = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script {data!r}")

    @staticmethod
    def _ours(tag, attrs) -> bool:
        """The page's own meta tags and search form controls."""
        if tag == "meta":
            return "http-equiv" not in attrs
        return attrs.get("name") in ("q", "easy", "csrf_token") or attrs.get("type") == "submit"


def active_markup(html: str) -> list[str]:
    parser = ActiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.problems


def fit(model, field: str, value: str) -> str:
    """The payload, cut to the column's length where it has one (a tenant's logo text, say)."""
    length = getattr(model.__table__.c[field].type, "length", None) if isinstance(
        model.__table__.c[field].type, String) else None
    return value[:length] if length else value


def hostile_site(payload: str):
    """A partnership where every resident-facing text field holds the payload ("Marker" shows it arrived)."""
    text = f"Marker {payload}"
    tenant = TenantFactory(slug="alpha", name=text[:120], logo_text=text[:60])
    national = CategoryFactory(slug="national", name=text[:120], description=text, easy_read=text)
    local = CategoryFactory(slug="local", tenant=tenant, name=text[:120], description=text, easy_read=text)
    entry = EntryFactory(category=national, title=fit(Entry, "title", text), summary=text, easy_read=text,
                         helpline=True, opening_hours=fit(Entry, "opening_hours", text))
    local_entry = EntryFactory(category=local, tenant=tenant, title=fit(Entry, "title", text), summary=text,
                               easy_read=text)
    override = EntryOverrideFactory(tenant=tenant, entry=entry, pinned=True, note=text)
    bulletin = BulletinFactory(tenant=tenant, title=text[:200], summary=text, easy_read=text, contact=text)
    section = BulletinSectionFactory(bulletin=bulletin, heading=text[:200], body=text, easy_read=text)
    emergency = SnippetFactory(title=text[:200], body=text, easy_read=text)
    welcome = SnippetFactory(tenant=tenant, key="welcome", title=text[:200], body=text, easy_read=text)
    line = ContactLineFactory(tenant=tenant, label=text[:120], hours=text[:200])
    owners = [national, local, entry, local_entry, override, bulletin, section, emergency, welcome, line]
    for owner in owners:
        for field in owner.translatable_fields:
            TranslationFactory(owner=owner, field=field, locale="pl", text=text)
    return [
        "/alpha/{lang}/", "/alpha/{lang}/topics/national", "/alpha/{lang}/topics/local",
        f"/alpha/{{lang}}/entries/{entry.id}", f"/alpha/{{lang}}/entries/{local_entry.id}",
        "/alpha/{lang}/search?q=marker", "/alpha/{lang}/bulletins/", f"/alpha/{{lang}}/bulletins/{bulletin.id}",
        "/alpha/{lang}/help/cover-your-tracks", "/alpha/{lang}/accessibility", "/alpha/{lang}/no-such-page",
        "/",
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_payloads_render_inert_on_every_page_language_and_mode(client, data, payload):
    paths = hostile_site(payload)
    # Standard text in English, easy read in Polish: both modes and both sources of text (columns and
    # translations), in half the requests of every combination.
    for lang, easy in (("en", ""), ("pl", "?easy=1")):
        for path in paths:
            url = path.format(lang=lang)
            url += ("&" + easy[1:] if "?" in url else easy) if easy else ""
            response = client.get(url)
            assert response.status_code in (200, 404), url
            html = response.get_data(as_text=True)
            assert "Marker" in html, f"the payload did not reach {url}"
            assert active_markup(html) == [], url


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_typed_into_search_is_shown_inert(client, data, payload):
    TenantFactory(slug="alpha")
    response = client.get("/alpha/en/search", query_string={"q": payload})
    assert response.status_code == 200
    assert active_markup(response.get_data(as_text=True)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rich_text_is_sanitised_and_stable(payload):
    once = rich_text(payload)
    assert active_markup(str(once)) == []
    assert not re.search(r"<\s*/?\s*(script|style|iframe|svg|math|form|img|object|embed|base|meta)", once, re.I)
    assert sanitise(str(once)) == str(once)  # sanitising what is sanitised changes nothing more


def test_the_checker_sees_active_markup():
    """The parser above must catch what it looks for, or every test here would pass vacuously."""
    for html in ['<script>alert(1)</script>', '<a href=" JaVa&#x09;script:x">', '<p onclick="x">',
                 '<svg></svg>', '<a style="x">', '<form action="https://evil.example">',
                 '<img src=x>', '<link href="https://evil.example/x.css">', '<svg onload="x">',
                 '<svg><a href="javascript:x">', '<svg><use href="https://evil.example/x.svg#a"></use></svg>']:
        assert active_markup(html), html
    assert active_markup('<script src="/static/js/exit.js" defer></script><a href="https://ceop.police.uk/">'
                         '<svg class="picture" role="img" aria-label="x"><use href="/pictures.svg#a"></use></svg>') == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "&#106;avascript:alert(1)",
                                 " javascript:alert(1)", "data:text/html,x", "vbscript:msgbox(1)",
                                 "java\tscript:alert(1)", "//evil.example/", "ceop.police.uk", "ftp://x.example/"])
def test_entry_links_must_be_web_addresses(data, url):
    with pytest.raises(ValueError):
        Entry(url=url)
    with pytest.raises(ValueError):
        Entry(chat_url=url)


def test_entry_links_accept_web_addresses(data):
    entry = Entry(url="https://www.ceop.police.uk/Safety-Centre/", chat_url="http://chat.example/")
    assert entry.url.startswith("https://") and entry.chat_url.startswith("http://")
    assert Entry(url=None).url is None


# Text built from the pieces of markup that attacks are made of, in any order, plus anything at all.
markup_pieces = st.sampled_from(["<", ">", "</", "/>", "script", "img", "svg", "math", "style", "iframe", "a ",
                                 "href=", "src=", "onerror=", "onclick=", "javascript:", "data:", "&#", "x6A;", "\"",
                                 "'", "`", "[", "](", ")", "!", "\t", "\n", "=", " ", "alert(1)", "<!--", "-->"])


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "300")), deadline=None, database=None)
@given(st.lists(st.one_of(markup_pieces, st.text(max_size=5)), max_size=40).map("".join))
def test_generated_markup_never_survives_sanitising(source):
    once = rich_text(source)
    assert active_markup(str(once)) == []
    assert sanitise(str(once)) == str(once)
    assert active_markup(sanitise(source)) == [] and sanitise(sanitise(source)) == sanitise(source)
